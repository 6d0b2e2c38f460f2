/**
 * <hoi-dap-thong-minh>: the "Hỏi đáp thông minh" box under an article. A custom element with an
 * open shadow root, no framework: the host page only adds it (or the script tag that adds it).
 *
 * Attributes: `api` (the service's origin; defaults to where widget.js came from) and
 * `article-id` (questions prefer that article; suggestions for it are shown before the first
 * question). Events: `hoidap:cite` (cancelable, detail = the citation) when a reader opens a
 * cited passage, so the host page can scroll to it instead of navigating.
 *
 * The newest question sits right under the input, older ones below it: the answer appears where
 * the reader is looking, and keyboard order runs input → send → answer → sources → feedback.
 *
 * @example
 * <hoi-dap-thong-minh api="https://hoidap.example.vn" article-id="bai-123"></hoi-dap-thong-minh>
 */
import { MAX_QUESTION_CHARS, type Citation } from '../contract.js';
import type { FeedbackReason } from '../contract.js';
import { ApiClient, ApiError } from './api.js';
import { h, quoteText } from './render.js';
import { T } from './strings.js';
import { CSS } from './styles.js';
import { historyOf, ThreadStore, type TurnState } from './thread.js';
import { TurnView } from './turn-view.js';

export const TAG = 'hoi-dap-thong-minh';

export class HoiDapElement extends HTMLElement {
  static observedAttributes = ['api', 'article-id'];
  /** The api for elements without an `api` attribute: the script tag's data-api, or its origin. */
  static defaultApi = '';

  private readonly root: ShadowRoot;
  private built = false;
  private turns: TurnState[] = [];
  private views = new Map<TurnState, TurnView>();
  private store?: ThreadStore;
  private busy = false;
  private controller?: AbortController;
  private loadedFor?: string;
  private seq = 0;

  private input!: HTMLTextAreaElement;
  private send!: HTMLButtonElement;
  private reset!: HTMLButtonElement;
  private intro!: HTMLParagraphElement;
  private suggest!: HTMLDivElement;
  private thread!: HTMLOListElement;
  private status!: HTMLParagraphElement;

  constructor() {
    super();
    this.root = this.attachShadow({ mode: 'open' });
  }

  get api(): string {
    return (this.getAttribute('api')?.trim() || HoiDapElement.defaultApi || location.origin).replace(/\/+$/, '');
  }

  get articleId(): string | undefined {
    return this.getAttribute('article-id')?.trim() || undefined;
  }

  private get client(): ApiClient {
    return new ApiClient(this.api);
  }

  connectedCallback(): void {
    if (!this.built) this.build();
    this.load();
  }

  disconnectedCallback(): void {
    this.controller?.abort();
  }

  attributeChangedCallback(): void {
    if (this.built && this.isConnected) this.load();
  }

  /** Ask a question as if the reader typed it (also for host pages: `el.ask('…')`). */
  async ask(question: string): Promise<void> {
    const text = question.trim();
    if (!text || this.busy) return;
    if ([...text].length > MAX_QUESTION_CHARS) return;
    const history = historyOf(this.turns);
    const turn: TurnState = { question: text, text: '', status: 'streaming' };
    this.turns.push(turn);
    const view = this.addView(turn);
    this.input.value = '';
    this.fitInput();
    this.setBusy(true);
    this.announce(T.thinking);
    const articleId = this.articleId;
    const controller = new AbortController();
    this.controller = controller;
    try {
      const response = await this.client.askStream(
        { question: text, ...(articleId ? { articleId } : {}), ...(history.length ? { history } : {}) },
        {
          onMeta: (meta) => view.setMeta(meta),
          onCitations: (citations) => view.setCitations(citations),
          onText: (piece) => {
            turn.text += piece;
            view.setText(turn.text);
          },
        },
        controller.signal,
      );
      Object.assign(turn, { status: 'done', response, text: response.answer });
      view.finish(response);
      this.announce(T.answered);
    } catch (error) {
      if (controller.signal.aborted) return;
      const message = messageOf(error);
      Object.assign(turn, { status: 'error', error: message });
      view.fail(message);
      this.announce(message);
    } finally {
      if (this.controller === controller) this.controller = undefined;
      this.setBusy(false);
      this.save();
    }
  }

