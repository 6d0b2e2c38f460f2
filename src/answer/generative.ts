/**
 * The generative answerer: a language model writes the answer from the retrieved passages,
 * and the server keeps the extractive answerer's guarantees around it.
 *
 * - The model sees the top passages numbered [1]..[n] (src/answer/prompt.ts) and must cite them.
 * - Markers naming no passage are removed — while streaming too, so an invented [9] never
 *   reaches the reader; sentences left without a marker are flagged (`uncitedSentences`).
 * - Citation objects are built from the index records of the passages (`citationOf`), never
 *   from model text: a model can choose which passages it cites, not what a citation says.
 * - When the model fails, times out, or returns nothing usable (empty, or no valid citation at
 *   all), the extractive answer is given instead, with `answerer: "extractive-fallback"`.
 *
 * Numbering: markers keep the numbers the passages had in the prompt, in the streamed text and
 * in the final answer alike. The streamed `citations` event lists every passage the model was
 * shown (the sources the reader sees while the text arrives); the final answer lists only the
 * passages its markers cite, with those same numbers — so "[3]" means the same passage
 * everywhere, and numbers may have gaps ([1], [3]). Look citations up by `n`, not by position.
 *
 * When the model fails after text was already streamed, the final (`done`) response carries the
 * extractive fallback: clients show the final response's answer in place of the streamed text.
 *
 * @example
 * import { ChatOpenAI } from '@langchain/openai';
 * const answerer = new GenerativeAnswerer({
 *   model: new ChatOpenAI({ model: 'qwen2.5:7b-instruct', apiKey: 'not-needed', configuration: { baseURL: 'http://localhost:11434/v1' } }),
 * });
 * const qa = new QaService({ retriever, answerer });
 */
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { HumanMessage, SystemMessage, type BaseMessage } from '@langchain/core/messages';
import { foldDiacritics } from '../text/normalize.js';
import { ExtractiveAnswerer, type AnswerChunk, type AnswerInput, type Answerer, type AnswerResult } from './answerer.js';
import { checkCitations, citedNumbers, MarkerStream } from './citations.js';
import { citationOf, NOT_FOUND_ANSWER } from './extractive.js';
import { answerMessages, PROMPT_VERSION, type PromptPassage } from './prompt.js';
import type { Citation } from '../contract.js';

export interface GenerativeOptions {
  /** Any @langchain/core chat model: ChatOpenAI (OpenAI-compatible servers), ChatAnthropic, ChatOllama… */
  model: BaseChatModel;
  /** The whole answer must arrive within this time, or the extractive answer is given. */
  timeoutMs?: number;
  /** Top passages shown to the model (and citable by it). */
  maxPassages?: number;
  /** What answers when the model cannot; the default extractive answerer when not given. */
  fallback?: ExtractiveAnswerer;
  /** Told when and why the fallback answered (for the server log). */
  onFallback?: (reason: FallbackReason, error?: unknown) => void;
}

export type FallbackReason = 'timeout' | 'error' | 'empty' | 'uncited';

const DEFAULT_GENERATIVE_TIMEOUT_MS = 8_000;
const DEFAULT_MAX_PASSAGES = 5;

/** How a refusal starts, folded: the prompt asks for "Chưa tìm thấy thông tin…", models add "Xin lỗi". */
const REFUSAL_OPENINGS = ['chua tim thay thong tin', 'khong tim thay thong tin'].flatMap((o) => [o, `xin loi, ${o}`, `xin loi ${o}`]);

type Judged = { ok: true; result: AnswerResult } | { ok: false; reason: FallbackReason };

export class GenerativeAnswerer implements Answerer {
  readonly name = 'llm';
  /** Which wording of the prompt this answerer sends (src/answer/prompt.ts), for logs and eval notes. */
  readonly promptVersion = PROMPT_VERSION;
  private readonly model: BaseChatModel;
  private readonly timeoutMs: number;
  private readonly maxPassages: number;
  private readonly fallback: ExtractiveAnswerer;
  private readonly onFallback: GenerativeOptions['onFallback'];

  constructor(options: GenerativeOptions) {
    this.model = options.model;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_GENERATIVE_TIMEOUT_MS;
    this.maxPassages = options.maxPassages ?? DEFAULT_MAX_PASSAGES;
    this.fallback = options.fallback ?? new ExtractiveAnswerer();
    this.onFallback = options.onFallback;
  }

  async answer(input: AnswerInput): Promise<AnswerResult> {
    const { candidates, messages } = this.prepare(input);
    if (candidates.length === 0) return this.nothingRetrieved();
    const { signal, timeout } = this.signals(input);
    try {
      const reply = await this.model.invoke(messages, { signal });
      const judged = judge(reply.text, candidates);
      return judged.ok ? judged.result : this.fallBack(input, judged.reason);
    } catch (error) {
      // A reader who left needs no answer at all.
      if (input.signal?.aborted) throw error;
      return this.fallBack(input, timeout.aborted ? 'timeout' : 'error', error);
    }
  }

