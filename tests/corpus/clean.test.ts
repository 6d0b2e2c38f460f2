import { describe, expect, it } from 'vitest';
import { cleanInline, cleanText, cleanTitle, fallbackTitle, joinLead } from '../../src/corpus/clean.js';
import { findVietnameseDate, toIsoDate } from '../../src/corpus/dates.js';

describe('cleanText', () => {
  it('normalizes NFD input to NFC with classic tone marks', () => {
    const nfd = 'Hoà bình và thuỷ lợi'.normalize('NFD');
    expect(nfd).not.toBe(nfd.normalize('NFC'));
    expect(cleanText(nfd)).toBe('Hòa bình và thủy lợi');
  });

  it('removes zero-width and control characters and collapses spaces', () => {
    expect(cleanText('Chủ\u200B tịch\u00A0\u00A0nước\u0007 \t thăm\uFEFF Chile')).toBe('Chủ tịch nước thăm Chile');
  });

  it('normalizes line endings, trims lines and keeps one blank line between paragraphs', () => {
    const text = '  Đoạn một.  \r\n\r\n\r\n\r\nĐoạn hai,\rdòng hai.\r\n\r\n';
    expect(cleanText(text)).toBe('Đoạn một.\n\nĐoạn hai,\ndòng hai.');
  });

  it('gives one line for inline fields', () => {
    expect(cleanInline('Tin\nnóng\n\n  hôm nay ')).toBe('Tin nóng hôm nay');
  });
});

describe('cleanTitle', () => {
  it('drops quotes and the feed tag, and marks truncation with one ellipsis', () => {
    expect(cleanTitle(' " [Peru đấu với Chile] Nhìn lại chuyến thăm Chile, Peru ..."')).toBe('Nhìn lại chuyến thăm Chile, Peru…');
    expect(cleanTitle('“Bão số 3 đổ bộ”')).toBe('Bão số 3 đổ bộ');
  });

  it('keeps a title that is only a bracketed text', () => {
    expect(cleanTitle('[Infographic]')).toBe('[Infographic]');
  });
});

describe('fallbackTitle and joinLead', () => {
  it('uses the first line, cut near 120 characters at a word boundary', () => {
    const body = `${'Người dân đổ về trung tâm thành phố '.repeat(6)}để xem pháo hoa.\nĐoạn sau.`;
    const title = fallbackTitle(body);
    expect(title.endsWith('…')).toBe(true);
    expect(title.length).toBeLessThanOrEqual(121);
    expect(body.startsWith(title.slice(0, -1))).toBe(true);
    expect(fallbackTitle('Câu ngắn.\nCâu sau.')).toBe('Câu ngắn.');
  });

  it('puts the lead in front of the body once', () => {
    expect(joinLead('Sapo.', 'Thân bài.')).toBe('Sapo.\n\nThân bài.');
    expect(joinLead('Sapo.', 'Sapo.\n\nThân bài.')).toBe('Sapo.\n\nThân bài.');
    expect(joinLead('Mở đầu bị cắt...', 'Mở đầu bị cắt ngang ở đây.')).toBe('Mở đầu bị cắt ngang ở đây.');
    expect(joinLead('', 'Thân bài.')).toBe('Thân bài.');
  });
});

describe('dates', () => {
  it('keeps the offset of RFC 2822 and Jekyll dates', () => {
    expect(toIsoDate('Sat, 16 Nov 2024 11:00:00 +0700')).toBe('2024-11-16T11:00:00+07:00');
    expect(toIsoDate('2024-11-16 11:00:00 +0700')).toBe('2024-11-16T11:00:00+07:00');
    expect(toIsoDate('2024-11-16')).toBe('2024-11-16');
    expect(toIsoDate('2021-04-20T08:30:00Z')).toBe('2021-04-20T08:30:00Z');
  });

  it('reads Vietnamese day-first dates with time and zone', () => {
    expect(findVietnameseDate('Chủ nhật, 10/11/2024 - 14:30 (GMT+7)')).toBe('2024-11-10T14:30:00+07:00');
    expect(findVietnameseDate('Cập nhật 09h05 ngày 1-2-2025')).toBe('2025-02-01T09:05:00');
    expect(findVietnameseDate('ngày 2 tháng 9 năm 1945')).toBe('1945-09-02');
  });

  it('gives an empty string for what is not a date', () => {
    expect(toIsoDate('31/02/2024')).toBe('');
    expect(toIsoDate('hôm qua')).toBe('');
    expect(toIsoDate(null)).toBe('');
  });
});