  private build(): void {
    this.built = true;
    const style = h('style');
    style.textContent = CSS;
    this.input = h('textarea', {
      id: 'hd-q',
      rows: 1,
      maxlength: MAX_QUESTION_CHARS,
      placeholder: T.placeholder,
      enterkeyhint: 'send',
      autocomplete: 'off',
      'aria-describedby': 'hd-intro',
    });
    this.send = h('button', { type: 'submit', class: 'primary', 'aria-label': T.sendLabel }, T.send);
    const form = h('form', { class: 'ask' }, h('label', { for: 'hd-q', class: 'sr-only' }, T.questionLabel), this.input, this.send);
    this.reset = h('button', { type: 'button', class: 'ghost', hidden: true }, T.newThread);
    this.intro = h('p', { class: 'intro', id: 'hd-intro' });
    this.suggest = h('div', { class: 'suggest', hidden: true });
    this.thread = h('ol', { class: 'thread', 'aria-label': 'Câu hỏi và trả lời' });
    this.status = h('p', { class: 'sr-only', role: 'status', 'aria-live': 'polite' });
    const panel = h(
      'section',
      { class: 'panel', 'aria-labelledby': 'hd-title' },
      h('div', { class: 'head' }, h('h2', { id: 'hd-title' }, T.title), this.reset),
      this.intro,
      form,
      this.suggest,
      this.thread,
      this.status,
    );
    this.root.append(style, panel);

    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.ask(this.input.value);
    });
    this.input.addEventListener('keydown', (event) => {
      // Enter sends, Shift+Enter is a new line; an IME composing a Vietnamese letter (Telex, VNI) owns Enter.
      if (event.key !== 'Enter' || event.shiftKey || event.isComposing || event.keyCode === 229) return;
      event.preventDefault();
      void this.ask(this.input.value);
    });
    this.input.addEventListener('input', () => this.fitInput());
    this.reset.addEventListener('click', () => {
      this.controller?.abort();
      this.turns = [];
      this.views.clear();
      this.thread.replaceChildren();
      this.save();
      this.chrome();
      this.input.focus();
    });
  }

  /** (Re)load the thread and suggestions for the current api and article. */
  private load(): void {
    const key = `hoidap:v1:${this.api}|${this.articleId ?? ''}|${location.pathname}`;
    if (this.loadedFor === key) return;
    this.loadedFor = key;
    this.controller?.abort();
    this.intro.textContent = this.articleId ? T.intro : T.introSite;
    this.store = new ThreadStore(key);
    this.turns = this.store.load();
    this.views.clear();
    this.thread.replaceChildren();
    for (const turn of this.turns) this.addView(turn);
    this.chrome();
    void this.loadSuggestions();
  }

  private async loadSuggestions(): Promise<void> {
    const id = this.articleId;
    this.suggest.replaceChildren();
    if (!id) return this.chrome();
    let suggestions: string[] = [];
    try {
      suggestions = (await this.client.article(id)).suggestions.filter((s) => typeof s === 'string' && s.trim());
    } catch {
      // No suggestions is a quieter failure than an error box before the reader asked anything.
    }
    if (id !== this.articleId || suggestions.length === 0) return this.chrome();
    const list = h('ul', { 'aria-labelledby': 'hd-sg' });
    for (const question of suggestions.slice(0, 4)) {
      const button = h('button', { type: 'button' }, question);
      button.addEventListener('click', () => void this.ask(question));
      list.append(h('li', {}, button));
    }
    this.suggest.replaceChildren(h('p', { id: 'hd-sg' }, T.suggestions), list);
    this.chrome();
  }

  private addView(turn: TurnState): TurnView {
    const view = new TurnView(turn, {
      id: `hd-t${++this.seq}`,
      ...(this.articleId ? { articleId: this.articleId } : {}),
      cite: (citation) => this.cite(citation),
      sendFeedback: (t, rating, reasons, note) => this.sendFeedback(t, rating, reasons, note),
      changed: () => this.save(),
      retry: (failed) => {
        if (this.busy) return;
        this.turns = this.turns.filter((t) => t !== failed);
        this.views.get(failed)?.el.remove();
        this.views.delete(failed);
        void this.ask(failed.question);
      },
    });
    this.views.set(turn, view);
    this.thread.prepend(view.el);
    this.chrome();
    return view;
  }

  /** Suggestions only before the first question; "new conversation" only once there is one. */
  private chrome(): void {
    const empty = this.turns.length === 0;
    this.suggest.hidden = !empty || this.suggest.childElementCount === 0;
    this.reset.hidden = empty;
  }

  private setBusy(busy: boolean): void {
    this.busy = busy;
    this.send.disabled = busy;
    this.thread.setAttribute('aria-busy', String(busy));
  }

  private announce(message: string): void {
    this.status.textContent = message;
  }

  private fitInput(): void {
    this.input.style.height = 'auto';
    this.input.style.height = `${Math.min(this.input.scrollHeight + 2, 160)}px`;
  }

  private save(): void {
    this.store?.save(this.turns);
  }

  /** Lets the host page show a cited passage itself; true when it did (the event was cancelled). */
  private cite(citation: Citation): boolean {
    const event = new CustomEvent('hoidap:cite', {
      bubbles: true,
      composed: true,
      cancelable: true,
      detail: { ...citation, quoteText: quoteText(citation) },
    });
    return !this.dispatchEvent(event);
  }

  private sendFeedback(turn: TurnState, rating: 'up' | 'down', reasons: FeedbackReason[], note: string): Promise<void> {
    const response = turn.response;
    return this.client.feedback({
      rating,
      reasons,
      ...(note ? { note } : {}),
      question: turn.question,
      answer: response?.answer ?? turn.text,
      citations: (response?.citations ?? []).map((c) => ({
        n: c.n,
        articleId: c.articleId,
        title: c.title,
        url: c.url,
        start: c.start,
        end: c.end,
        quote: quoteText(c).slice(0, 2000),
      })),
      ...(this.articleId ? { articleId: this.articleId } : {}),
      ...(response?.scope ? { scope: response.scope } : {}),
      ...(response?.answerer ? { answerer: response.answerer } : {}),
      page: `${location.origin}${location.pathname}`.slice(0, 2000),
    });
  }
}

/** What to show for a failure: the server's Vietnamese message when it sent one. */
function messageOf(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.message) return error.message;
    return error.code === 'interrupted' ? T.errorInterrupted : T.errorGeneric;
  }
  // fetch rejects with a TypeError when the network or CORS fails.
  return error instanceof TypeError ? T.errorNetwork : T.errorGeneric;
}
