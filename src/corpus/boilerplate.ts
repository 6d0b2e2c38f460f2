/**
 * Site furniture on Vietnamese news pages, as a list of line rules kept in one place: what ends
 * the article, what is dropped wherever it appears, what is a photo caption, a byline or a
 * dateline. The scraped-page reader applies them; the Markdown reader uses the caption rule.
 *
 * Rules look at one line at a time, through {@link lineKey} (lower case, normalized, without a
 * trailing comment count or colon), so "BÌNH LUẬN (0)", "Bình luận:" and "bình luận" are the
 * same line. Each rule matches a whole short line, never a prefix of prose: "Chia sẻ một số nét
 * lớn về tình hình…" is article text, "Chia sẻ" alone is a share button.
 *
 * @example
 * isSectionEnd(lineKey('BÌNH LUẬN (0)')) // true
 * isPhotoCaption('Chủ tịch nước tiếp bà Vodanovic. (Ảnh: Lâm Khánh/TTXVN)') // true
 */
import { normalizeForMatch } from '../text/normalize.js';
import { findVietnameseDate } from './dates.js';

/** The line as the rules compare it: lower case, NFC, tone marks normalized, no trailing "(12)" or ":". */
export function lineKey(line: string): string {
  return normalizeForMatch(line)
    .replace(/(?:\s*\(\d+\))?[\s:：.]*$/u, '')
    .replace(/^[\s>»•·*#|-]+/u, '')
    .trim();
}

/**
 * Headings of the blocks that follow the article: most-read lists, comments, teasers, tags.
 * Once the article has started, the first of these ends it.
 */
const SECTION_END_KEYS: ReadonlySet<string> = new Set([
  'đọc nhiều',
  'đọc nhiều nhất',
  'tin đọc nhiều',
  'xem nhiều',
  'xem nhiều nhất',
  'tin xem nhiều',
  'tin mới',
  'tin mới nhất',
  'tin mới cập nhật',
  'tin liên quan',
  'bài liên quan',
  'tin cùng chuyên mục',
  'cùng chuyên mục',
  'tin khác',
  'các tin khác',
  'tin nổi bật',
  'đừng bỏ lỡ',
  'có thể bạn quan tâm',
  'bạn có thể quan tâm',
  'có thể bạn chưa đọc',
  'xem thêm',
  'đọc thêm',
  'bình luận',
  'ý kiến',
  'ý kiến bạn đọc',
  'gửi bình luận',
  'viết bình luận',
  'cảm nhận của bạn về bài viết này',
  'bạn thấy bài viết thế nào',
  'hỏi đáp thông minh',
  'chia sẻ',
  'chia sẻ bài viết',
  'từ khóa',
  'tags',
  'tag',
  'chủ đề',
]);

/** Tag lines ("Từ khóa: APEC, Peru") close the article like a section heading. */
const TAGS_LINE = /^(?:từ khóa|tags?|chủ đề)\s*:/u;

/** True when the line ends the article (a section heading or a tags line). */
export function isSectionEnd(key: string): boolean {
  return SECTION_END_KEYS.has(key) || TAGS_LINE.test(key);
}

/** Navigation, buttons, banners and widgets: dropped wherever they appear. */
const NOISE_KEYS: ReadonlySet<string> = new Set([
  'logo',
  'trang chủ',
  'menu',
  'tìm kiếm',
  'video',
  'ảnh',
  'podcast',
  'infographic',
  'emagazine',
  'quảng cáo',
  'advertisement',
  'tin tài trợ',
  'đăng nhập',
  'đăng ký',
  'đăng kí',
  'đăng xuất',
  'facebook',
  'zalo',
  'twitter',
  'email',
  'in bài',
  'in bài viết',
  'bản in',
  'copy link',
  'sao chép liên kết',
  'lưu',
  'lưu bài viết',
  'theo dõi',
  'theo dõi báo trên google news',
  'nghe',
  'nghe bài viết',
  'cỡ chữ',
  'a-',
  'a+',
  'thích',
]);

/** "Đăng ký mua gói ấn phẩm|Đăng nhập": a menu of short items separated by bars. */
function isMenuLine(line: string): boolean {
  if (!line.includes('|')) return false;
  const items = line.split('|').map((s) => s.trim());
  return items.length >= 2 && items.every((s) => s.length <= 40 && !/[.!?]$/.test(s));
}

/** Seasonal banners over the masthead: "Mừng Đảng mừng Xuân 2026", "Chúc mừng năm mới". */
const BANNER = /^(?:chúc )?mừng (?:đảng|xuân|năm mới|tết|ngày|kỷ niệm)/u;
/** "2 giờ trước", "5 phút trước": relative times of widgets. */
const RELATIVE_TIME = /^\d+ (?:giây|phút|giờ|ngày|tuần|tháng) trước$/u;
/** "26 Feb, 06:33 PM", "06:33", "10/11": timestamps without a full date, as teaser cards show them. */
const BARE_TIME = /^(?:\d{1,2} [a-z]{3},? )?\d{1,2}:\d{2}(?: ?[ap]m)?$|^\d{1,2}\/\d{1,2}$/u;

/** True for navigation, login, buttons, banners and widget lines. */
export function isNoise(line: string, key = lineKey(line)): boolean {
  if (NOISE_KEYS.has(key)) return true;
  if (key.includes('đăng nhập') && line.length <= 80) return true;
  if (isMenuLine(line)) return true;
  if (BANNER.test(key) && line.length <= 60) return true;
  return RELATIVE_TIME.test(key) || BARE_TIME.test(key);
}

/**
 * Inline teasers inside the article: "Xem thêm: <other headline>", ">> Đọc thêm: …". Dropped;
 * a bare "Xem thêm" heading is a section end instead.
 */
const INLINE_TEASER = /^(?:xem thêm|đọc thêm|tin liên quan|bài liên quan|xem tiếp|mời xem)\s*[:>»-]\s*\S/u;

export function isInlineTeaser(key: string): boolean {
  return INLINE_TEASER.test(key);
}

/** "…(Ảnh: Lâm Khánh/TTXVN)", "… (Ảnh minh họa)", "…(Video: VTV)". */
const CAPTION_CREDIT_PAREN = /\(\s*(?:ảnh|video|clip|đồ họa|nguồn ảnh|nguồn)\b[^()]*\)\s*[.]?$/u;
/** "… tại Lima, Peru ngày 16-11 - Ảnh: AFP" (after a dash, as Tuổi Trẻ prints it) or "…phố Kim Mã. Ảnh: Minh Anh". */
const CAPTION_CREDIT_DASH = /(?:\s[-–—]|[.!?])\s*(?:ảnh|video|clip|đồ họa)\s*:\s*[^.!?]{1,80}$/u;
/** A credit on its own line: "Ảnh: Minh Anh", "Ảnh minh họa", "Nguồn ảnh: Reuters". */
const CAPTION_LINE = /^(?:ảnh|video|clip|đồ họa|nguồn ảnh)\s*(?::\s*\S.{0,80}|minh họa(?:\s*:.{0,80})?)$/u;
/** Captions are short; a long paragraph ending in a credit is still prose. */
const CAPTION_MAX_CHARS = 400;

/** True for a photo or video caption line (a credit in parentheses, after a dash, or alone). */
export function isPhotoCaption(line: string): boolean {
  if (line.length > CAPTION_MAX_CHARS) return false;
  const key = normalizeForMatch(line.trim());
  return CAPTION_CREDIT_PAREN.test(key) || CAPTION_CREDIT_DASH.test(key) || CAPTION_LINE.test(key);
}

/** A line that is only a date (with weekday, time, zone), like the dateline under a headline. */
export function isDateLine(line: string): boolean {
  if (line.length > 80 || findVietnameseDate(line) === '') return false;
  // What is left once date, time and zone are removed must be a weekday or a label, not prose.
  const rest = lineKey(line)
    .replace(/\d+/g, ' ')
    .replace(/\b(?:gmt|utc|am|pm)\b/g, ' ')
    .replace(/[^\p{L}\s]/gu, ' ')
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  return rest.length <= 5;
}

/** "Theo TTXVN", "Nguồn: VnExpress", "(TTXVN)": attributions after the last paragraph. */
const ATTRIBUTION = /^(?:\((?:theo )?[^()]{1,40}\)|(?:theo|nguồn)\s*:?\s+\S.{0,60})$/u;
/** A bare name line ("Minh Anh", "Nhóm PV"): up to five capitalized words, no sentence punctuation. */
const NAME_LINE = /^(?:[\p{Lu}][\p{L}.]*)(?:[\s-]+[\p{Lu}][\p{L}.]*){0,4}$/u;

/** True for a byline or attribution line (checked only at the edges of the article). */
export function isByline(line: string): boolean {
  const text = line.trim();
  if (text.length > 80) return false;
  return ATTRIBUTION.test(normalizeForMatch(text)) || NAME_LINE.test(text);
}

/**
 * The site token some pages put at the start of the lead: "Kinhtedothi - Chiều 26/2, …",
 * "(Dân Sinh) - …", "TTO - …". Only a parenthesized token or a single ASCII word is taken,
 * so a place dateline such as "Hà Nội - " stays; "TP" datelines are places too.
 */
const LEAD_SITE_TOKEN = /^(?:\([^()]{2,30}\)|(?!TP\b)[A-Za-z][A-Za-z0-9.+]{1,24}|Dân trí)\s*[-–—]\s+(?=\p{Lu})/u;

export function stripLeadSiteToken(lead: string): string {
  return lead.replace(LEAD_SITE_TOKEN, '');
}

/**
 * TTXVN and many papers close the article text with "./.": everything after it is furniture.
 * Returns the line without the marker (keeping the full stop), or undefined when absent.
 */
export function stripEndOfText(line: string): string | undefined {
  const m = /\s*\.?\/\.$/.exec(line);
  if (!m) return undefined;
  const text = line.slice(0, m.index);
  return /[.!?…"”)]$/.test(text) ? text : `${text}.`;
}
