import { describe, expect, it } from 'vitest';
import { groupTopics, topicMembers, type TopicInput } from '../../src/insights/topics.js';
import { foldDiacritics } from '../../src/text/normalize.js';
import { CONFUSABLE_TOPICS, SYNTHETIC_TOPICS, syntheticQuestions, type SyntheticQuestion } from '../support/synthetic-questions.js';

const log = syntheticQuestions({ count: 3000, seed: 1 });
const all = { maxGroups: Infinity };
const members = topicMembers(log, all);
const topics = groupTopics(log, all);

/** Questions of each known topic. */
const truth = new Map<string, number>();
for (const q of log) if (q.group) truth.set(q.group, (truth.get(q.group) ?? 0) + 1);

/** The true topic of a question; a one-off is a topic of its own. */
const topicOf = (i: number) => log[i]!.group ?? `one-off ${i}`;

/** The index of the group holding most of a known topic's questions, and how many it holds. */
function dominant(topic: string): { group: number; held: number } {
  let best = { group: -1, held: 0 };
  members.forEach((m, group) => {
    const held = m.filter((i) => log[i]!.group === topic).length;
    if (held > best.held) best = { group, held };
  });
  return best;
}

/** Share of questions in groups of 3 or more that belong to their group's main topic. */
function purity(): number {
  let pure = 0;
  let total = 0;
  for (const m of members.filter((g) => g.length >= 3)) {
    const counts = new Map<string, number>();
    for (const i of m) counts.set(topicOf(i), (counts.get(topicOf(i)) ?? 0) + 1);
    pure += Math.max(...counts.values());
    total += m.length;
  }
  return pure / total;
}

const at = (day: number) => `2026-11-${String(day).padStart(2, '0')}T03:00:00.000Z`;
const ask = (question: string, day = 1, extra: Partial<TopicInput> = {}): TopicInput => ({ question, at: at(day), ...extra });

describe('groupTopics on a synthetic log with known topics', () => {
  const recall = [...truth].map(([topic, size]) => ({ topic, size, share: dominant(topic).held / size }));
  const worst = recall.reduce((a, b) => (b.share < a.share ? b : a));

  it(`keeps each known topic in one group (worst: ${worst.topic}, ${(worst.share * 100).toFixed(1)}%)`, () => {
    for (const { topic, size, share } of recall.filter((r) => r.size >= 5)) {
      expect(share, `${topic}: ${size} questions, the largest group holds ${(share * 100).toFixed(1)}%`).toBeGreaterThanOrEqual(0.9);
    }
  });

  const measured = purity();
  it(`makes pure groups (${(measured * 100).toFixed(1)}% of questions in groups of 3+ belong to the group's topic)`, () => {
    expect(measured).toBeGreaterThanOrEqual(0.95);
  });

  it('keeps confusable topics apart', () => {
    for (const [a, b] of CONFUSABLE_TOPICS) expect(dominant(a).group, `${a} and ${b}`).not.toBe(dominant(b).group);
  });

  // Within 10%, or 2 questions for the smallest topics: "Chợ Bến Thành mở cửa đến mấy giờ?" may join the metro's 9.
  it('reports counts within 10% of the true size, and labels with the topic’s key terms', () => {
    for (const { id, keyTerms } of SYNTHETIC_TOPICS) {
      const size = truth.get(id)!;
      const topic = topics[dominant(id).group]!;
      expect(Math.abs(topic.count - size), `${id}: reported ${topic.count}, true ${size}`).toBeLessThanOrEqual(Math.max(2, 0.1 * size));
      for (const term of keyTerms) expect(topic.label.toLowerCase(), id).toContain(term.toLowerCase());
    }
  });

  it('lists the largest group first, labelled "giá xăng", with distinct examples asked with diacritics', () => {
    const [top] = topics;
    expect(top!.label).toBe('giá xăng');
    expect(top!.count).toBe(truth.get('gia-xang'));
    expect(top!.examples).toHaveLength(3);
    for (const topic of topics) {
      const keys = topic.examples.map((e) =>
        foldDiacritics(e.toLowerCase())
          .replace(/[^\p{L}\p{N}]+/gu, ' ')
          .trim(),
      );
      expect(new Set(keys).size, topic.label).toBe(keys.length);
    }
    expect(top!.examples.every((e) => e !== foldDiacritics(e))).toBe(true);
  });

  it('orders groups by size, singletons last, and spans the times and articles asked', () => {
    const counts = topics.map((t) => t.count);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    expect(topics.at(-1)!.count).toBe(1);
    const gold = topics[dominant('gia-vang').group]!;
    const asked = log.filter((q) => q.group === 'gia-vang');
    expect(gold.first).toBe(asked.map((q) => q.at).sort()[0]);
    expect(gold.last).toBe(
      asked
        .map((q) => q.at)
        .sort()
        .at(-1),
    );
    expect(new Set(gold.articles)).toEqual(new Set(['gia-vang-sjc', 'vang-nhan-tang-ky-luc']));
    expect(groupTopics(log)).toHaveLength(50);
  });

  it('gives the same groups whatever the order of the log', () => {
    const shuffled = syntheticQuestions({ count: 3000, seed: 1 }).reverse();
    const rotated: SyntheticQuestion[] = [...shuffled.slice(1234), ...shuffled.slice(0, 1234)];
    expect(groupTopics(rotated, all)).toEqual(topics);
  });
});

