/**
 * The seam between retrieval and answer writing. The extractive answerer is the default; a
 * generative one (any @langchain/core chat model) implements the same interface.
 */
import type { Hit } from '../index/retriever.js';
import { answerExtractive, type ExtractiveOptions } from './extractive.js';
import type { Answer, Citation, Turn } from './types.js';

export interface AnswerInput {
  question: string;
  /** The question with restored diacritics, when the reader typed without. */
  restored?: string;
  /** Ranked passages; citations may only point at these. */
  hits: Hit[];
  /** Inverse document frequency of an index term, for weighting question words. */
  idf: (term: string) => number;
  history?: Turn[];
  /** Stops generation when the reader leaves or the request times out. */
  signal?: AbortSignal;
}

/** What an answerer says while it writes: its citations first, then text pieces. */
export type AnswerChunk = { type: 'citations'; citations: Citation[] } | { type: 'text'; text: string };

export interface AnswerResult extends Answer {
  /** Which answerer wrote it: "extractive", "llm", or "extractive-fallback" when the model failed. */
  answerer: string;
}

export interface Answerer {
  readonly name: string;
  answer(input: AnswerInput): Promise<AnswerResult>;
  /** Streams the answer; yields citations before any text. Returns the final, checked answer. */
  stream(input: AnswerInput): AsyncGenerator<AnswerChunk, AnswerResult>;
}

export class ExtractiveAnswerer implements Answerer {
  readonly name = 'extractive';

  constructor(private readonly options: Partial<ExtractiveOptions> = {}) {}

  async answer(input: AnswerInput): Promise<AnswerResult> {
    return { ...this.answerNow(input), answerer: this.name };
  }

  async *stream(input: AnswerInput): AsyncGenerator<AnswerChunk, AnswerResult> {
    const result = await this.answer(input);
    yield { type: 'citations', citations: result.citations };
    // The answer exists whole; it is sent in word groups so the widget renders the same way
    // for every answerer.
    for (const piece of result.answer.match(/\S+(?:\s+\S+){0,3}\s*/gu) ?? []) yield { type: 'text', text: piece };
    return result;
  }

  /** Synchronous, for the retrieval-scope decision, which needs an answer before streaming. */
  answerNow(input: AnswerInput): Answer {
    return answerExtractive({
      question: input.question,
      ...(input.restored ? { restored: input.restored } : {}),
      hits: input.hits,
      idf: input.idf,
      options: this.options,
    });
  }
}
