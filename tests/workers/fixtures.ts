/** Two short Vietnamese news articles and the helpers the workerd tests share. */
import { SELF } from 'cloudflare:test';
import type { Article } from '../../src/corpus/article.js';

export const APEC: Article = {
  id: 'apec-peru-2024',
  title: 'Chủ tịch nước Lương Cường dự Hội nghị cấp cao APEC tại Peru',
  url: 'https://baomau.vn/apec-peru-2024',
  publishedAt: '2024-11-16T11:00:00+07:00',
  category: 'Thời sự',
  origin: 'tests/workers/fixtures.ts',
  body: [
    'Ngày 15/11, tại thủ đô Lima, Chủ tịch nước Lương Cường đã tham dự Hội nghị các nhà lãnh đạo kinh tế APEC lần thứ 31.',
    'Phát biểu tại phiên họp, Chủ tịch nước nhấn mạnh vai trò của thương mại tự do và chuyển đổi số đối với tăng trưởng của khu vực châu Á - Thái Bình Dương.',
    'Bên lề hội nghị, Chủ tịch nước đã gặp Tổng thống Peru Dina Boluarte và lãnh đạo nhiều nền kinh tế thành viên.',
    'Việt Nam sẽ đăng cai năm APEC 2027 tại thành phố Phú Quốc, tỉnh Kiên Giang.',
  ].join('\n\n'),
};

export const FLOOD: Article = {
  id: 'mua-lu-quang-ngai',
  title: 'Mưa lũ gây ngập sâu tại Quảng Ngãi, hàng nghìn hộ dân phải sơ tán',
  url: 'https://baomau.vn/mua-lu-quang-ngai',
  publishedAt: '2024-11-13T08:30:00+07:00',
  category: 'Xã hội',
  origin: 'tests/workers/fixtures.ts',
  body: [
    'Từ đêm 12/11, mưa lớn kéo dài khiến nhiều tuyến đường ở thành phố Quảng Ngãi bị ngập sâu từ 0,5 đến 1 mét.',
    'Theo Ban chỉ huy phòng chống thiên tai tỉnh Quảng Ngãi, khoảng 3.500 hộ dân ở các huyện ven sông Trà Khúc đã phải sơ tán đến nơi an toàn.',
    'Mực nước sông Trà Khúc tại trạm Trà Khúc lên trên báo động 3, gây sạt lở nhiều đoạn đê bao.',
    'Lực lượng quân đội và công an đã được huy động để hỗ trợ người dân di dời tài sản.',
  ].join('\n\n'),
};

/** Bearer token of `[env.test]` (wrangler.toml). */
export const ADMIN_TOKEN = 'standin-admin-token';

const ORIGIN = 'http://hoidap.test';

/** A request to the Worker, as from the client address `ip` (Cloudflare's edge sets cf-connecting-ip). */
export function request(path: string, init: RequestInit & { ip?: string } = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set('cf-connecting-ip', init.ip ?? '198.51.100.10');
  return SELF.fetch(`${ORIGIN}${path}`, { ...init, headers });
}

export interface AskBody {
  answer: string;
  understoodAs?: string;
  shortAnswer?: { text: string } | null;
  citations: { n: number; articleId: string; title: string; start: number; end: number; url: string }[];
}

export async function ask(question: string, options: { articleId?: string; ip?: string } = {}): Promise<AskBody> {
  const res = await request('/api/ask', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ question, ...(options.articleId ? { articleId: options.articleId } : {}) }),
    ...(options.ip ? { ip: options.ip } : {}),
  });
  if (res.status !== 200) throw new Error(`POST /api/ask answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as AskBody;
}

export function admin(method: 'PUT' | 'DELETE' | 'GET', id: string, article?: Omit<Article, 'id' | 'origin'>): Promise<Response> {
  return request(`/api/articles/${encodeURIComponent(id)}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(article ? { 'content-type': 'application/json' } : {}) },
    ...(article ? { body: JSON.stringify(article) } : {}),
  });
}

/** Polls until `check` holds (the real queue delivers its batch within max_batch_timeout, 1 s in `[env.test]`). */
export async function eventually(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`Still not true after ${timeoutMs} ms.`);
    await new Promise((done) => setTimeout(done, 200));
  }
}
