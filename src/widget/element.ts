/**
 * <hoi-dap-thong-minh>: the "Hỏi đáp thông minh" box under an article. A custom element with an
 * open shadow root, no framework: the host page only adds it (or the script tag that adds it).
 *
 * Attributes: `api` (the service's origin; defaults to where widget.js came from),
 * `article-id` (questions prefer that article; suggestions for it are shown before the first
 * question and after "not found") and `search-url` (the site's search, `{q}` standing for the
 * question's words: offered after "not found"). Events: `hoidap:cite` (cancelable, detail = the citation) when a reader opens a
 * cited passage, so the host page can scroll to it instead of navigating.
 *
 * The newest question sits right under the input, older ones below it: the answer appears where
 * the reader is looking, and keyboard order runs input → send → answer → sources → feedback.
 * Older turns fold their sources, and only the newest few are shown until the reader asks for
 * the rest, so a long conversation does not push the page below it out of reach.
 *
 * @example
 * <hoi-dap-thong-minh api="https://hoidap.example.vn" article-id="bai-123"></hoi-dap-thong-minh>
 */
import { MAX_QUESTION_CHARS, type Citation } from '../contract.js';
import type { FeedbackReason } from '../contract.js';
import { ApiClient, readerMessage } from './api.js';
import { h, quoteText } from './render.js';
import { T } from './strings.js';
import { CSS } from './styles.js';
import { historyOf, ThreadStore, type TurnState } from './thread.js';
import { TurnView } from './turn-view.js';

export const TAG = 'hoi-dap-thong-minh';

/**
 * Turns shown before "Xem N câu hỏi trước": the newest and the two before it, the context a
 * follow-up question refers to. On a 360 px phone that is about two screens, whatever the
 * length of the conversation.
 */
const SHOWN_TURNS = 3;

export class HoiDapElement extends HTMLElement {
  static observedAttributes = ['api', 'article-id', 'search-url'];
  /** The api for elements without an `api` attribute: the script tag's data-api, or its origin. */
  static defaultApi = '';
  /** The search URL for elements without a `search-url` attribute: the script tag's data-search-url. */
  static defaultSearchUrl = '';

  private readonly root: ShadowRoot;
  private built = false;
  private turns: TurnState[] = [];
  private views = new Map<TurnState, TurnView>();
  private store?: ThreadStore;
  private busy = false;
  private controller?: AbortController;
  private loadedFor?: string;
  private seq = 0;
  /** The article's suggested questions, once loaded. */
  private suggestions: string[] = [];
  /** Whether the reader asked to see the turns older than {@link SHOWN_TURNS}. */
  private showAll = false;
  private readonly onResize = () => this.fitInput();

  private input!: HTMLTextAreaElement;
  private send!: HTMLButtonElement;
  private reset!: HTMLButtonElement;
  private intro!: HTMLParagraphElement;
  private suggest!: HTMLDivElement;
  private thread!: HTMLOListElement;
  private earlier!: HTMLButtonElement;
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

  get searchUrl(): string | undefined {
    return this.getAttribute('search-url')?.trim() || HoiDapElement.defaultSearchUrl || undefined;
  }

  private get client(): ApiClient {
    return new ApiClient(this.api);
  }

  connectedCallback(): void {
    if (!this.built) this.build();
    this.load();
    // A phone turned sideways rewraps the placeholder: the box follows.
    window.addEventListener('resize', this.onResize);
    this.fitInput();
  }

  disconnectedCallback(): void {
    this.controller?.abort();
    window.removeEventListener('resize', this.onResize);
  }

  attributeChangedCallback(name: string): void {
    if (!this.built || !this.isConnected) return;
    if (name === 'search-url') this.views.forEach((view) => view.refreshNext());
    else this.load();
  }

  /** Ask a question as if the reader typed it (also for host pages: `el.ask('…')`). */
  async ask(question: string): Promise<void> {
    const text = question.trim();
    if (!text || this.busy) return;
    if ([...text].length > MAX_QUESTION_CHARS) return;
    const history = historyOf(this.turns);
    const turn: TurnState = { question: text, text: '', status: 'streaming' };
    this.turns.push(turn);
    this.showAll = false;
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
          onShort: (short, confidence) => view.setShort(short, confidence),
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
      const message = readerMessage(error);
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
    this.earlier = h('button', { type: 'button', class: 'ghost earlier', hidden: true });
    this.status = h('p', { class: 'sr-only', role: 'status', 'aria-live': 'polite' });
    const panel = h(
      'section',
      { class: 'panel', 'aria-labelledby': 'hd-title' },
      h('div', { class: 'head' }, h('h2', { id: 'hd-title' }, T.title), this.reset),
      this.intro,
      form,
      this.suggest,
      this.thread,
      this.earlier,
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
    this.earlier.addEventListener('click', () => {
      const first = this.turns.at(-1 - SHOWN_TURNS);
      this.showAll = true;
      this.restack();
      // The button is gone; the first turn it revealed takes the focus (and the reader's eye).
      if (first) this.views.get(first)?.el.querySelector<HTMLElement>('.q')?.focus();
    });
    this.reset.addEventListener('click', () => {
      this.controller?.abort();
      this.turns = [];
      this.views.clear();
      this.thread.replaceChildren();
      this.save();
      this.chrome();
      this.restack();
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
    this.showAll = false;
    this.suggestions = [];
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
    this.suggestions = suggestions;
    // A refusal restored from the tab's storage offers them too, now that they are here.
    this.views.forEach((view) => view.refreshNext());
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
      ask: (question) => void this.ask(question),
      suggestions: () => this.suggestions.filter((s) => !this.turns.some((t) => t.question === s)),
      searchUrl: () => this.searchUrl,
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
    this.restack();
    return view;
  }

  /** Newest turn open, older ones folded; past {@link SHOWN_TURNS}, hidden behind one button. */
  private restack(): void {
    const last = this.turns.length - 1;
    this.turns.forEach((turn, i) => {
      const view = this.views.get(turn);
      if (!view) return;
      view.setLatest(i === last);
      view.el.hidden = !this.showAll && last - i >= SHOWN_TURNS;
    });
    const hidden = this.showAll ? 0 : Math.max(0, this.turns.length - SHOWN_TURNS);
    this.earlier.hidden = hidden === 0;
    this.earlier.textContent = T.earlier(hidden);
  }

  /**
   * Suggestions and the introduction only before the first question (the box still names it
   * to screen readers: aria-describedby reads hidden text); "new conversation" only once there is one.
   */
  private chrome(): void {
    const empty = this.turns.length === 0;
    this.suggest.hidden = !empty || this.suggest.childElementCount === 0;
    this.intro.hidden = !empty;
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

  /**
   * The box grows with what is typed, up to 160 px. Empty, it fits the placeholder, which
   * wraps to two lines on a phone: the browser does not count a placeholder in scrollHeight,
   * so it is measured as a value for a moment (no input event fires).
   */
  private fitInput(): void {
    const input = this.input;
    if (!input) return;
    const empty = input.value === '';
    if (empty) input.value = input.placeholder;
    input.style.height = 'auto';
    input.style.height = `${Math.min(input.scrollHeight + 2, 160)}px`;
    if (empty) input.value = '';
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
