/**
 * The typing noise of `npm run eval -- --noise typing` (src/eval/noise.ts): its Telex and VNI
 * encoders word by word, each transformation forced on, determinism and order independence, the
 * rates it produces on the ViNewsQA dev questions (when ../shared/datasets is there) against its
 * table, and the eval CLI and noisy-questions script running it.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import type { AskRequest } from '../../src/contract.js';
import {
  DEFAULT_NOISE_SEED,
  TYPING_RATES,
  questionSeed,
  telexKeys,
  typingNoise,
  vniKeys,
  type TypingNoiseRates,
} from '../../src/eval/noise.js';
import type { EvalReport } from '../../src/eval/report.js';
import { runEval, type AskService } from '../../src/eval/run.js';
import { parseEvalSet, type EvalQuestion } from '../../src/eval/set.js';
import { foldDiacritics, hasDiacritics } from '../../src/text/normalize.js';
import { hit } from '../support/eval-fixtures.js';
import { VINEWSQA_DEV } from '../support/shared-datasets.js';

const OWN = parseEvalSet(readFileSync('evals/own.jsonl', 'utf8'), 'evals/own.jsonl').questions;
const DEV = VINEWSQA_DEV;
const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

/** Nothing but folding: each test turns on what it is about. */
const QUIET: TypingNoiseRates = { abbreviations: [], lowerCase: 0, dropQuestionMark: 0, telex: 0, vni: 0 };
/** Every abbreviation typed as its first form, every time. */
const ALWAYS_FIRST: TypingNoiseRates = {
  ...QUIET,
  abbreviations: TYPING_RATES.abbreviations.map((a) => ({ ...a, typed: [[a.typed[0]![0], 1] as const] })),
};

const tokens = (text: string) => text.toLowerCase().match(/[\p{L}\p{M}\p{N}]+/gu) ?? [];
const noisy = (q: EvalQuestion, seed: number, rates?: TypingNoiseRates) => typingNoise(q.question, questionSeed(seed, q.id), rates);

describe('Telex and VNI keystrokes', () => {
  it('Telex: each letter then its mark key (aa ee oo, aw ow uw, dd), the tone key at the end of the word', () => {
    const table: [string, string][] = [
      ['việt', 'vieetj'],
      ['đường', 'dduwowngf'],
      ['người', 'nguwowif'], // "ươ" letter by letter, not the "uow" shortcut
      ['không', 'khoong'],
      ['thủ', 'thur'],
      ['Hà', 'Haf'],
      ['Nội', 'Nooij'],
      ['được', 'dduwowcj'],
      ['gì', 'gif'],
      ['ăn', 'awn'],
      ['những', 'nhuwngx'],
      ['quốc', 'quoocs'],
      ['Đà', 'Ddaf'],
      ['ĐÀ', 'DDAF'],
      ['Ở', 'Owr'],
      ['tuổi', 'tuooir'],
      ['mẹ', 'mej'],
      ['bơi', 'bowi'],
      ['nay', 'nay'],
      ['café', 'cafes'],
    ];
    expect(table.map(([word]) => [word, telexKeys(word)])).toEqual(table);
  });

  it('VNI: each letter then its digits (6 â ê ô, 8 ă, 7 ơ ư, d9 đ; tone 1–5 after the letter that carries it)', () => {
    const table: [string, string][] = [
      ['Việt', 'Vie65t'],
      ['đường', 'd9u7o72ng'],
      ['người', 'ngu7o72i'],
      ['không', 'kho6ng'],
      ['thủ', 'thu3'],
      ['Hà', 'Ha2'],
      ['Nội', 'No65i'],
      ['ăn', 'a8n'],
      ['những', 'nhu74ng'],
      ['quốc', 'quo61c'],
      ['mẹ', 'me5'],
      ['sáu', 'sa1u'],
    ];
    expect(table.map(([word]) => [word, vniKeys(word)])).toEqual(table);
  });

  it('folds a word with a mark neither can type', () => {
    expect(telexKeys('Müller')).toBe('Muller');
    expect(vniKeys('Müller')).toBe('Muller');
  });
});

