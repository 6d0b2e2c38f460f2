/**
 * One question and its answer in the panel: the question, the answer as it streams in (with
 * [n] links), the sources under it (expandable, each linking to the passage in its article),
 * and 👍/👎 feedback. It renders from, and writes back to, a {@link TurnState}, so a turn
 * restored from sessionStorage looks the same as one just answered.
 *
 * @example
 * const view = new TurnView(turn, context);
 * thread.prepend(view.el);
 * view.setText('Tại Thủ đô Santiago [1]'); view.finish(response);
 */
import type { AskResponse, Citation } from '../contract.js';
import type { FeedbackReason } from '../contract.js';
import { formatDate, h, passageUrl, renderAnswer, renderPassage } from './render.js';
import { REASON_TAGS, T } from './strings.js';
import type { TurnState } from './thread.js';

export interface TurnContext {
  /** Unique within the shadow root, for element ids. */
  id: string;
  /** The article the widget sits under, if any. */
  articleId?: string;
  /** Fires the cancelable "hoidap:cite" event on the host element; true when the page handled it. */
  cite(citation: Citation): boolean;
  sendFeedback(turn: TurnState, rating: 'up' | 'down', reasons: FeedbackReason[], note: string): Promise<void>;
  /** The turn changed in a way worth keeping (feedback sent). */
  changed(): void;
  /** Asks a failed question again. */
  retry(turn: TurnState): void;
}

const SVG = 'http://www.w3.org/2000/svg';
/** Material Icons "thumb_up" (Apache-2.0): an icon, so it looks the same without an emoji font. */
const THUMB =
  'M1 21h4V9H1v12zm22-11c0-1.1-.9-2-2-2h-6.31l.95-4.57.03-.32c0-.41-.17-.79-.44-1.06L14.17 1 7.59 7.59C7.22 7.95 7 8.45 7 9v10c0 1.1.9 2 2 2h9c.83 0 1.54-.5 1.84-1.22l3.02-7.05c.09-.23.14-.47.14-.73v-2z';

function thumb(down: boolean): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('width', '20');
  svg.setAttribute('height', '20');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('fill', 'currentColor');
  if (down) svg.setAttribute('transform', 'rotate(180)');
  const path = document.createElementNS(SVG, 'path');
  path.setAttribute('d', THUMB);
  svg.appendChild(path);
  return svg;
}

export class TurnView {
  readonly el: HTMLLIElement;
  private readonly meta: HTMLParagraphElement;
  private readonly thinking: HTMLParagraphElement;
  private readonly answer: HTMLDivElement;
  private readonly sources: HTMLDivElement;
  private readonly list: HTMLOListElement;
  private readonly feedback: HTMLDivElement;
  private citations: Citation[] = [];
  private readonly items = new Map<number, { li: HTMLLIElement; toggle: HTMLButtonElement; body: HTMLDivElement }>();

  constructor(
    private readonly turn: TurnState,
    private readonly ctx: TurnContext,
  ) {
    const id = ctx.id;
    this.meta = h('p', { class: 'meta', hidden: true });
    this.thinking = h('p', { class: 'thinking' }, T.thinking);
    // Live, and busy while streaming: screen readers read the answer once, when it is whole.
    this.answer = h('div', { class: 'answer', id: `${id}-a`, 'aria-live': 'polite', 'aria-busy': 'true' });
    this.list = h('ol', { 'aria-labelledby': `${id}-s` });
    this.sources = h('div', { class: 'sources', hidden: true }, h('p', { id: `${id}-s` }, T.sources), this.list);
    this.feedback = h('div', { class: 'feedback', hidden: true });
    this.el = h(
      'li',
      { class: 'turn', 'data-state': turn.status, 'aria-labelledby': `${id}-q` },
      h('p', { class: 'q', id: `${id}-q` }, h('span', { class: 'sr-only' }, `${T.youAsked} `), turn.question),
      this.meta,
      this.thinking,
      this.answer,
      this.sources,
      this.feedback,
    );
    if (turn.status === 'done' && turn.response) this.finish(turn.response);
    else if (turn.status === 'error') this.fail(turn.error ?? T.errorGeneric);
  }

