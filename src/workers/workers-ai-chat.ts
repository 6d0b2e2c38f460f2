/**
 * A Workers AI text-generation model where the project's generative answerer
 * (src/answer/generative.ts) and follow-up rewriter (src/answer/followup.ts) expect a LangChain
 * chat model (`HOIDAP_ANSWERER=llm`). They call two methods, `invoke` and `stream`, and read
 * `.text` of what comes back; this class has exactly those. Extending LangChain's BaseChatModel
 * instead would bundle its callback and tracing machinery: ~0.5 MB more Worker, over the
 * 10 MB gzipped budget with the restorer.
 *
 * @example
 * const model = chatModel(new WorkersAiChatModel(env.AI, '@cf/meta/llama-3.3-70b-instruct-fp8-fast'));
 * const answerer = new GenerativeAnswerer({ model, fallback: new ExtractiveAnswerer({}, reading) });
 */
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { ChatMessage, WorkersAi } from './env.js';

/** Multilingual, follows the citation rules in Vietnamese; HOIDAP_LLM_MODEL picks another. */
const DEFAULT_CHAT_MODEL = '@cf/meta/llama-3.3-70b-instruct-fp8-fast';
/** Answers are one to three sentences (src/answer/prompt.ts); this bounds a runaway reply. */
const MAX_TOKENS = 512;

/** What the answerer and the rewriter pass: LangChain messages (they build them), read by type and text. */
interface MessageLike {
  getType(): string;
  readonly text: string;
}

export class WorkersAiChatModel {
  constructor(
    private readonly ai: WorkersAi,
    readonly model: string = DEFAULT_CHAT_MODEL,
  ) {}

  /** The whole reply. Workers AI takes no abort signal: an aborted call rejects at once and its reply is dropped. */
  async invoke(messages: readonly MessageLike[], options: { signal?: AbortSignal } = {}): Promise<{ text: string }> {
    const reply = this.ai.run(this.model, { messages: chatMessages(messages), max_tokens: MAX_TOKENS });
    const { response } = await abortable(reply, options.signal);
    return { text: typeof response === 'string' ? response : '' };
  }

  /** The reply in pieces, as Workers AI streams them. */
  async stream(messages: readonly MessageLike[], options: { signal?: AbortSignal } = {}): Promise<AsyncGenerator<{ text: string }>> {
    const reply = this.ai.run(this.model, { messages: chatMessages(messages), max_tokens: MAX_TOKENS, stream: true });
    const events = await abortable(reply, options.signal);
    return (async function* () {
      for await (const text of serverSentResponses(events, options.signal)) yield { text };
    })();
  }
}

/** The model where a LangChain chat model is expected: the two methods used are the same shape. */
export function asChatModel(model: WorkersAiChatModel): BaseChatModel {
  return model as unknown as BaseChatModel;
}

/** LangChain's messages as Workers AI's roles. */
function chatMessages(messages: readonly MessageLike[]): ChatMessage[] {
  return messages.map((m) => {
    const type = m.getType();
    return { role: type === 'system' ? 'system' : type === 'ai' ? 'assistant' : 'user', content: m.text };
  });
}

function abortable<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  signal.throwIfAborted();
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
    signal.addEventListener('abort', abort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}

/** The `response` pieces of Workers AI's event stream (`data: {"response":"…"}` lines, then `data: [DONE]`). */
async function* serverSentResponses(stream: ReadableStream<Uint8Array>, signal?: AbortSignal): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  const reader = stream.getReader();
  let buffered = '';
  try {
    for (;;) {
      signal?.throwIfAborted();
      const { done, value } = await reader.read();
      buffered += done ? decoder.decode() : decoder.decode(value, { stream: true });
      const lines = buffered.split('\n');
      buffered = done ? '' : lines.pop()!;
      for (const line of lines) {
        const data = line.startsWith('data:') ? line.slice(5).trim() : '';
        if (!data || data === '[DONE]') continue;
        const piece = (JSON.parse(data) as { response?: unknown }).response;
        if (typeof piece === 'string' && piece) yield piece;
      }
      if (done) return;
    }
  } finally {
    // A reader who left, or a timeout: stop the model's stream too.
    await reader.cancel().catch(() => undefined);
  }
}
