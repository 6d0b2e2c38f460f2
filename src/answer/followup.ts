/**
 * Follow-up questions: "còn ở Peru thì sao?" means nothing to a retriever on its own. With the
 * thread's earlier turns it is rewritten into a standalone question before retrieval — by the
 * chat model when one is configured, otherwise (and whenever the model fails) by a rule that
 * carries over what the earlier question was about.
 *
 * @example
 * const history = [{ question: 'Chủ tịch nước tiếp ai ở Santiago?', answer: '… [1]' }];
 * rewriteByRule('Còn ở Lima thì sao?', history) // 'Chủ tịch nước tiếp ai ở Lima?'
 * await rewriteFollowUp('Ông ấy sinh năm nào?', history, model) // what the model says, checked
 */
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { HumanMessage, SystemMessage } from '@langchain/core/messages';
import { contentSyllables } from '../index/terms.js';
import { foldDiacritics, hasDiacritics, normalizeForMatch } from '../text/normalize.js';
import { syllables } from '../text/tokenize.js';
import { rewriteMessages } from './prompt.js';
import type { Turn } from '../contract.js';

export interface RewriteOptions {
  /** Stops the model call when the reader leaves. */
  signal?: AbortSignal;
  /** The model gets this long before the rule answers instead. */
  timeoutMs?: number;
  /** Earlier turns shown to the model, the most recent ones. */
  maxTurns?: number;
  /** Told why the model's rewrite was not used. */
  onFallback?: (reason: string, error?: unknown) => void;
}

/** Short: the rewrite runs before retrieval, inside the same request deadline as the answer. */
const DEFAULT_TIMEOUT_MS = 4_000;
const DEFAULT_MAX_TURNS = 3;
const RULE_TURNS = 5;
/** Longer "questions" from a model are explanations or answers, not rewrites. */
const MAX_REWRITE_CHARS = 400;
/** A question this long usually says what it is about; only explicit cues make it a follow-up. */
const SHORT_QUESTION_SYLLABLES = 6;
const MAX_FOLLOW_UP_SYLLABLES = 15;

/**
 * The standalone form of `question` given the earlier turns (oldest first); the question itself
 * when there are none or it needs no rewrite. Never throws for a model failure.
 */
export async function rewriteFollowUp(
  question: string,
  history: readonly Turn[],
  model?: BaseChatModel,
  options: RewriteOptions = {},
): Promise<string> {
  if (history.length === 0) return question;
  if (!model) return rewriteByRule(question, history);
  const turns = history.slice(-(options.maxTurns ?? DEFAULT_MAX_TURNS)).map((t) => ({
    question: t.question,
    // Markers and long answers only distract the rewrite.
    answer: clip(t.answer.replace(/\s*\[\d+\]/gu, ''), 300),
  }));
  const timeout = AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  try {
    const messages = rewriteMessages(question, turns).map((m) =>
      m.role === 'system' ? new SystemMessage(m.content) : new HumanMessage(m.content),
    );
    const reply = await model.invoke(messages, { signal });
    const rewritten = cleanRewrite(reply.text);
    if (rewritten) return rewritten;
    options.onFallback?.('the model gave no usable question');
  } catch (error) {
    if (options.signal?.aborted) throw error;
    options.onFallback?.(timeout.aborted ? 'the model timed out' : 'the model failed', error);
  }
  return rewriteByRule(question, history);
}

