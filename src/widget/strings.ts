/**
 * Everything the widget says to readers, in Vietnamese, in one place: a site that wants other
 * wording changes it here (or, later, through attributes) without touching the logic.
 *
 * @example
 * button.textContent = T.send; // "Gửi"
 */
import type { FeedbackReason } from '../contract.js';

export const T = {
  title: 'Hỏi đáp thông minh',
  intro: 'Đặt câu hỏi về bài viết này. Câu trả lời được trích từ các bài báo của trang, kèm nguồn.',
  introSite: 'Đặt câu hỏi về tin tức của trang. Câu trả lời được trích từ các bài báo, kèm nguồn.',
  questionLabel: 'Câu hỏi của bạn',
  placeholder: 'Nhập câu hỏi, ví dụ: Sự việc diễn ra ở đâu?',
  send: 'Gửi',
  sendLabel: 'Gửi câu hỏi',
  suggestions: 'Gợi ý câu hỏi',
  newThread: 'Cuộc trò chuyện mới',
  youAsked: 'Bạn hỏi:',
  thinking: 'Đang tìm câu trả lời…',
  answered: 'Đã có câu trả lời.',
  understoodAs: 'Đã hiểu câu hỏi là:',
  scopeSite: 'Bài viết này chưa có thông tin trả lời; câu trả lời lấy từ các bài khác của trang.',
  sources: 'Nguồn',
  sourcesCount: (n: number) => `${n} nguồn`,
  citeLabel: (n: number) => `Nguồn ${n}`,
  unsure: 'Câu trả lời này chưa chắc chắn, bạn nên đọc nguồn.',
  readInArticle: 'Đọc đoạn này trong bài',
  opensNewTab: '(mở thẻ mới)',
  earlier: (n: number) => `Xem ${n} câu hỏi trước`,
  errorNetwork: 'Không có kết nối mạng. Vui lòng kiểm tra mạng và thử lại.',
  errorUnavailable: 'Dịch vụ hỏi đáp tạm thời không hoạt động. Vui lòng thử lại sau ít phút.',
  errorInterrupted: 'Câu trả lời bị gián đoạn. Vui lòng thử lại.',
  errorGeneric: 'Đã có lỗi xảy ra, vui lòng thử lại sau.',
  retry: 'Thử lại',
  tryAsking: 'Thử hỏi về bài viết này:',
  searchSite: (q: string) => `Tìm “${q}” trên trang`,
  missedArticle: 'Bài viết có thông tin này?',
  missedSite: 'Trang có bài viết về điều này?',
  reportMissed: 'Báo cho ban biên tập',
  thanksMissed: 'Cảm ơn bạn! Ban biên tập sẽ xem lại câu hỏi này.',
  helpful: 'Câu trả lời có hữu ích không?',
  up: 'Hữu ích',
  down: 'Chưa hữu ích',
  whyDown: 'Vì sao câu trả lời chưa hữu ích?',
  note: 'Ghi chú thêm (không bắt buộc)',
  sendFeedback: 'Gửi góp ý',
  thanksUp: 'Cảm ơn bạn đã đánh giá!',
  thanksDown: 'Cảm ơn góp ý của bạn! Ban biên tập sẽ xem xét.',
  feedbackFailed: 'Chưa gửi được góp ý, vui lòng thử lại.',
} as const;

/**
 * Reason tags under 👎; typed by the server's list, so a new reason cannot be forgotten here.
 * `missed_answer` is not one: it belongs to a refusal, which gets its own control, not 👎.
 */
export const REASON_TAGS: Record<Exclude<FeedbackReason, 'missed_answer'>, string> = {
  wrong_info: 'Sai thông tin',
  off_topic: 'Không đúng câu hỏi',
  missing_source: 'Thiếu nguồn',
  other: 'Khác',
};