describe('each transformation, forced on', () => {
  it('with nothing forced it is --strip-diacritics', () => {
    for (const q of OWN) expect(noisy(q, 1, QUIET)).toBe(foldDiacritics(q.question));
  });

  it('abbreviates whole words, case aside, the longest written form first, numbers kept', () => {
    const cases: [string, string][] = [
      ['Không được, bao nhiêu người như thế nào vậy rồi gì?', 'Ko dc, bn ng ntn v r j?'],
      ['Công ty ở Hà Nội hay TP.HCM?', 'Cty o HN hay TPHCM?'],
      ['Thành phố Hồ Chí Minh và thành phố Huế, TP HCM, Sài Gòn', 'TPHCM va tp Hue, TPHCM, SG'],
      ['Thủ tướng và Tổng thống Việt Nam', 'Tt va Tt VN'],
      ['Lương 5 triệu, thưởng 1,5 triệu và 100 nghìn, 200 ngàn', 'Luong 5tr, thuong 1,5tr va 100k, 200k'],
      ['Bác sĩ bệnh viện nói với ai trước hôm nay?', 'Bs bv noi vs ai trc hnay?'],
      // Not inside other words: "gìn", "khôngkhí", a number inside a word.
      ['giữ gìn khôngkhí A5 triệu', 'giu gin khongkhi A5 trieu'],
    ];
    expect(cases.map(([q]) => [q, typingNoise(q, 's', ALWAYS_FIRST)])).toEqual(cases);
  });

  it('draws each form at its rate: the second form of không when the draw lands there', () => {
    const rates = { ...TYPING_RATES, telex: 0, vni: 0 };
    const seen = new Set(Array.from({ length: 200 }, (_, i) => typingNoise('không', `seed/${i}`, rates)));
    expect([...seen].sort()).toEqual(['hok', 'k', 'khong', 'ko']);
  });

  it('Telex, VNI, lower case and the dropped "?" when their rate is 1', () => {
    const q = 'Việt Nam ở đâu?';
    expect(typingNoise(q, 's', { ...QUIET, telex: 1 })).toBe('Vieetj Nam owr ddaau?');
    expect(typingNoise(q, 's', { ...QUIET, vni: 1 })).toBe('Vie65t Nam o73 d9a6u?');
    expect(typingNoise(q, 's', { ...QUIET, lowerCase: 1 })).toBe('viet nam o dau?');
    expect(typingNoise(q, 's', { ...QUIET, dropQuestionMark: 1 })).toBe('Viet Nam o dau');
  });
});

describe('deterministic, seeded per question', () => {
  it('gives these exact texts for seed 1 (the same on every machine)', () => {
    const byId = new Map(OWN.map((q) => [q.id, q]));
    const texts = ['chile-02', 'chile-05', 'chile-08'].map((id) => noisy(byId.get(id)!, DEFAULT_NOISE_SEED));
    expect(texts).toEqual([
      'Chu tich Dang Xa hoi Chile la ai',
      'tt chile nao quyet dinh thiet lap quan he ngoai giao vowis vn',
      'viet nam da kien tri thuc hien duong loi ddooir moi trong bn nam',
    ]);
  });

  it('the same seed gives the same text; another seed, another text for most questions', () => {
    const set = DEV.length ? DEV : OWN;
    const once = set.map((q) => noisy(q, 1));
    expect(set.map((q) => noisy(q, 1))).toEqual(once);
    const other = set.map((q) => noisy(q, 2));
    const changed = other.filter((text, i) => text !== once[i]).length / set.length;
    expect(changed).toBeGreaterThan(0.6);
  });

  it('the eval asks each question the same, whatever the order of the set', async () => {
    const asked = async (questions: readonly EvalQuestion[]) => {
      const qa = new RecordingService();
      await runEval(qa, questions, { stripDiacritics: false, noise: 'typing', noiseSeed: 7, unanswerable: false, scoped: false });
      return new Map(questions.map((q, i) => [q.id, qa.questions[i]]));
    };
    const forward = await asked(OWN);
    const backward = await asked([...OWN].reverse());
    expect(backward).toEqual(forward);
    expect(forward.get('chile-05')).toBe(typingNoise(OWN.find((q) => q.id === 'chile-05')!.question, questionSeed(7, 'chile-05')));
    // Another seed asks otherwise; without noise, as written.
    const seed8 = new RecordingService();
    await runEval(seed8, OWN, { stripDiacritics: false, noise: 'typing', noiseSeed: 8, unanswerable: false, scoped: false });
    expect(seed8.questions.filter((text, i) => text !== forward.get(OWN[i]!.id)).length).toBeGreaterThan(OWN.length / 2);
  });

  it('runEval refuses --noise with --strip-diacritics', async () => {
    await expect(
      runEval(new RecordingService(), OWN, { stripDiacritics: true, noise: 'typing', unanswerable: false, scoped: false }),
    ).rejects.toThrow(/cannot be combined with --strip-diacritics/);
  });
});

