/**
 * The command lines of every entry point go through parseCommandLine (node:util parseArgs,
 * strict): value forms, list flags as the README writes them, and errors that say what to type.
 * Then the configuration flags through loadConfig: flags win over the environment, and a wrong
 * value names the flag that carried it.
 */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import {
  CONFIG_OPTIONS,
  configFlags,
  countFlag,
  expandLists,
  parseCommandLine,
  positiveNumberFlag,
  UsageError,
} from '../../src/node/args.js';

/** The `ask` command's flags, as src/node/cli.ts declares them. */
const ASK = {
  options: { ...CONFIG_OPTIONS, help: { type: 'boolean' }, json: { type: 'boolean' }, article: { type: 'string' } },
  lists: ['corpus'],
  allowPositionals: true,
} as const;

const usageError = (run: () => unknown): UsageError => {
  try {
    run();
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
  throw new Error('no UsageError');
};

describe('parseCommandLine', () => {
  it('reads --k 3 and --k=3 alike; the last of a repeated flag wins', () => {
    expect(parseCommandLine(['--k', '3'], ASK).values.k).toBe('3');
    expect(parseCommandLine(['--k=3'], ASK).values.k).toBe('3');
    expect(parseCommandLine(['--k=3', '--k', '7'], ASK).values.k).toBe('7');
  });

  it('takes several values after a list flag, up to the next flag, as the README documents', () => {
    const { values, positionals } = parseCommandLine(['--corpus', 'corpus/', '../more/articles.jsonl', '--index', '.index/site'], ASK);
    expect(values.corpus).toEqual(['corpus/', '../more/articles.jsonl']);
    expect(values.index).toBe('.index/site');
    expect(positionals).toEqual([]);
  });

  it('adds up repeated list flags, and keeps --corpus=a to one value with positionals after it', () => {
    expect(parseCommandLine(['--corpus', 'a', '--json', '--corpus', 'b', 'c'], ASK).values.corpus).toEqual(['a', 'b', 'c']);
    const { values, positionals } = parseCommandLine(['--corpus=a', 'Ai', 'thắng?'], ASK);
    expect(values.corpus).toEqual(['a']);
    expect(positionals).toEqual(['Ai', 'thắng?']);
  });

  it('keeps list values that start with a single dash, and everything after --', () => {
    expect(expandLists(['--corpus', '-odd.jsonl', 'b', '--k', '3'], ['corpus'])).toEqual(['--corpus=-odd.jsonl', '--corpus=b', '--k', '3']);
    expect(parseCommandLine(['--json', '--', '--corpus', 'x'], ASK).positionals).toEqual(['--corpus', 'x']);
  });

  it('mixes a question with flags on either side', () => {
    const { values, positionals } = parseCommandLine(['Chủ', 'tịch', '--json', 'nước?', '--article', 'bai-1'], ASK);
    expect(positionals.join(' ')).toBe('Chủ tịch nước?');
    expect(values).toMatchObject({ json: true, article: 'bai-1' });
  });

  it('refuses an unknown flag, suggesting the flag meant', () => {
    const typo = usageError(() => parseCommandLine(['--retreiver', 'lexical'], ASK));
    expect(typo.kind).toBe('unknown');
    expect(typo.message).toBe('Unknown flag --retreiver. Did you mean --retriever?');
    expect(usageError(() => parseCommandLine(['--frobnicate'], ASK)).message).toBe(
      'Unknown flag --frobnicate. Run with --help for the flags.',
    );
    expect(usageError(() => parseCommandLine(['-x'], ASK)).message).toMatch(/^Unknown flag -x\./);
  });

  it('says how to give a missing value, also when the next word is a flag', () => {
    for (const argv of [['--k'], ['--k', '--json'], ['--article', '-5']]) {
      const error = usageError(() => parseCommandLine(argv, ASK));
      expect(error.kind).toBe('value');
      expect(error.message).toMatch(/^--(k|article) needs a value: --(k|article) VALUE, or --(k|article)=VALUE when it starts with "-"\.$/);
    }
    expect(usageError(() => parseCommandLine(['--corpus', '--json'], ASK)).message).toBe(
      '--corpus needs one or more values: --corpus VALUE...',
    );
  });

  it('refuses a value on a switch, and arguments where a command takes none', () => {
    expect(usageError(() => parseCommandLine(['--json=yes'], ASK)).message).toBe('--json is a switch: give it without a value.');
    const stray = usageError(() => parseCommandLine(['--index', 'a', 'b'], { options: CONFIG_OPTIONS }));
    expect(stray.kind).toBe('unknown');
    expect(stray.message).toMatch(/^Unexpected argument "b"/);
  });
});

describe('number flags', () => {
  it('reads whole numbers, with a minimum, and says what is wanted otherwise', () => {
    expect(countFlag(undefined, '--limit', 10)).toBe(10);
    expect(countFlag('20', '--limit', 10)).toBe(20);
    expect(countFlag('0', '--warm-up', 500, 0)).toBe(0);
    for (const bad of ['0', '-1', '2.5', 'mười', '', '1e3']) {
      expect(() => countFlag(bad, '--limit', 10)).toThrow(`--limit must be a positive whole number, not "${bad}".`);
    }
    expect(() => countFlag('-1', '--warm-up', 500, 0)).toThrow('--warm-up must be a whole number of at least 0, not "-1".');
  });

  it('reads positive numbers', () => {
    expect(positiveNumberFlag('0.05', '--share', 0.01)).toBe(0.05);
    expect(positiveNumberFlag(undefined, '--share', 0.01)).toBe(0.01);
    expect(() => positiveNumberFlag('0', '--share', 0.01)).toThrow('--share must be a positive number, not "0".');
  });
});

describe('configuration flags', () => {
  const parse = (argv: string[], env: Record<string, string> = {}) =>
    loadConfig(env, configFlags(parseCommandLine(argv, ASK).values)).config;

  it('win over the environment, which wins over the defaults', () => {
    const env = { HOIDAP_K: '8', HOIDAP_INDEX_DIR: '/srv/index', HOIDAP_CORPUS: 'a, b' };
    expect(parse([], env)).toMatchObject({ k: 8, indexDir: '/srv/index', corpus: ['a', 'b'], retriever: 'hybrid', json: false });
    expect(parse(['--k=3', '--index', '.index/site', '--corpus', 'corpus/', 'more.jsonl'], env)).toMatchObject({
      k: 3,
      indexDir: '.index/site',
      corpus: ['corpus/', 'more.jsonl'],
    });
  });

  it('name the flag that carried a wrong value, and the variable otherwise', () => {
    expect(() => parse(['--k', '99'])).toThrow(new ConfigError('--k must be a whole number from 1 to 20, not "99".'));
    expect(() => parse([], { HOIDAP_K: '99' })).toThrow(new ConfigError('HOIDAP_K must be a whole number from 1 to 20, not "99".'));
    expect(() => parse(['--retriever', 'bm25'])).toThrow(
      new ConfigError('--retriever must be one of hybrid, lexical, vector, not "bm25".'),
    );
    expect(() => parse([], { HOIDAP_RETRIEVER: 'bm25' })).toThrow(/^HOIDAP_RETRIEVER must be one of/);
  });

  it('keep ask --json out of the other commands', () => {
    expect(loadConfig({}, { ...configFlags(parseCommandLine(['--json'], ASK).values), json: true }).config.json).toBe(true);
    expect(usageError(() => parseCommandLine(['--json'], { options: CONFIG_OPTIONS, lists: ['corpus'] })).kind).toBe('unknown');
  });
});

describe('entry points', () => {
  const run = (script: string, args: string[], env: Record<string, string> = {}) =>
    promisify(execFile)(process.execPath, ['--import', 'tsx', resolve(script), ...args], {
      env: { ...process.env, ...env },
      encoding: 'utf8',
    }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
    );

  it('src/node/cli.ts: an unknown flag gets the usage and 2, a wrong value its message and 1', async () => {
    const unknown = await run('src/node/cli.ts', ['ask', 'Ai?', '--jsno']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown flag --jsno. Did you mean --json?');
    expect(unknown.stderr).toContain('Usage:');
    const wrong = await run('src/node/cli.ts', ['index', '--k', 'năm']);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr.trim()).toBe('--k must be a whole number from 1 to 20, not "năm".');
  });

  it('the eval: unknown flags get the usage and 2, a bad --limit says what to give and 1', async () => {
    const unknown = await run('src/node/eval-cli.ts', ['--set', 'evals/own.jsonl', '--port', '80']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown flag --port.');
    const limit = await run('src/node/eval-cli.ts', ['--set', 'evals/own.jsonl', '--limit', '0']);
    expect(limit.code).toBe(1);
    expect(limit.stderr.trim()).toBe('--limit must be a positive whole number, not "0".');
    const noSet = await run('src/node/eval-cli.ts', ['--json', '/tmp/x.json']);
    expect(noSet.code).toBe(2);
    expect(noSet.stderr).toContain('Give the questions with --set FILE.');
  });

  it('npm run feedback: --limit must be a positive whole number', async () => {
    const res = await run('scripts/feedback-summary.ts', ['--limit', 'nhiều'], { HOIDAP_FEEDBACK_FILE: '/nonexistent/feedback.jsonl' });
    expect(res.code).toBe(1);
    expect(res.stderr.trim()).toBe('--limit must be a positive whole number, not "nhiều".');
  });
});
