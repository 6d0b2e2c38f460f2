/**
 * The chat model behind `HOIDAP_ANSWERER=llm`: any server that speaks OpenAI's chat-completions
 * protocol (OpenAI, vLLM, Ollama, LM Studio, llama.cpp server), through LangChain's official
 * OpenAI integration. Other providers plug in through code instead: any @langchain/core chat
 * model can be given to `GenerativeAnswerer` (see the README).
 *
 * @example
 * const model = createChatModel({ llmBaseUrl: 'http://localhost:11434/v1', llmModel: 'qwen2.5:7b-instruct', llmTimeoutMs: 30_000 });
 * const answerer = new GenerativeAnswerer({ model, timeoutMs: 30_000 });
 */
import { ChatOpenAI } from '@langchain/openai';
import { ConfigError, type Config } from '../config.js';

/** Local servers (Ollama, vLLM, llama.cpp) accept any key, but the OpenAI client insists on one. */
const PLACEHOLDER_API_KEY = 'not-needed';

export type LlmConfig = Pick<Config, 'llmBaseUrl' | 'llmModel' | 'llmApiKey' | 'llmTimeoutMs'>;

export function createChatModel(config: LlmConfig): ChatOpenAI {
  const { llmBaseUrl, llmModel } = config;
  if (!llmBaseUrl || !llmModel) {
    throw new ConfigError(
      `HOIDAP_ANSWERER=llm needs ${[!llmBaseUrl && 'HOIDAP_LLM_BASE_URL', !llmModel && 'HOIDAP_LLM_MODEL'].filter(Boolean).join(' and ')}: ` +
        'the OpenAI-compatible endpoint and the model name, e.g. HOIDAP_LLM_BASE_URL=http://localhost:11434/v1 ' +
        'HOIDAP_LLM_MODEL=qwen2.5:7b-instruct for Ollama (add HOIDAP_LLM_API_KEY for OpenAI). ' +
        'Or use HOIDAP_ANSWERER=extractive, which needs no model.',
    );
  }
  try {
    new URL(llmBaseUrl);
  } catch {
    throw new ConfigError(`HOIDAP_LLM_BASE_URL must be a URL such as http://localhost:11434/v1, not "${llmBaseUrl}".`);
  }
  return new ChatOpenAI({
    model: llmModel,
    apiKey: config.llmApiKey ?? PLACEHOLDER_API_KEY,
    configuration: { baseURL: llmBaseUrl },
    // Grounded answers want the most likely wording; reasoning models (o1…, gpt-5) refuse a temperature.
    ...(/^(?:o\d|gpt-5(?!-chat))/u.test(llmModel) ? {} : { temperature: 0 }),
    timeout: config.llmTimeoutMs,
    // No retries: a failed call falls back to the extractive answer at once, instead of making the
    // reader wait through back-off for a server that is down.
    maxRetries: 0,
    // `streaming` is left unset: invoke() (POST /api/ask, the eval) then asks for one JSON reply,
    // and stream() (POST /api/ask/stream) streams. `streaming: false` would turn stream() off too.
    // stream_options.include_usage is unknown to some OpenAI-compatible servers, and usage is not needed.
    streamUsage: false,
  });
}
