import { describe, expect, it } from 'vitest';
import { parseEvalSet } from '../../src/eval/set.js';

const line = (v: unknown) => JSON.stringify(v);

describe('parseEvalSet', () => {
  it('reads the project schema, with answerable defaulting to true', () => {
    const text = [
      line({ id: 'q1', question: 'Chủ tịch nước tiếp bà Vodanovic ở đâu?', answers: ['Santiago'], articleIds: ['chile'] }),
      line({ id: 'q2', question: 'Giá xăng hôm nay?', answers: [], articleIds: [], answerable: false }),
      '',
    ].join('\n');
    const set = parseEvalSet(text, 'own.jsonl');
    expect(set.schema).toBe('own');
    expect(set.errors).toEqual([]);
    expect(set.questions).toEqual([
      { id: 'q1', question: 'Chủ tịch nước tiếp bà Vodanovic ở đâu?', answers: ['Santiago'], articleIds: ['chile'], answerable: true },
      { id: 'q2', question: 'Giá xăng hôm nay?', answers: [], articleIds: [], answerable: false },
    ]);
  });

  it('reads the datasets schema: passage_id is the expected article, answer_texts the answers', () => {
    const record = {
      id: 'vn-1',
      dataset: 'made-up',
      split: 'dev',
      passage_id: 'bai-42',
      article_title: 'Bệnh viện cứu sống sản phụ',
      question: 'Bác sĩ phát hiện điều gì?',
      answers: [{ text: 'khối u', answer_start: 10 }],
      answer_texts: ['khối u', 'một khối u', 'khối u'],
    };
    const set = parseEvalSet(line(record), 'dev.questions.jsonl');
    expect(set.schema).toBe('dataset');
    expect(set.questions).toEqual([
      { id: 'vn-1', question: 'Bác sĩ phát hiện điều gì?', answers: ['khối u', 'một khối u'], articleIds: ['bai-42'], answerable: true },
    ]);
  });

  it('normalizes the question to NFC but keeps ids exactly', () => {
    const set = parseEvalSet(line({ id: 7, question: 'Hoà bình ở đâu?'.normalize('NFD'), answers: ['x'], articleIds: ['Bài-Một'] }), 'f');
    expect(set.questions[0]).toMatchObject({ id: '7', question: 'Hòa bình ở đâu?', articleIds: ['Bài-Một'] });
  });

  it('reports bad lines with file:line and keeps the others', () => {
    const text = [
      line({ id: 'ok', question: 'Ai?', answers: ['Bà A'], articleIds: ['a'] }),
      '{not json',
      line({ id: 'no-answers', question: 'Ai?', articleIds: ['a'] }),
      line({ id: 'empty', question: 'Ai?', answers: [], articleIds: ['a'] }),
      line({ id: 'ok', question: 'Lặp?', answers: ['x'], articleIds: ['a'] }),
      line({ id: 'p', question: 'Khi nào?', passage_id: 'p1', answer_texts: 'năm 1969' }),
      line(['array']),
      line({ id: 'p2', question: 'Ở đâu?', passage_id: 'p2', answer_texts: ['Lima'] }),
    ].join('\n');
    const set = parseEvalSet(text, 'set.jsonl');
    expect(set.questions.map((q) => q.id)).toEqual(['ok', 'p2']);
    expect(set.schema).toBe('mixed');
    expect(set.errors).toHaveLength(6);
    expect(set.errors[0]).toMatch(/^set\.jsonl:2: not valid JSON/);
    expect(set.errors[1]).toMatch(/^set\.jsonl:3: `answers` must be an array of strings/);
    expect(set.errors[2]).toMatch(/^set\.jsonl:4: an answerable question needs at least one answer/);
    expect(set.errors[3]).toBe('set.jsonl:5: duplicate id "ok"');
    expect(set.errors[4]).toBe('set.jsonl:6: `answer_texts` must be an array of strings');
    expect(set.errors[5]).toBe('set.jsonl:7: not a JSON object');
  });
});