  async *stream(input: AnswerInput): AsyncGenerator<AnswerChunk, AnswerResult> {
    const { candidates, messages } = this.prepare(input);
    if (candidates.length === 0) {
      const result = this.nothingRetrieved();
      yield { type: 'citations', citations: [] };
      yield { type: 'text', text: result.answer };
      return result;
    }
    const { signal, timeout } = this.signals(input);
    const valid = new Set(candidates.map((c) => c.n));
    const view = new StreamView(candidates);
    const markers = new MarkerStream((n) => view.mode !== 'refusal' && valid.has(n));
    let raw = '';
    let fed = 0;
    let failure: { reason: FallbackReason; error: unknown } | undefined;
    try {
      const stream = await this.model.stream(messages, { signal });
      for await (const chunk of stream) {
        raw += chunk.text;
        const visible = visibleText(raw);
        if (visible === undefined) continue;
        const piece = visible.slice(fed);
        fed = visible.length;
        yield* view.take(markers.push(piece));
      }
      yield* view.take(markers.flush(), true);
    } catch (error) {
      if (input.signal?.aborted) throw error;
      failure = { reason: timeout.aborted ? 'timeout' : 'error', error };
    }
    const judged: Judged = failure ? { ok: false, reason: failure.reason } : judge(raw, candidates);
    if (judged.ok) return judged.result;
    // Nothing shown yet: the reader gets the extractive answer streamed as if it were the only one.
    if (!view.started) {
      this.onFallback?.(judged.reason, failure?.error);
      const result = yield* this.fallback.stream(input);
      return { ...result, answerer: 'extractive-fallback' };
    }
    return this.fallBack(input, judged.reason, failure?.error);
  }

  private prepare(input: AnswerInput): { candidates: Citation[]; messages: BaseMessage[] } {
    const hits = input.hits.slice(0, this.maxPassages);
    const passages: PromptPassage[] = hits.map((hit, i) => ({
      n: i + 1,
      title: hit.article.title,
      publishedAt: hit.article.publishedAt,
      text: hit.chunk.text,
    }));
    const messages = answerMessages(input.question.text, passages).map((m) =>
      m.role === 'system' ? new SystemMessage(m.content) : new HumanMessage(m.content),
    );
    return { candidates: hits.map((hit, i) => citationOf(hit, i + 1)), messages };
  }

  /** The answerer's own deadline, joined with the reader's (who may leave first). */
  private signals(input: AnswerInput): { signal: AbortSignal; timeout: AbortSignal } {
    const timeout = AbortSignal.timeout(this.timeoutMs);
    return { timeout, signal: input.signal ? AbortSignal.any([input.signal, timeout]) : timeout };
  }

  private async fallBack(input: AnswerInput, reason: FallbackReason, error?: unknown): Promise<AnswerResult> {
    this.onFallback?.(reason, error);
    return { ...(await this.fallback.answer(input)), answerer: 'extractive-fallback' };
  }

  /** Nothing retrieved: nothing to ask the model about. */
  private nothingRetrieved(): AnswerResult {
    return { answer: NOT_FOUND_ANSWER, found: false, citations: [], answerer: this.name };
  }
}

/** Checks a complete model answer against the passages it was shown. */
function judge(raw: string, candidates: readonly Citation[]): Judged {
  const text = visibleText(raw) ?? '';
  const refusal = isRefusal(text);
  const check = checkCitations(text, refusal ? [] : candidates);
  if (!check.answer) return { ok: false, reason: 'empty' };
  if (refusal) return { ok: true, result: { answer: check.answer, found: false, citations: [], answerer: 'llm' } };
  const cited = new Set(citedNumbers(check.answer));
  // Not one sentence traceable to a passage: nothing of it can be shown as grounded.
  if (cited.size === 0) return { ok: false, reason: 'uncited' };
  return {
    ok: true,
    result: {
      answer: check.answer,
      found: true,
      citations: candidates.filter((c) => cited.has(c.n)),
      answerer: 'llm',
      ...(check.uncitedSentences.length ? { uncitedSentences: check.uncitedSentences } : {}),
    },
  };
}

function folded(text: string): string {
  return foldDiacritics(text.toLowerCase()).replace(/\s+/gu, ' ').trimStart();
}

function isRefusal(text: string): boolean {
  const f = folded(text);
  return REFUSAL_OPENINGS.some((o) => f.startsWith(o));
}

/**
 * The answer without a leading `<think>…</think>` block (reasoning models served through
 * OpenAI-compatible servers put it in the content); undefined while that block is still open.
 */
function visibleText(raw: string): string | undefined {
  const start = raw.trimStart();
  if (start.startsWith('<think>')) {
    const end = start.indexOf('</think>');
    return end < 0 ? undefined : start.slice(end + '</think>'.length).trimStart();
  }
  // "<thi" may still become "<think>": wait for the next piece.
  if (start.length < '<think>'.length && '<think>'.startsWith(start) && start.length > 0) return undefined;
  return raw;
}

/**
 * What the reader sees of a streamed answer: the citations event first, then text. The event
 * waits for the first words, so that a refusal ("Chưa tìm thấy thông tin…") comes with no
 * sources and a model that fails before writing anything leaves room for a clean fallback.
 */
class StreamView {
  mode: 'undecided' | 'answer' | 'refusal' = 'undecided';
  /** Whether anything was yielded. */
  started = false;
  private held = '';

  constructor(private readonly candidates: Citation[]) {}

  *take(text: string, final = false): Generator<AnswerChunk> {
    if (this.mode !== 'undecided') {
      if (text) yield { type: 'text', text };
      return;
    }
    this.held += text;
    const shown = this.held.trimStart();
    if (!shown) return;
    const f = folded(shown);
    if (REFUSAL_OPENINGS.some((o) => f.startsWith(o))) this.mode = 'refusal';
    else if (!final && REFUSAL_OPENINGS.some((o) => o.startsWith(f))) return;
    else this.mode = 'answer';
    this.started = true;
    this.held = '';
    yield { type: 'citations', citations: this.mode === 'refusal' ? [] : this.candidates };
    yield { type: 'text', text: shown };
  }
}
