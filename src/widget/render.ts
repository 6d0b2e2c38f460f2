/**
 * Safe rendering: every string that comes from the service (answers, titles, passages, even
 * suggested questions) becomes a Text node, never markup. Markup is only built here, from
 * literal tag names, with {@link h}; nothing in the widget assigns innerHTML.
 *
 * @example
 * h('p', { class: 'q' }, 'Câu hỏi <b>không</b> thành thẻ'); // <p class="q">Câu hỏi &lt;b&gt;…</p>
 * renderAnswer(el, 'Tại Santiago [1].', citations, (n) => openSource(n));
 */
import type { Citation, ShortAnswer } from '../contract.js';
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

/** A range of the answer text, in UTF-16 offsets: the short answer inside the quoted sentence. */
export interface Span {
  from: number;
  to: number;
}

/**
 * The answer text with its [n] markers turned into links to source n, and `mark` (the short
 * answer's place in it) highlighted. Re-rendered whole on every piece, so a marker split
 * across two pieces ("[" then "1]") still becomes a link, and the highlight grows as the
 * sentence arrives.
 */
export function renderAnswer(
  el: HTMLElement,
  text: string,
  citations: readonly Citation[],
  onCite: (n: number, event: Event) => void,
  mark?: Span,
): void {
  const known = new Set(citations.map((c) => c.n));
  const nodes: Node[] = [];
  let last = 0;
  for (const m of text.matchAll(/\[(\d{1,2})\]/g)) {
    const n = Number(m[1]);
    if (!known.has(n)) continue;
    nodes.push(...marked(text, last, m.index, mark));
    const link = h('a', { href: `#nguon-${n}`, class: 'cite', 'data-n': n, 'aria-label': T.citeLabel(n) }, `[${n}]`);
    link.addEventListener('click', (event) => {
      event.preventDefault();
      onCite(n, event);
    });
    nodes.push(link);
    last = m.index + m[0].length;
  }
  nodes.push(...marked(text, last, text.length, mark));
  el.replaceChildren(...nodes);
}

/** text.slice(from, to) as nodes, the part inside `mark` wrapped in <mark>. */
function marked(text: string, from: number, to: number, mark?: Span): Node[] {
  const a = mark ? Math.min(Math.max(mark.from, from), to) : to;
  const b = mark ? Math.min(Math.max(mark.to, from), to) : to;
  const nodes: Node[] = [document.createTextNode(text.slice(from, a))];
  if (b > a) nodes.push(h('mark', {}, text.slice(a, b)), document.createTextNode(text.slice(b, to)));
  return nodes;
}

/**
 * Where the short answer sits in the answer text. The answer quotes article text, so the
 * short answer's words are in it, but they may occur more than once ("Chile … Chile"): the
 * words before it in the passage (as many as the answer also quotes) pin the right one.
 */
export function shortSpanIn(answer: string, citations: readonly Citation[], short: ShortAnswer): Span | undefined {
  if (!short.text) return undefined;
  const citation = citations.find((c) => c.n === short.n);
  const at = citation ? short.start - citation.start : -1;
  if (citation && at >= 0 && citation.passage.slice(at, at + short.text.length) === short.text) {
    for (let before = Math.min(at, 60); before > 0; before = Math.floor(before / 2)) {
      const found = answer.indexOf(citation.passage.slice(at - before, at + short.text.length));
      if (found >= 0) return { from: found + before, to: found + before + short.text.length };
    }
  }
  const found = answer.indexOf(short.text);
  return found >= 0 ? { from: found, to: found + short.text.length } : undefined;
}

/**
 * The passage with its quoted sentence marked (the part of the passage the answer used) and
 * the short answer in bold: the reader finds the fact in its context.
 */
export function renderPassage(citation: Citation, short?: ShortAnswer | null): Node[] {
  const { passage, start, quote } = citation;
  const at = (offset: number) => Math.min(Math.max(offset - start, 0), passage.length);
  const q = quote && at(quote.end) > at(quote.start) ? { from: at(quote.start), to: at(quote.end) } : undefined;
  const s = short?.n === citation.n && at(short.end) > at(short.start) ? { from: at(short.start), to: at(short.end) } : undefined;
  // The passage in pieces between every boundary; a piece is bold inside the short answer.
  const cuts = [...new Set([0, passage.length, ...(q ? [q.from, q.to] : []), ...(s ? [s.from, s.to] : [])])].sort((x, y) => x - y);
  const out: Node[] = [];
  let quoted: HTMLElement | undefined;
  for (let i = 0; i + 1 < cuts.length; i++) {
    const from = cuts[i]!;
    const to = cuts[i + 1]!;
    const text = passage.slice(from, to);
    const node = s && from >= s.from && to <= s.to ? h('strong', {}, text) : document.createTextNode(text);
    if (q && from >= q.from && to <= q.to) {
      // One <mark> for the whole quote, even when the bold part splits it.
      if (!quoted) out.push((quoted = h('mark')));
      quoted.append(node);
    } else {
      out.push(node);
    }
  }
  return out;
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

/**
 * The site's search page for a question: `template` (the script tag's data-search-url) with
 * `{q}` replaced by the question's words, encoded. Resolved against the page, so a path such as
 * "/tim-kiem?q={q}" works; only http(s) results, so the attribute cannot become a script link.
 */
export function searchHref(template: string | undefined, question: string, base: string): string | undefined {
  if (!template?.includes('{q}') || !question.trim()) return undefined;
  try {
    const url = new URL(template.split('{q}').join(encodeURIComponent(question.trim())), base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}
