/**
 * One question and its answer in the panel: the question; the short answer first, large (the
 * fact: "10/11", "Lima"), as soon as it is known; the quoted sentence as it streams in, with the
 * short answer marked in it and [n] links; the sources under it (expandable, each linking to the
 * passage in its article); and 👍/👎 feedback. A refusal ("not found") gets ways forward instead:
 * the article's suggested questions, the site's search, and one "the article does say it" report.
 * It renders from, and writes back to, a {@link TurnState}, so a turn restored from
 * sessionStorage looks the same as one just answered.
 *
 * @example
 * const view = new TurnView(turn, context);
 * thread.prepend(view.el);
 * view.setShort({ text: 'Thủ đô Santiago de Chile', n: 1, start: 120, end: 144 }, 0.85);
 * view.setText('Tại Thủ đô Santiago de Chile [1]'); view.finish(response);
 */
import type { AskResponse, Citation, ShortAnswer } from '../contract.js';
import type { FeedbackReason } from '../contract.js';
import { formatDate, h, passageUrl, renderAnswer, renderPassage, searchHref, shortSpanIn } from './render.js';
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
  /** Asks another question (a suggestion offered after "not found"). */
  ask(question: string): void;
  /** The article's suggested questions not asked yet in this thread (empty until they load). */
  suggestions(): string[];
  /** The site's search URL template, `{q}` for the words (the script tag's data-search-url). */
  searchUrl(): string | undefined;
}

/**
 * Below this confidence an answer says it is unsure. The service already refuses below its
 * threshold (about 0.31 site-wide, half that under an article: src/qa.ts), so what is shown
 * between there and 0.5 is an answer its own reader model rates no better than even odds:
 * the reader should check the source before trusting the fact.
 */
export const LOW_CONFIDENCE = 0.5;

/**
 * A short answer longer than this (a clause rather than a name, number or date) is set smaller:
 * as large as "Lima", a whole clause would read as a headline and push the sentence down.
 */
const LONG_SHORT_ANSWER = 40;