  setMeta(meta: { understoodAs?: string; rewrittenAs?: string; scope?: 'article' | 'site' }): void {
    const parts: string[] = [];
    // Restored diacritics, or a follow-up rewritten as a standalone question: show what was answered.
    const understood = meta.rewrittenAs ?? meta.understoodAs;
    if (understood) parts.push(`${T.understoodAs} “${understood}”`);
    if (meta.scope === 'site' && this.ctx.articleId) parts.push(T.scopeSite);
    this.meta.textContent = parts.join(' ');
    this.meta.hidden = parts.length === 0;
  }

  setCitations(citations: Citation[]): void {
    this.citations = citations;
    this.items.clear();
    this.list.replaceChildren(...citations.map((c) => this.sourceItem(c)));
    this.sources.hidden = citations.length === 0;
    this.renderText(this.turn.text);
  }

  /** The answer so far; called with the whole text received, after every piece. */
  setText(text: string): void {
    this.thinking.remove();
    this.renderText(text);
  }

  finish(response: AskResponse): void {
    this.setMeta(response);
    this.setCitations(response.citations);
    this.setText(response.answer);
    this.answer.setAttribute('aria-busy', 'false');
    this.el.dataset.state = 'done';
    this.renderFeedback();
  }

  fail(message: string): void {
    this.thinking.remove();
    this.answer.setAttribute('aria-busy', 'false');
    const retry = h('button', { type: 'button', class: 'ghost' }, T.retry);
    retry.addEventListener('click', () => this.ctx.retry(this.turn));
    this.answer.replaceChildren(h('p', { class: 'error', role: 'alert' }, message), retry);
    this.el.dataset.state = 'error';
  }

  /** Expands source n, marks it, scrolls it into view and moves focus to it: "land on the cited passage". */
  openSource(n: number): void {
    const item = this.items.get(n);
    if (!item) return;
    this.expand(n, true);
    const root = this.el.getRootNode() as ShadowRoot | Document;
    root.querySelectorAll('.source.target').forEach((el) => el.classList.remove('target'));
    item.li.classList.add('target');
    const smooth = !window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
    // Its top at the top: on a phone an expanded source is taller than the screen.
    item.li.scrollIntoView({ block: 'start', behavior: smooth ? 'smooth' : 'auto' });
    item.toggle.focus({ preventScroll: true });
  }

  private renderText(text: string): void {
    renderAnswer(this.answer, text, this.citations, (n) => this.openSource(n));
  }

  private expand(n: number, open: boolean): void {
    const item = this.items.get(n);
    if (!item) return;
    item.toggle.setAttribute('aria-expanded', String(open));
    item.body.hidden = !open;
  }

  private sourceItem(c: Citation): HTMLLIElement {
    const id = `${this.ctx.id}-src-${c.n}`;
    const date = formatDate(c.publishedAt);
    const toggle = h(
      'button',
      { type: 'button', class: 'src-head', 'aria-expanded': 'false', 'aria-controls': `${id}-body` },
      h('span', { class: 'src-n' }, `[${c.n}]`),
      h('span', { class: 'src-main' }, h('span', { class: 'src-title' }, c.title), h('span', { class: 'src-date' }, date || T.noDate)),
      h('span', { class: 'src-chev', 'aria-hidden': 'true' }, '▾'),
    );
    const body = h(
      'div',
      { class: 'src-body', id: `${id}-body`, hidden: true },
      h('blockquote', {}, ...renderPassage(c)),
      this.passageLink(c),
    );
    const li = h('li', { class: 'source', id, 'data-n': c.n }, toggle, body);
    toggle.addEventListener('click', () => this.expand(c.n, toggle.getAttribute('aria-expanded') !== 'true'));
    this.items.set(c.n, { li, toggle, body });
    return li;
  }

