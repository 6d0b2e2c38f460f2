/**
 * The conversation in one panel: its turns, kept in sessionStorage for the page view, so a
 * reload in the same tab shows it again while another tab or a later visit starts afresh (and
 * nothing a reader asked outlives the tab). Storage may be unavailable (privacy modes, sandboxed
 * frames): the thread then lives in memory only.
 *
 * @example
 * const store = new ThreadStore(`hoidap:v1:${api}|${articleId}|${location.pathname}`);
 * const turns = store.load();
 * store.save(turns);
 * historyOf(turns); // [{ question, answer }] for a follow-up question
 */
import { MAX_HISTORY_TURNS, MAX_TURN_CHARS, type AskResponse, type Turn } from '../contract.js';
import type { FeedbackReason } from '../contract.js';

export interface TurnState {
  question: string;
  /** Text received so far (the whole answer once done). */
  text: string;
  status: 'streaming' | 'done' | 'error';
  response?: AskResponse;
  error?: string;
  feedback?: { rating: 'up' | 'down'; reasons?: FeedbackReason[]; sent: boolean };
}

/** Turns kept in storage: a long session should not grow without end. */
const STORED_TURNS = 20;

export class ThreadStore {
  constructor(private readonly key: string) {}

  load(): TurnState[] {
    try {
      const raw = window.sessionStorage.getItem(this.key);
      const parsed = raw ? (JSON.parse(raw) as { turns?: TurnState[] }) : undefined;
      // A turn still streaming when the page went away cannot resume; it is dropped.
      return (parsed?.turns ?? []).filter((t) => t && typeof t.question === 'string' && t.status !== 'streaming');
    } catch {
      return [];
    }
  }

  save(turns: readonly TurnState[]): void {
    try {
      const kept = turns.filter((t) => t.status !== 'streaming').slice(-STORED_TURNS);
      if (kept.length) window.sessionStorage.setItem(this.key, JSON.stringify({ turns: kept }));
      else window.sessionStorage.removeItem(this.key);
    } catch {
      // Full or forbidden storage: the thread stays in memory for this page view.
    }
  }
}

/** The previous answered turns, oldest first, as the API takes them for follow-up questions. */
export function historyOf(turns: readonly TurnState[]): Turn[] {
  return turns
    .filter((t) => t.status === 'done' && t.response)
    .slice(-MAX_HISTORY_TURNS)
    .map((t) => ({ question: t.question.slice(0, MAX_TURN_CHARS), answer: (t.response?.answer ?? t.text).slice(0, MAX_TURN_CHARS) }));
}
