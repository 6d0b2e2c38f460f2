/**
 * understoodRight: of the questions asked without diacritics, the share the service understood
 * with every syllable as the reader meant it, which is what the widget's "Đã hiểu câu hỏi là…"
 * line shows. Checked by hand on a few questions, and through finish() from per-question results.
 */
import { describe, expect, it } from 'vitest';
import { understoodRight } from '../../src/eval/metrics.js';
import { finish } from '../../src/eval/run.js';
import { questionResult } from '../support/eval-fixtures.js';

describe('understoodRight', () => {
  it('needs every syllable as written; case and tone-mark placement do not count', () => {
    const written = 'Chủ tịch nước thăm Chile vào tháng mấy?';
    expect(understoodRight({ written, as: 'chủ tịch nước thăm chile vào tháng mấy' })).toBe(true);
    expect(understoodRight({ written: 'Hoà bình?', as: 'Hòa bình?' })).toBe(true);
    expect(understoodRight({ written, as: 'Chủ tịch nước thăm Chile vào thang máy?' })).toBe(false);
    expect(understoodRight({ written, as: 'Chủ tịch nước thăm Chile vào tháng?' })).toBe(false);
  });

  it('counts only the questions asked otherwise than written, restored or not', () => {
    const run = finish(
      [
        // Restored right.
        questionResult({
          question: 'Giá xăng tháng mấy tăng?',
          asked: 'Gia xang thang may tang?',
          understoodAs: 'Giá xăng tháng mấy tăng?',
        }),
        // Restored wrong: an elevator.
        questionResult({
          question: 'Giá xăng tháng mấy tăng?',
          asked: 'Gia xang thang may tang?',
          understoodAs: 'Giá xăng thang máy tăng?',
        }),
        // Not restored at all: what was typed is what was understood.
        questionResult({ question: 'Giá vàng bao nhiêu?', asked: 'Gia vang bao nhieu?' }),
        // Asked as written: not part of the metric.
        questionResult({ question: 'Giá vàng bao nhiêu?', asked: 'Giá vàng bao nhiêu?' }),
      ],
      false,
    );
    expect(run.metrics.understoodRight).toBeCloseTo(1 / 3, 10);
  });

  it('is not measured when every question was asked as written', () => {
    const run = finish([questionResult({ question: 'Giá vàng bao nhiêu?', asked: 'Giá vàng bao nhiêu?' })], false);
    expect(run.metrics.understoodRight).toBeNull();
  });
});