  /** "Đọc đoạn này trong bài": the article at the quoted words; on its own page, the page may scroll there itself. */
  private passageLink(c: Citation): HTMLAnchorElement | null {
    const here = c.articleId === this.ctx.articleId;
    const href = passageUrl(c.url, c) ?? (here ? passageUrl(location.href, c) : undefined);
    if (!href) return null;
    const external = !here;
    const link = h(
      'a',
      { class: 'src-link', href, ...(external ? { target: '_blank', rel: 'noopener' } : {}) },
      `${T.readInArticle} ${external ? '↗' : '↓'}`,
      external ? h('span', { class: 'sr-only' }, ` ${T.opensNewTab}`) : null,
    );
    link.addEventListener('click', (event) => {
      if (this.ctx.cite(c)) event.preventDefault();
    });
    return link;
  }

  private renderFeedback(): void {
    const id = this.ctx.id;
    const up = h('button', { type: 'button', class: 'rate', 'aria-pressed': 'false', 'aria-label': T.up, title: T.up }, thumb(false));
    const down = h('button', { type: 'button', class: 'rate', 'aria-pressed': 'false', 'aria-label': T.down, title: T.down }, thumb(true));
    const status = h('p', { class: 'fb-status', role: 'status' });
    const boxes = (Object.keys(REASON_TAGS) as FeedbackReason[]).map((reason) =>
      h('input', { type: 'checkbox', name: 'reason', value: reason }),
    );
    const note = h('textarea', { id: `${id}-note`, maxlength: 1000, rows: 2 });
    const form = h(
      'form',
      { class: 'fb-form', hidden: true },
      h(
        'fieldset',
        {},
        h('legend', {}, T.whyDown),
        h(
          'div',
          { class: 'tags' },
          ...boxes.map((box) => h('label', { class: 'tag' }, box, h('span', {}, REASON_TAGS[box.value as FeedbackReason]))),
        ),
      ),
      h('label', { class: 'note', for: `${id}-note` }, T.note),
      note,
      h('button', { type: 'submit', class: 'primary' }, T.sendFeedback),
    );
    this.feedback.replaceChildren(h('span', { id: `${id}-fbq` }, T.helpful), up, down, form, status);
    this.feedback.setAttribute('role', 'group');
    this.feedback.setAttribute('aria-labelledby', `${id}-fbq`);
    this.feedback.hidden = false;

    const done = (rating: 'up' | 'down') => {
      up.setAttribute('aria-pressed', String(rating === 'up'));
      down.setAttribute('aria-pressed', String(rating === 'down'));
      // aria-disabled, not disabled: a disabled button drops the keyboard focus to the page.
      up.setAttribute('aria-disabled', 'true');
      down.setAttribute('aria-disabled', 'true');
      form.hidden = true;
      status.textContent = rating === 'up' ? T.thanksUp : T.thanksDown;
    };
    const send = async (rating: 'up' | 'down', reasons: FeedbackReason[], text: string) => {
      status.textContent = '';
      try {
        await this.ctx.sendFeedback(this.turn, rating, reasons, text);
        this.turn.feedback = { rating, reasons, sent: true };
        this.ctx.changed();
        done(rating);
      } catch {
        status.textContent = T.feedbackFailed;
      }
    };
    if (this.turn.feedback?.sent) done(this.turn.feedback.rating);

    const sent = () => this.turn.feedback?.sent === true;
    up.addEventListener('click', () => {
      if (sent()) return;
      form.hidden = true;
      down.setAttribute('aria-pressed', 'false');
      up.setAttribute('aria-pressed', 'true');
      void send('up', [], '');
    });
    down.addEventListener('click', () => {
      if (sent()) return;
      up.setAttribute('aria-pressed', 'false');
      down.setAttribute('aria-pressed', 'true');
      form.hidden = false;
      boxes[0]?.focus();
    });
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const reasons = boxes.filter((b) => b.checked).map((b) => b.value as FeedbackReason);
      void send('down', reasons, note.value.trim());
    });
  }
}
