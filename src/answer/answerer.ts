/**
 * The seam between retrieval and answer writing. The extractive answerer is the default; a
 * generative one (any @langchain/core chat model) implements the same interface.
 */
import type { Question } from '../index/question.js';
import type { Hit } from '../index/retriever.js';
import { answerExtractive, type ExtractiveOptions } from './extractive.js';
import { answerWithReader } from './read.js';
import type { Reader } from './reader/reader.js';
import type { Answer, Citation, ShortAnswer, Turn } from '../contract.js';

export interface AnswerInput {
  /** The question as understood: its `text` is answered, its `restored` reading breaks ties. */
  question: Question;
  /** Ranked passages; citations may only point at these. */
  hits: Hit[];
  /** Inverse document frequency of an index term, for weighting question words. */
  idf: (term: string) => number;
  history?: Turn[];
  /** Stops generation when the reader leaves or the request times out. */
  signal?: AbortSignal;
}

/**
 * What an answerer says while it writes: its citations first, then the short answer when it is
 * known before the text, then text pieces.
 */
export type AnswerChunk =
  | { type: 'citations'; citations: Citation[] }
  | { type: 'short'; shortAnswer: ShortAnswer; confidence?: number }
  | { type: 'text'; text: string };

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

/** The trained reader and how it is used: without one, sentences are ranked by hand-set weights. */
export interface ReaderSetup {
  reader: Reader;
  /** Refuse below this confidence; the model's own threshold when not given. */
  threshold?: number;
  /** Today, for dating answers to "hiện nay" questions (a fixed clock in tests). */
  now?: () => Date;
}

export class ExtractiveAnswerer implements Answerer {
  readonly name = 'extractive';

  constructor(
    private readonly options: Partial<ExtractiveOptions> = {},
    private readonly reading?: ReaderSetup,
  ) {}

  async answer(input: AnswerInput): Promise<AnswerResult> {
    return { ...this.answerNow(input), answerer: this.name };
  }

  async *stream(input: AnswerInput): AsyncGenerator<AnswerChunk, AnswerResult> {
    return yield* this.replay(this.answerNow(input));
  }

  /**
   * Streams an answer already written: the service keeps the one its scope decision computed
   * instead of writing it again. It exists whole; it is sent in word groups so the widget
   * renders the same way for every answerer.
   */
  async *replay(answer: Answer): AsyncGenerator<AnswerChunk, AnswerResult> {
    const result = { ...answer, answerer: this.name };
    yield { type: 'citations', citations: result.citations };
    // The fact first: the widget shows it large before the quoted sentence arrives.
    if (result.shortAnswer) {
      yield {
        type: 'short',
        shortAnswer: result.shortAnswer,
        ...(result.confidence !== undefined ? { confidence: result.confidence } : {}),
      };
    }
    for (const piece of result.answer.match(/\S+(?:\s+\S+){0,3}\s*/gu) ?? []) yield { type: 'text', text: piece };
    return result;
  }

  /**
   * Synchronous, for the retrieval-scope decision, which needs an answer before streaming.
   * `thresholdScale` lowers the reader's refusal threshold (under an article: see QaService).
   */
  answerNow(input: AnswerInput, thresholdScale = 1): Answer {
    const { question } = input;
    if (this.reading) {
      const { reader, now } = this.reading;
      const threshold = (this.reading.threshold ?? reader.threshold) * thresholdScale;
      return answerWithReader({
        question: question.text,
        ...(question.restored ? { restored: question.restored } : {}),
        hits: input.hits,
        idf: input.idf,
        reader,
        threshold,
        now: now ? now() : new Date(),
      });
    }
    return answerExtractive({
      question: question.text,
      ...(question.restored ? { restored: question.restored } : {}),
      hits: input.hits,
      idf: input.idf,
      options: this.options,
    });
  }
}