/** The first line of the model's reply, without labels or quotes; undefined when it is no question. */
function cleanRewrite(text: string): string | undefined {
  const line = text
    .replace(/<think>[\s\S]*?<\/think>/gu, '')
    .split('\n')
    .map((l) => l.trim())
    .find(Boolean);
  if (!line) return undefined;
  const cleaned = line
    .replace(/^(?:câu hỏi(?: độc lập| viết lại)?|standalone question)\s*:\s*/iu, '')
    .replace(/^["'“”‘’`«»]+|["'“”‘’`«»]+$/gu, '')
    .trim();
  if (!cleaned || cleaned.length > MAX_REWRITE_CHARS || /[<>]/u.test(cleaned)) return undefined;
  return cleaned;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max).trimEnd()}…`;
}

// ---------------------------------------------------------------------------------------------
// The rule, used without a model.

/** "còn …", "vậy còn …", "thế còn …" at the start (folded, lower case). */
const LEAD_CUE = /^(?:(vay|the)\s+)?con\s+/u;
/** "… thì sao", "… thì thế nào", "… thì ra sao", "… thì như thế nào" at the end (folded). */
const TAIL_CUE = /\s*\bthi\s+(?:sao|the nao|ra sao|nhu the nao)(?:\s+(?:nhi|vay|a))?\s*$/u;
/** Words that point back at something said before (accented: folded "họ", "nó" are "hồ", "nợ"). */
const REFERENCE_CUES = [
  'ông ấy',
  'bà ấy',
  'anh ấy',
  'chị ấy',
  'cô ấy',
  'ông ta',
  'bà ta',
  'họ',
  'nó',
  'ở đó',
  'tại đó',
  'khi đó',
  'lúc đó',
  'như vậy',
  'người này',
  'người đó',
  'việc này',
  'việc đó',
  'điều này',
  'điều đó',
  'sự việc này',
  'sự kiện này',
  'sự kiện đó',
  'chuyện này',
  'chuyện đó',
  'nước này',
  'nơi đó',
  'vụ này',
  'vụ việc này',
  'chuyến thăm này',
  'cuộc gặp này',
];
/** The same cues typed without diacritics, minus those that are other words too ("ho", "no", "nuoc nay"). */
const FOLDED_REFERENCE_CUES = REFERENCE_CUES.map(foldDiacritics).filter((c) => c.includes(' ') && c !== 'nuoc nay');
/** Words that start a place, time or topic phrase a follow-up may swap: "còn ở Peru thì sao?". */
const SWAP_PREPOSITIONS = ['ở', 'tại', 'trong', 'vào', 'năm', 'ngày', 'tháng', 'với'];
const NAME_PARTICLES = new Set(['de', 'del', 'da', 'do', 'dos', 'la', 'le', 'van', 'von']);

/** What kind of follow-up a question is, with its core ("ở Peru" in "còn ở Peru thì sao?"). */
export function followUpKind(question: string): { kind: 'swap'; core: string } | { kind: 'reference' } | undefined {
  const text = question
    .normalize('NFC')
    .trim()
    .replace(/[?？!.…\s]+$/u, '');
  const folded = foldDiacritics(text.toLowerCase());
  const count = syllables(text).length;
  if (count === 0 || count > MAX_FOLLOW_UP_SYLLABLES) return undefined;
  const lead = LEAD_CUE.exec(folded);
  const tail = TAIL_CUE.exec(folded);
  // "Còn bao nhiêu ngày nữa đến Tết?" starts with "còn" and is standalone: a bare "còn" counts only on short questions.
  const strongLead = lead && (lead[1] !== undefined || count <= SHORT_QUESTION_SYLLABLES);
  if (strongLead || tail) {
    // Folding keeps lengths for NFC Vietnamese (one code point per letter), so offsets carry over.
    const start = strongLead && lead ? lead[0].length : 0;
    const end = tail ? tail.index : text.length;
    const core = text.slice(start, Math.max(start, end)).trim();
    if (core) return { kind: 'swap', core };
  }
  const words = ` ${normalizeForMatch(text).replace(/[^\p{L}\p{M}\p{N}]+/gu, ' ')} `;
  if (hasDiacritics(text)) {
    if (REFERENCE_CUES.some((cue) => words.includes(` ${cue} `))) return { kind: 'reference' };
  } else if (FOLDED_REFERENCE_CUES.some((cue) => words.includes(` ${cue} `))) {
    return { kind: 'reference' };
  }
  return undefined;
}

/**
 * The rule: a follow-up borrows from the previous question (itself made standalone first, so a
 * chain of follow-ups keeps its subject). "Còn ở X thì sao?" swaps the matching phrase when the
 * previous question has one ("… ở Santiago?" → "… ở X?"); otherwise the previous question's words
 * the new one lacks are carried over. Anything that does not look like a follow-up is kept.
 */
export function rewriteByRule(question: string, history: readonly Turn[]): string {
  let previous: string | undefined;
  // The last few turns: older ones rarely carry the subject, and history comes from the client.
  for (const turn of history.slice(-RULE_TURNS))
    previous = previous === undefined ? turn.question.trim() : applyRule(turn.question.trim(), previous);
  return previous === undefined ? question : applyRule(question, previous);
}

function applyRule(question: string, previous: string): string {
  const kind = followUpKind(question);
  if (!kind) return question;
  const prev = stripQuestionMark(previous);
  if (kind.kind === 'swap') {
    const swapped = swapPhrase(prev, kind.core);
    return swapped ? `${swapped}?` : `${prev} — ${kind.core}?`;
  }
  const carried = carriedWords(prev, question);
  return carried.length ? `${stripQuestionMark(question)} (${carried.join(' ')})?` : question;
}

/**
 * "Chủ tịch nước tiếp ai ở Santiago" + "ở Lima" → "Chủ tịch nước tiếp ai ở Lima": the phrase is
 * the same preposition and the capitalised or numeric words after it (a name, a date).
 */
function swapPhrase(previous: string, core: string): string | undefined {
  // Typed without diacritics, "o Lima" must still find "ở Santiago".
  const key = hasDiacritics(core) ? (w: string) => w.toLowerCase() : (w: string) => foldDiacritics(w.toLowerCase());
  const first = key(core.split(/\s+/u)[0]!);
  const preposition = SWAP_PREPOSITIONS.find((p) => key(p) === first);
  if (!preposition) return undefined;
  const tokens = previous.split(/\s+/u);
  for (let i = tokens.length - 2; i >= 0; i--) {
    if (key(tokens[i]!) !== key(preposition)) continue;
    let j = i + 1;
    const named = (t: string | undefined) => t !== undefined && /^[\p{Lu}\p{N}]/u.test(t);
    // Names run on through their small words: "Santiago de Chile", "Rio de Janeiro".
    while (named(tokens[j]) || (j > i + 1 && NAME_PARTICLES.has(tokens[j]!) && named(tokens[j + 1]))) j++;
    if (j === i + 1) continue;
    return [...tokens.slice(0, i), core, ...tokens.slice(j)].join(' ');
  }
  return undefined;
}

/** The previous question's content words (as written) that the new question does not have. */
function carriedWords(previous: string, question: string): string[] {
  const fold = !hasDiacritics(question) || !hasDiacritics(previous);
  const key = (w: string) => (fold ? foldDiacritics(normalizeForMatch(w)) : normalizeForMatch(w));
  const content = new Set(contentSyllables(previous).map(key));
  const present = new Set(syllables(question).map(key));
  const out: string[] = [];
  for (const word of previous.match(/[\p{L}\p{M}\p{N}]+/gu) ?? []) {
    const k = key(word);
    if (content.has(k) && !present.has(k) && !out.some((w) => key(w) === k)) out.push(word);
  }
  return out;
}

function stripQuestionMark(text: string): string {
  return text.trim().replace(/[?？\s]+$/u, '');
}
