/**
 * The stand-in for a Workers AI text-generation model, for `HOIDAP_ANSWERER=llm` in tests: it
 * "answers" with the first sentence of the first passage of the answer prompt
 * (src/answer/prompt.ts), cited as that passage, and echoes the question of a rewrite prompt.
 * Deterministic, and enough to exercise the generative answerer's path through the Worker.
 */
import type { ChatMessage } from '../env.js';

export function standInChat(messages: readonly ChatMessage[]): string {
  const prompt = messages.findLast((m) => m.role === 'user')?.content ?? '';
  const passage = /<doan so="(\d+)">[\s\S]*?Nội dung: ([\s\S]*?)\n<\/doan>/u.exec(prompt);
  if (passage) {
    const sentence = /^[\s\S]*?[.!?](?=\s|$)/u.exec(passage[2]!.trim())?.[0] ?? passage[2]!.trim();
    return `${sentence} [${passage[1]}]`;
  }
  const question = /<cau_hoi_moi>([\s\S]*?)<\/cau_hoi_moi>/u.exec(prompt)?.[1];
  return question ?? 'Chưa tìm thấy thông tin trả lời câu hỏi này trong các bài viết của trang.';
}

/** The reply as Workers AI streams it: Server-Sent Events of `{ response }` pieces, then `[DONE]`. */
export function serverSentEvents(text: string): ReadableStream<Uint8Array> {
  const pieces = text.match(/\S+\s*/gu) ?? [];
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const piece of pieces) controller.enqueue(encoder.encode(`data: ${JSON.stringify({ response: piece })}\n\n`));
      controller.enqueue(encoder.encode('data: [DONE]\n\n'));
      controller.close();
    },
  });
}