/** Suggested questions offered after a refusal: a way forward, not a second list to read through. */
const NEXT_SUGGESTIONS = 3;

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
  private readonly reply: HTMLDivElement;
  private readonly short: HTMLParagraphElement;
  private readonly unsure: HTMLParagraphElement;
  private readonly answer: HTMLDivElement;
  private readonly sources: HTMLDivElement;
  private readonly sourcesToggle: HTMLButtonElement;
  private readonly list: HTMLOListElement;
  private readonly next: HTMLDivElement;
  private readonly feedback: HTMLDivElement;
  private citations: Citation[] = [];
  private shortAnswer?: ShortAnswer;
  private latest?: boolean;
  private readonly items = new Map<
    number,
    { li: HTMLLIElement; toggle: HTMLButtonElement; body: HTMLDivElement; quote: HTMLQuoteElement; citation: Citation }
  >();

  constructor(
    private readonly turn: TurnState,
    private readonly ctx: TurnContext,
  ) {
    const id = ctx.id;
    this.meta = h('p', { class: 'meta', hidden: true });
    this.thinking = h('p', { class: 'thinking' }, T.thinking);
    this.short = h('p', { class: 'short', hidden: true });
    this.unsure = h('p', { class: 'unsure', hidden: true }, T.unsure);
    this.answer = h('div', { class: 'answer', id: `${id}-a` });
    // Live, and busy while streaming: screen readers read the reply once, when it is whole.
    this.reply = h('div', { class: 'reply', 'aria-live': 'polite', 'aria-busy': 'true' }, this.short, this.unsure, this.answer);
    this.list = h('ol', { id: `${id}-sl`, 'aria-labelledby': `${id}-s` });
    this.sourcesToggle = h('button', {
      type: 'button',
      class: 'src-toggle',
      id: `${id}-s`,
      'aria-expanded': 'true',
      'aria-controls': `${id}-sl`,
    });
    this.sources = h('div', { class: 'sources', hidden: true }, this.sourcesToggle, this.list);
    this.sourcesToggle.addEventListener('click', () => this.showSources(this.list.hidden));
    this.next = h('div', { class: 'next', hidden: true });
    this.feedback = h('div', { class: 'feedback', hidden: true });
    this.el = h(
      'li',
      { class: 'turn', 'data-state': turn.status, 'aria-labelledby': `${id}-q` },
      h('p', { class: 'q', id: `${id}-q`, tabindex: -1 }, h('span', { class: 'sr-only' }, `${T.youAsked} `), turn.question),
      this.meta,
      this.thinking,
      this.reply,
      this.sources,
      this.next,
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
    this.sourcesToggle.replaceChildren(
      h('span', {}, T.sourcesCount(citations.length)),
      h('span', { class: 'src-chev', 'aria-hidden': 'true' }, '▾'),
    );
    this.sources.hidden = citations.length === 0;
    this.renderText(this.turn.text);
  }

  /** The fact, shown first and large as soon as it is known; unsure when confidence is low. */
  setShort(short: ShortAnswer | null | undefined, confidence?: number): void {
    this.shortAnswer = short ?? undefined;
    const low = confidence !== undefined && confidence < LOW_CONFIDENCE;
    this.short.textContent = short?.text ?? '';
    this.short.hidden = !short?.text;
    this.short.classList.toggle('low', low);
    this.short.classList.toggle('long', [...(short?.text ?? '')].length > LONG_SHORT_ANSWER);
    this.unsure.hidden = !low;
    this.answer.classList.toggle('quoted', !this.short.hidden);
    if (short) this.thinking.remove();
    for (const item of this.items.values()) item.quote.replaceChildren(...renderPassage(item.citation, this.shortAnswer));
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
    // An answerer that sends no `short` event (the LLM one) may still have one in `done`.
    this.setShort(response.found ? response.shortAnswer : null, response.found ? response.confidence : undefined);
    this.setText(response.answer);
    this.reply.setAttribute('aria-busy', 'false');
    this.el.dataset.state = 'done';
    if (response.found) {
      this.renderFeedback();
    } else {
      this.el.dataset.found = 'false';
      this.renderNext();
      this.renderMissed();
    }
  }

  fail(message: string): void {
    this.thinking.remove();
    this.reply.setAttribute('aria-busy', 'false');
    const retry = h('button', { type: 'button', class: 'ghost' }, T.retry);
    retry.addEventListener('click', () => this.ctx.retry(this.turn));
    this.short.hidden = true;
    this.unsure.hidden = true;
    this.answer.replaceChildren(h('p', { class: 'error', role: 'alert' }, message), retry);
    this.el.dataset.state = 'error';
  }

  /**
   * The newest turn keeps its sources open; older ones fold them to one line ("3 nguồn"), so a
   * long thread stays short on a phone. Only a change folds or opens: a source the reader
   * opened in an older turn stays open while it stays older.
   */
  setLatest(latest: boolean): void {
    if (this.latest === latest) return;
    this.latest = latest;
    this.el.classList.toggle('old', !latest);
    this.showSources(latest);
  }

  /** Refreshes what a refusal offers, once the article's suggestions have loaded. */
  refreshNext(): void {
    if (this.el.dataset.found === 'false') this.renderNext();
  }

  /**
   * Expands source n, marks it, scrolls its quoted sentence into view and moves focus to it:
   * "land on the cited passage". On a phone the title and the sentence may not fit one screen;
   * the sentence is what the reader asked to see.
   */
  openSource(n: number): void {
    const item = this.items.get(n);
    if (!item) return;
    this.showSources(true);
    this.expand(n, true);
    const root = this.el.getRootNode() as ShadowRoot | Document;
    root.querySelectorAll('.source.target').forEach((el) => el.classList.remove('target'));
    item.li.classList.add('target');
    const behavior = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth';
    const mark = item.quote.querySelector('mark');
    const top = item.li.getBoundingClientRect().top;
    // Title and sentence together when they fit (32 px: the scroll margins above and below).
    if (!mark || mark.getBoundingClientRect().bottom - top + 32 <= window.innerHeight) {
      item.li.scrollIntoView({ block: 'start', behavior });
    } else {
      mark.scrollIntoView({ block: 'center', behavior });
    }
    item.toggle.focus({ preventScroll: true });
  }

  private renderText(text: string): void {
    const mark = this.shortAnswer ? shortSpanIn(text, this.citations, this.shortAnswer) : undefined;
    renderAnswer(this.answer, text, this.citations, (n) => this.openSource(n), mark);
  }

  private showSources(open: boolean): void {
    this.sourcesToggle.setAttribute('aria-expanded', String(open));
    this.list.hidden = !open;
  }

  private expand(n: number, open: boolean): void {
    const item = this.items.get(n);
    if (!item) return;
    item.toggle.setAttribute('aria-expanded', String(open));
    item.body.hidden = !open;
  }

  private sourceItem(c: Citation): HTMLLIElement {
    const id = `${this.ctx.id}-src-${c.n}`;
    // What is unknown is left out: "Không rõ ngày đăng" tells the reader nothing they can use.
    const date = formatDate(c.publishedAt);
    const toggle = h(
      'button',
      { type: 'button', class: 'src-head', 'aria-expanded': 'false', 'aria-controls': `${id}-body` },
      h('span', { class: 'src-n' }, `[${c.n}]`),
      h('span', { class: 'src-main' }, h('span', { class: 'src-title' }, c.title), date ? h('span', { class: 'src-date' }, date) : null),
      h('span', { class: 'src-chev', 'aria-hidden': 'true' }, '▾'),
    );
    const quote = h('blockquote', {}, ...renderPassage(c, this.shortAnswer));
    const body = h('div', { class: 'src-body', id: `${id}-body`, hidden: true }, quote, this.passageLink(c));
    const li = h('li', { class: 'source', id, 'data-n': c.n }, toggle, body);
    toggle.addEventListener('click', () => this.expand(c.n, toggle.getAttribute('aria-expanded') !== 'true'));
    this.items.set(c.n, { li, toggle, body, quote, citation: c });
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
    const boxes = (Object.keys(REASON_TAGS) as (keyof typeof REASON_TAGS)[]).map((reason) =>
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
          ...boxes.map((box) => h('label', { class: 'tag' }, box, h('span', {}, REASON_TAGS[box.value as keyof typeof REASON_TAGS]))),
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

  /**
   * After "not found", ways forward: the article's own suggested questions (they are answered
   * from it), and the site's search for the question's words when the site gave its search URL.
   */
  private renderNext(): void {
    const asked = this.turn.question.trim().toLowerCase();
    const suggestions = this.ctx
      .suggestions()
      .filter((q) => q.trim().toLowerCase() !== asked)
      .slice(0, NEXT_SUGGESTIONS);
    const href = searchHref(this.ctx.searchUrl(), this.turn.question, location.href);
    const parts: Node[] = [];
    if (suggestions.length) {
      const label = `${this.ctx.id}-next`;
      const list = h('ul', { 'aria-labelledby': label });
      for (const question of suggestions) {
        const button = h('button', { type: 'button' }, question);
        button.addEventListener('click', () => this.ctx.ask(question));
        list.append(h('li', {}, button));
      }
      parts.push(h('p', { id: label }, T.tryAsking), list);
    }
    // The site's own search: it opens in the tab, as the site's links do (the thread is kept for the tab).
    if (href) parts.push(h('a', { class: 'search', href }, T.searchSite(this.turn.question)));
    this.next.replaceChildren(...parts);
    this.next.hidden = parts.length === 0;
  }

  /**
   * A refusal is not rated 👍/👎: "helpful" means nothing for "not found", and 👎's reasons are
   * about a wrong answer. The one thing only the reader knows is that the article does say it:
   * that is a missed answer, recorded as 👎 "missed_answer" with the question.
   */
  private renderMissed(): void {
    const id = this.ctx.id;
    const question = h('span', { id: `${id}-fbq` }, this.ctx.articleId ? T.missedArticle : T.missedSite);
    const button = h('button', { type: 'button', class: 'ghost missed' }, T.reportMissed);
    const status = h('p', { class: 'fb-status', role: 'status' });
    this.feedback.replaceChildren(question, button, status);
    this.feedback.setAttribute('role', 'group');
    this.feedback.setAttribute('aria-labelledby', `${id}-fbq`);
    this.feedback.hidden = false;
    const done = () => {
      question.hidden = true;
      button.hidden = true;
      status.textContent = T.thanksMissed;
    };
    if (this.turn.feedback?.sent) done();
    const report = async () => {
      if (this.turn.feedback?.sent) return;
      status.textContent = '';
      try {
        await this.ctx.sendFeedback(this.turn, 'down', ['missed_answer'], '');
        this.turn.feedback = { rating: 'down', reasons: ['missed_answer'], sent: true };
        this.ctx.changed();
        done();
        // The button is gone: the thanks takes the focus, so a keyboard reader is not dropped to the page.
        status.setAttribute('tabindex', '-1');
        status.focus();
      } catch {
        status.textContent = T.feedbackFailed;
      }
    };
    button.addEventListener('click', () => void report());
  }
}
