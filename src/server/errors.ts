/**
 * Error responses: a stable code for programs, a message in Vietnamese for readers and one in
 * English for engineers. Never a stack trace, a path or other internals.
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export interface ApiError {
  error: { code: string; message: string; messageEn: string };
}

const MESSAGES = {
  invalid_json: ['Nội dung yêu cầu không phải JSON hợp lệ.', 'The request body is not valid JSON.'],
  invalid_body: ['Nội dung yêu cầu phải là một đối tượng JSON.', 'The request body must be a JSON object.'],
  missing_question: ['Vui lòng nhập câu hỏi.', 'The "question" field is required and must be a non-empty string.'],
  question_too_long: ['Câu hỏi quá dài (tối đa {max} ký tự).', 'The question is too long (at most {max} characters).'],
  invalid_article_id: ['Mã bài viết không hợp lệ.', '"articleId" must be a non-empty string of at most 200 characters.'],
  invalid_k: ['Số đoạn trích phải là số nguyên từ 1 đến {max}.', '"k" must be a whole number from 1 to {max}.'],
  invalid_history: [
    'Lịch sử hội thoại không hợp lệ (tối đa {max} lượt, mỗi câu tối đa {chars} ký tự).',
    '"history" must be an array of at most {max} {question, answer} turns, each string at most {chars} characters.',
  ],
  invalid_feedback: ['Góp ý không hợp lệ: {field}.', 'Invalid feedback: {field}.'],
  unsupported_media_type: [
    'Định dạng nội dung không được hỗ trợ: hãy gửi nội dung UTF-8 kèm tiêu đề "Content-Type: {expected}".',
    'Send the body as UTF-8 {expected}, with the header "Content-Type: {expected}" (this request had {got}).',
  ],
  invalid_encoding: [
    'Nội dung phải được mã hóa UTF-8.',
    'The request body is not valid UTF-8: convert it (legacy Vietnamese encodings: VNI, TCVN3, Windows-1258).',
  ],
  invalid_article: ['Bài viết không hợp lệ.', 'The article cannot be indexed: see "detail".'],
  article_not_found: ['Không tìm thấy bài viết này.', 'No indexed article has this id.'],
  not_found: ['Không tìm thấy địa chỉ này.', 'No such route.'],
  not_configured: [
    'Dịch vụ hỏi đáp chưa được cấu hình xong ở đây.',
    'The index database has no tables yet: apply its migrations ({fix}), then retry.',
  ],
  // Limits and protections (src/server/middleware/).
  bad_request: ['Yêu cầu không hợp lệ.', 'The request is malformed.'],
  method_not_allowed: ['Địa chỉ này không hỗ trợ phương thức {method}.', 'Method {method} is not allowed here; see the Allow header.'],
  body_too_large: ['Nội dung gửi lên quá lớn (tối đa {max} byte).', 'The request body is too large (at most {max} bytes).'],
  rate_limited: [
    'Bạn gửi quá nhiều yêu cầu. Vui lòng thử lại sau {seconds} giây.',
    'Too many requests from this address; retry after {seconds} s (see Retry-After).',
  ],
  overloaded: [
    'Hệ thống đang quá tải, vui lòng thử lại sau giây lát.',
    'The server is at its concurrency ceiling and shed this request on purpose; retry after {seconds} s.',
  ],
  timeout: ['Câu trả lời mất quá nhiều thời gian, vui lòng thử lại.', 'No answer within {ms} ms; the request was abandoned.'],
  client_closed: ['Yêu cầu đã bị hủy.', 'The client closed the connection before the answer was ready.'],
  origin_not_allowed: [
    'Trang web này không được phép gọi dịch vụ hỏi đáp.',
    'This origin may not call the API from a browser (it is not in HOIDAP_ALLOWED_ORIGINS).',
  ],
  unauthorized: ['Cần quyền quản trị để dùng chức năng này.', 'A valid "Authorization: Bearer <HOIDAP_ADMIN_TOKEN>" header is required.'],
  admin_disabled: [
    'Chức năng quản trị chưa được bật trên máy chủ này.',
    'Admin routes are disabled: set HOIDAP_ADMIN_TOKEN on the server to enable them.',
  ],
  internal: ['Đã có lỗi xảy ra, vui lòng thử lại sau.', 'Internal error; it has been logged.'],
} as const;

export type ErrorCode = keyof typeof MESSAGES;

export function apiError(code: ErrorCode, params: Record<string, string | number> = {}): ApiError {
  const fill = (s: string) => s.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? ''));
  const [vi, en] = MESSAGES[code];
  return { error: { code, message: fill(vi), messageEn: fill(en) } };
}

declare module 'hono' {
  interface ContextVariableMap {
    /** The code of the error answer, for the request log. */
    errorCode: ErrorCode;
  }
}

export function errorResponse(c: Context, status: ContentfulStatusCode, code: ErrorCode, params?: Record<string, string | number>) {
  c.set('errorCode', code);
  return c.json(apiError(code, params), status);
}
