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
  not_found: ['Không tìm thấy địa chỉ này.', 'No such route.'],
  not_configured: ['Dịch vụ hỏi đáp chưa được cấu hình ở đây.', 'Questions are not served by this deployment yet: run the Node server (npm start).'],
  internal: ['Đã có lỗi xảy ra, vui lòng thử lại sau.', 'Internal error; it has been logged.'],
} as const;

export type ErrorCode = keyof typeof MESSAGES;

export function apiError(code: ErrorCode, params: Record<string, string | number> = {}): ApiError {
  const fill = (s: string) => s.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? ''));
  const [vi, en] = MESSAGES[code];
  return { error: { code, message: fill(vi), messageEn: fill(en) } };
}

export function errorResponse(c: Context, status: ContentfulStatusCode, code: ErrorCode, params?: Record<string, string | number>) {
  return c.json(apiError(code, params), status);
}
