/**
 * Safe rendering: every string that comes from the service (answers, titles, passages, even
 * suggested questions) becomes a Text node, never markup. Markup is only built here, from
 * literal tag names, with {@link h}; nothing in the widget assigns innerHTML.
 *
 * @example
 * h('p', { class: 'q' }, 'Câu hỏi <b>không</b> thành thẻ'); // <p class="q">Câu hỏi &lt;b&gt;…</p>
 * renderAnswer(el, 'Tại Santiago [1].', citations, (n) => openSource(n));
 */
import type { Citation } from '../contract.js';
import { T } from './strings.js';

type Child = Node | string | null | undefined | false;

/** An element with attributes (set as attributes, so they are never parsed as HTML) and children (strings as Text). */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number | boolean | undefined> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}

/**
 * The answer text with its [n] markers turned into links to source n. Re-rendered whole on
 * every piece, so a marker split across two pieces ("[" then "1]") still becomes a link.
 */
export function renderAnswer(
  el: HTMLElement,
  text: string,
  citations: readonly Citation[],
  onCite: (n: number, event: Event) => void,
): void {
  const known = new Set(citations.map((c) => c.n));
  const nodes: Node[] = [];
  let last = 0;
  for (const m of text.matchAll(/\[(\d{1,2})\]/g)) {
    const n = Number(m[1]);
    if (!known.has(n)) continue;
    nodes.push(document.createTextNode(text.slice(last, m.index)));
    const link = h('a', { href: `#nguon-${n}`, class: 'cite', 'data-n': n, 'aria-label': T.citeLabel(n) }, `[${n}]`);
    link.addEventListener('click', (event) => {
      event.preventDefault();
      onCite(n, event);
    });
    nodes.push(link);
    last = m.index + m[0].length;
  }
  nodes.push(document.createTextNode(text.slice(last)));
  el.replaceChildren(...nodes);
}

/** The passage with its quoted sentence marked: the part of the passage the answer used. */
export function renderPassage(citation: Citation): Node[] {
  const { passage, start, quote } = citation;
  if (!quote) return [document.createTextNode(passage)];
  const from = Math.max(0, quote.start - start);
  const to = Math.min(passage.length, quote.end - start);
  if (to <= from) return [document.createTextNode(passage)];
  return [
    document.createTextNode(passage.slice(0, from)),
    h('mark', {}, passage.slice(from, to)),
    document.createTextNode(passage.slice(to)),
  ];
}

/** The quoted sentence, or the passage's start when there is none. */
export function quoteText(citation: Citation): string {
  const { passage, start, quote } = citation;
  return quote ? passage.slice(Math.max(0, quote.start - start), Math.max(0, quote.end - start)) : passage;
}

/**
 * A link to the cited passage in its article: the article URL with a text fragment of the
 * quote's first words (browsers that support it scroll there and highlight it). Only http(s)
 * URLs: a "javascript:" URL from a feed must never become a link.
 */
export function passageUrl(url: string, citation: Citation): string | undefined {
  if (!/^https?:\/\//i.test(url)) return undefined;
  const words = quoteText(citation).split(/\s+/).filter(Boolean).slice(0, 8).join(' ');
  const base = url.replace(/#.*$/, '');
  if (!words) return base;
  // In a text directive "-", "," and "&" have meanings; encodeURIComponent leaves "-" as is.
  return `${base}#:~:text=${encodeURIComponent(words).replace(/-/g, '%2D')}`;
}

/** "2024-11-16T11:00:00+07:00" → "16/11/2024": the date the article states, whatever the reader's zone. */
export function formatDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : '';
}