describe('no diacritic left but where an abbreviation keeps one ("đc")', () => {
  it('on the own set and the ViNewsQA dev questions, seeds 1–5', () => {
    let kept = 0;
    for (const seed of SEEDS.slice(0, 5))
      for (const q of [...OWN, ...DEV]) {
        const text = noisy(q, seed);
        kept += tokens(text).filter((t) => t === 'đc').length;
        expect(hasDiacritics(text.replace(/(?<![\p{L}\p{M}\p{N}])đc(?![\p{L}\p{M}\p{N}])/giu, '')), text).toBe(false);
      }
    if (DEV.length) expect(kept).toBeGreaterThan(100);
  });
});

describe.skipIf(DEV.length === 0)('the rates on the 2,497 ViNewsQA dev questions (10 seeds) match the table', () => {
  /** The tokens of each question, as written (folded) and as typed under each seed: computed once. */
  let typed: { before: string[]; after: string[][] }[] | undefined;
  const tokenized = () =>
    (typed ??= DEV.map((q) => ({ before: tokens(foldDiacritics(q.question)), after: SEEDS.map((seed) => tokens(noisy(q, seed))) })));

  /** Occurrences of a written form in the questions, and of each typed form the noise added, over the seeds. */
  const measure = (written: string, forms: readonly string[]) => {
    const pattern = new RegExp(`(?<![\\p{L}\\p{M}\\p{N}])${written.replace(/ /g, '\\s+')}(?![\\p{L}\\p{M}\\p{N}])`, 'giu');
    let occurrences = 0;
    const added = new Map(forms.map((f) => [f, 0]));
    DEV.forEach((q, i) => {
      const { before, after } = tokenized()[i]!;
      occurrences += (q.question.match(pattern)?.length ?? 0) * SEEDS.length;
      for (const words of after)
        for (const f of forms) added.set(f, added.get(f)! + words.filter((t) => t === f).length - before.filter((t) => t === f).length);
    });
    return { occurrences, shares: forms.map((f) => added.get(f)! / occurrences) };
  };

  const frequent = ['không', 'được', 'bao nhiêu', 'như thế nào', 'gì', 'người', 'bác sĩ', 'bệnh viện', 'với'];
  it.each(frequent)('"%s": each typed form within 5 points of its rate, and all of them together', (written) => {
    const entry = TYPING_RATES.abbreviations.find((a) => a.written.includes(written))!;
    const forms = entry.typed.map(([form]) => form.toLowerCase());
    const { occurrences, shares } = measure(written, forms);
    expect(occurrences).toBeGreaterThanOrEqual(1000); // ≥ 100 a seed: a share within 5 points means something
    entry.typed.forEach(([, rate], i) => expect(Math.abs(shares[i]! - rate), forms[i]).toBeLessThanOrEqual(0.05));
    const total = entry.typed.reduce((sum, [, rate]) => sum + rate, 0);
    expect(Math.abs(shares.reduce((a, b) => a + b, 0) - total)).toBeLessThanOrEqual(0.05);
  });

  it('"không" is typed ko/k/hok about 55% of the time', () => {
    const { shares } = measure('không', ['ko', 'k', 'hok']);
    expect(shares.reduce((a, b) => a + b, 0)).toBeGreaterThan(0.5);
    expect(shares.reduce((a, b) => a + b, 0)).toBeLessThan(0.6);
  });

  it('lower case for 70% of the questions, "?" dropped from 40%', () => {
    const capital = DEV.filter((q) => /\p{Lu}/u.test(q.question));
    const asked = DEV.filter((q) => q.question.endsWith('?'));
    expect(capital.length).toBeGreaterThan(2000);
    expect(asked.length).toBeGreaterThan(2000);
    const lower = SEEDS.flatMap((s) => capital.map((q) => !/\p{Lu}/u.test(noisy(q, s))));
    const dropped = SEEDS.flatMap((s) => asked.map((q) => !noisy(q, s).endsWith('?')));
    expect(Math.abs(share(lower) - TYPING_RATES.lowerCase)).toBeLessThanOrEqual(0.02);
    expect(Math.abs(share(dropped) - TYPING_RATES.dropQuestionMark)).toBeLessThanOrEqual(0.02);
  });

  it('Telex for 5% of the words with diacritics, VNI for 1%, the others folded', () => {
    const rates = { ...TYPING_RATES, abbreviations: [] };
    const kinds = { telex: 0, vni: 0, folded: 0 };
    for (const seed of SEEDS)
      for (const q of DEV) {
        const before = q.question.match(/[\p{L}\p{M}\p{N}]+/gu) ?? [];
        const after = noisy(q, seed, rates).match(/[\p{L}\p{M}\p{N}]+/gu) ?? [];
        expect(after.length).toBe(before.length);
        before.forEach((word, i) => {
          if (!hasDiacritics(word)) return expect(after[i]!.toLowerCase()).toBe(word.toLowerCase());
          const typed = after[i]!.toLowerCase();
          if (typed === foldDiacritics(word).toLowerCase()) kinds.folded++;
          else if (typed === telexKeys(word).toLowerCase()) kinds.telex++;
          else if (typed === vniKeys(word).toLowerCase()) kinds.vni++;
          else throw new Error(`${word} typed as ${typed}`);
        });
      }
    const words = kinds.telex + kinds.vni + kinds.folded;
    expect(words).toBeGreaterThan(100_000);
    expect(Math.abs(kinds.telex / words - TYPING_RATES.telex)).toBeLessThanOrEqual(0.005);
    expect(Math.abs(kinds.vni / words - TYPING_RATES.vni)).toBeLessThanOrEqual(0.0025);
  });
});