describe('groupTopics on small cases', () => {
  it('returns no groups for no questions', () => {
    expect(groupTopics([])).toEqual([]);
  });

  it('puts a question typed with and without diacritics in one group, spelt with them', () => {
    const groups = groupTopics([
      ask('Giá xăng hôm nay bao nhiêu?', 3),
      ask('gia xang hom nay bao nhieu', 1),
      ask('Giá xăng tuần này thế nào', 2, { articleId: 'xang-dau' }),
    ]);
    expect(groups).toEqual([
      {
        label: 'giá xăng',
        count: 3,
        examples: ['Giá xăng hôm nay bao nhiêu?', 'Giá xăng tuần này thế nào'],
        articles: ['xang-dau'],
        first: at(1),
        last: at(3),
      },
    ]);
  });

  it('spells the label from the restored question when the reader typed without diacritics', () => {
    const restored = (question: string) => ask(question, 1, { understoodAs: 'vé tàu Tết còn không' });
    const [group] = groupTopics([restored('ve tau tet con khong'), restored('ve tau tet con ko')]);
    expect(group!.label).toBe('vé tàu Tết');
    expect(group!.examples).toEqual(['ve tau tet con khong', 've tau tet con ko']);
  });

  it('keeps "giá xăng" and "giá vàng" apart', () => {
    const groups = groupTopics([
      ask('Giá xăng hôm nay bao nhiêu?'),
      ask('Giá xăng RON 95 hôm nay bao nhiêu?'),
      ask('Giá vàng hôm nay bao nhiêu?'),
      ask('Giá vàng SJC hôm nay bao nhiêu?'),
    ]);
    expect(groups.map((g) => g.count)).toEqual([2, 2]);
    expect(groups[0]!.label).toContain('giá vàng');
    expect(groups[1]!.label).toContain('giá xăng');
  });

  it('gives the same groups and counts for shuffled input', () => {
    const questions = [
      ask('Lịch nghỉ Tết 2026 được mấy ngày?', 1),
      ask('lich nghi tet 2026 duoc may ngay', 2),
      ask('Vé tàu Tết 2026 mở bán khi nào?', 3),
      ask('Khi nào mở bán vé tàu Tết 2026?', 4),
      ask('Điểm chuẩn Đại học Y Hà Nội bao nhiêu?', 5),
    ];
    const groups = groupTopics(questions);
    expect(groups.map((g) => g.count)).toEqual([2, 2, 1]);
    expect(groupTopics([...questions].reverse())).toEqual(groups);
    expect(groupTopics([questions[2]!, questions[0]!, questions[4]!, questions[1]!, questions[3]!])).toEqual(groups);
  });

  it('cuts the list at maxGroups and the examples at `examples`', () => {
    const questions = [ask('Giá vàng SJC bao nhiêu?'), ask('giá vàng sjc bao nhiêu vậy'), ask('Giá vàng SJC hôm nay bao nhiêu?')];
    questions.push(ask('Bão số 3 khi nào đổ bộ?'));
    const groups = groupTopics(questions, { maxGroups: 1, examples: 1 });
    expect(groups).toHaveLength(1);
    expect(groups[0]!.count).toBe(3);
    expect(groups[0]!.examples).toHaveLength(1);
  });
});
