/**
 * The stand-in for the Workers AI binding (`env.AI`): a named entrypoint that the test
 * environment binds over a service binding (wrangler.toml `[env.test]`), with the call shapes
 * the Worker uses: `run('@cf/baai/bge-m3', { text })` → `{ shape, data }`, answered by
 * {@link hashedEmbeddings} instead of the model, and `run(chatModel, { messages, stream? })`,
 * answered by {@link standInChat}.
 */
import { WorkerEntrypoint } from 'cloudflare:workers';
import type { ChatMessage } from '../env.js';
import { AI_BATCH, BGE_M3 } from '../workers-ai.js';
import { serverSentEvents, standInChat } from './chat.js';
import { HASHED_DIMENSIONS, hashedEmbeddings } from './hashed-embedding.js';

type ChatInputs = { messages: ChatMessage[]; stream?: boolean };

export class StandInAi extends WorkerEntrypoint {
  async run(model: string, inputs: { text: string | string[] } | ChatInputs) {
    if ('messages' in inputs) {
      const reply = standInChat(inputs.messages);
      return inputs.stream ? serverSentEvents(reply) : { response: reply };
    }
    return standInRun(model, inputs);
  }
}

/** What the stand-in answers, refusing what Workers AI refuses (another model, over 100 texts). */
export function standInRun(model: string, inputs: { text: string | string[] }): { shape: number[]; data: number[][] } {
  if (model !== BGE_M3) throw new RangeError(`The Workers AI stand-in embeds with ${BGE_M3} only, not ${model}.`);
  const texts = typeof inputs.text === 'string' ? [inputs.text] : inputs.text;
  if (texts.length > AI_BATCH) throw new RangeError(`${BGE_M3} takes at most ${AI_BATCH} texts per call, not ${texts.length}.`);
  return { shape: [texts.length, HASHED_DIMENSIONS], data: hashedEmbeddings(texts).map((v) => Array.from(v)) };
}