describe('npm run eval -- --noise typing, and npm run noisy-questions', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hoidap-noise-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const run = (script: string, args: string[]) =>
    promisify(execFile)(process.execPath, ['--import', 'tsx', resolve(script), ...args], { encoding: 'utf8' }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
    );

  it('asks the noisy questions through the real pipeline and says so in the table and the JSON', async () => {
    const json = join(dir, 'noise.json');
    const html = join(dir, 'noise.html');
    const res = await run('src/node/eval-cli.ts', [
      ...['--set', 'evals/own.jsonl', '--limit', '4', '--index', join(dir, 'index')],
      ...['--noise', 'typing', '--noise-seed', '3', '--json', json, '--html', html],
    ]);
    expect(res.stderr).toContain(`Wrote ${json}`);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('questions typed on a phone (--noise typing, seed 3)');
    const report = JSON.parse(readFileSync(json, 'utf8')) as EvalReport;
    expect(report.noise).toEqual({ mode: 'typing', seed: 3 });
    expect(report.stripDiacritics).toBe(false);
    expect(report.perQuestion.map((q) => q.asked)).toEqual(OWN.slice(0, 4).map((q) => noisy(q, 3)));
    expect(report.metrics.understoodRight).not.toBeNull();
    expect(readFileSync(html, 'utf8')).toContain('câu hỏi gõ vội trên điện thoại (--noise typing, seed 3)');
  });

  it('refuses --noise with --strip-diacritics, an unknown mode, and a seed without --noise', async () => {
    const [both, unknown, seedOnly] = await Promise.all([
      run('src/node/eval-cli.ts', ['--set', 'evals/own.jsonl', '--noise', 'typing', '--strip-diacritics']),
      run('src/node/eval-cli.ts', ['--set', 'evals/own.jsonl', '--noise', 'typos']),
      run('src/node/eval-cli.ts', ['--set', 'evals/own.jsonl', '--noise-seed', '2']),
    ]);
    expect([both.code, unknown.code, seedOnly.code]).toEqual([1, 1, 1]);
    expect(both.stderr.trim()).toBe(
      '--noise typing already drops the diacritics (and abbreviates): it cannot be combined with --strip-diacritics. Give one of them.',
    );
    expect(unknown.stderr.trim()).toBe('--noise must be typing, not "typos".');
    expect(seedOnly.stderr.trim()).toBe('--noise-seed only applies with --noise typing: give both, or neither.');
  });

  it('npm run noisy-questions writes {id, question, noisy}: the noisy questions the eval asks', async () => {
    const out = join(dir, 'noisy.jsonl');
    const res = await run('scripts/noisy-questions.ts', ['--set', 'evals/own.jsonl', '--seed', '3', '--out', out]);
    expect(res.code).toBe(0);
    const lines = readFileSync(out, 'utf8')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as unknown);
    expect(lines).toEqual(OWN.map((q) => ({ id: q.id, question: q.question, noisy: noisy(q, 3) })));
  });
});

/** Answers nothing, records what it was asked. */
class RecordingService implements AskService {
  questions: string[] = [];

  async askWithHits(request: AskRequest) {
    this.questions.push(request.question);
    return {
      response: { answer: 'Chưa tìm thấy thông tin.', found: false, citations: [], answerer: 'fake', tookMs: 1 },
      hits: [hit('chile', 'Tại Santiago.', 0)],
    };
  }
}

function share(flags: readonly boolean[]): number {
  return flags.filter(Boolean).length / flags.length;
}
