import { describe, expect, it } from 'vitest';
import { PLACEHOLDERS, scrubPersonalData } from '../../src/insights/scrub.js';
import { questionRecord } from '../../src/insights/record.js';
import type { AskResponse } from '../../src/contract.js';

const { email, phone, number } = PLACEHOLDERS;

describe('scrubPersonalData', () => {
  it.each([
    ['Số 0912345678 có phải lừa đảo không?', `Số ${phone} có phải lừa đảo không?`],
    ['gọi 0912.345.678 hỏi giá vé', `gọi ${phone} hỏi giá vé`],
    ['số 0912 345 678 nhắn tin trúng thưởng', `số ${phone} nhắn tin trúng thưởng`],
    ['số +84 912 345 678 là của ai', `số ${phone} là của ai`],
    ['tổng đài (028) 3829 5555 ở đâu', `tổng đài ${phone} ở đâu`],
    ['liên hệ 091-234-5678', `liên hệ ${phone}`],
    ['email nguyen.van.a@gmail.com bị hack', `email ${email} bị hack`],
    ['Gửi hồ sơ về tuyen_sinh+2025@dai-hoc.edu.vn?', `Gửi hồ sơ về ${email}?`],
    ['CCCD 001203004567 bị lộ thì sao', `CCCD ${number} bị lộ thì sao`],
    ['CMND 123456789 hết hạn', `CMND ${number} hết hạn`],
    ['thẻ 4111 1111 1111 1111 bị trừ tiền', `thẻ ${number} bị trừ tiền`],
    ['tài khoản 1903-5678-9012 bị khoá', `tài khoản ${number} bị khoá`],
  ])('replaces personal data: %s', (question, expected) => {
    expect(scrubPersonalData(question)).toBe(expected);
  });

  it.each([
    'Giá vàng SJC hôm nay 92.000.000 đồng một lượng à?',
    'Ngân sách 12,000,000,000 đồng chi cho việc gì?',
    'Ngày 10/11/2024 Chủ tịch nước thăm Chile phải không?',
    'Covid-19 năm 2021-2022 có bao nhiêu ca?',
    'Đường dây nóng 1900 1234 của bệnh viện?',
    'Các số khẩn cấp 113 114 115 là gì?',
    'So sánh năm 2024 2025 2026',
    'Lãi suất 5,5% một năm',
    'Chủ tịch nước thăm Chile khi nào?',
    'chu tich nuoc tham chile',
  ])('leaves the numbers news questions are made of: %s', (question) => {
    expect(scrubPersonalData(question)).toBe(question);
  });
});

describe('questionRecord', () => {
  const response: AskResponse = {
    answer: 'Ngày 10/11. [1]',
    found: true,
    citations: [
      {
        n: 1,
        articleId: 'bai-chile',
        title: 'Chủ tịch nước thăm Chile',
        url: 'https://tintuc.vn/chile',
        publishedAt: '2024-11-10',
        passage: '…',
        start: 0,
        end: 10,
        score: 1,
      },
    ],
    shortAnswer: { text: 'ngày 10/11', n: 1, start: 0, end: 10 },
    confidence: 0.8234,
    understoodAs: 'chủ tịch nước thăm chile khi nào, số 0912345678',
    answerer: 'extractive',
    tookMs: 12.345,
  };

  it('keeps what an editor needs and nothing that identifies the reader', () => {
    const record = questionRecord(
      {
        question: ' chu tich nuoc tham chile khi nao, so 0912345678 ',
        articleId: 'bai-chile',
        history: [{ question: 'email toi la a@b.vn', answer: '…' }],
      },
      response,
      new Date('2026-11-30T01:02:03Z'),
    );
    expect(record).toEqual({
      at: '2026-11-30T01:02:03.000Z',
      articleId: 'bai-chile',
      question: `chu tich nuoc tham chile khi nao, so ${phone}`,
      understoodAs: `chủ tịch nước thăm chile khi nào, số ${phone}`,
      found: true,
      confidence: 0.823,
      short: 'ngày 10/11',
      top: { articleId: 'bai-chile', title: 'Chủ tịch nước thăm Chile', url: 'https://tintuc.vn/chile' },
      ms: 12.3,
    });
    // The thread's earlier turns are never kept: they would link questions to one reader.
    expect(JSON.stringify(record)).not.toContain('a@b.vn');
  });

  it('names no cited article for a refusal', () => {
    const record = questionRecord({ question: 'Giá xăng tuần sau?' }, { ...response, found: false, shortAnswer: null }, new Date(0));
    expect(record.top).toBeUndefined();
    expect(record.short).toBeUndefined();
    expect(record.found).toBe(false);
  });
});
