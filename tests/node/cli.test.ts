/**
 * The command line's usage, run as a user runs it (a real process): --help, -h and help print
 * every command with every flag and exit 0; a command's --help prints that command's; an
 * unknown command prints the usage on stderr and exits 2.
 */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { CONFIG_OPTIONS } from '../../src/node/args.js';

const cli = (args: string[]) =>
  promisify(execFile)(process.execPath, ['--import', 'tsx', resolve('src/node/cli.ts'), ...args], { encoding: 'utf8' }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );

/** Each command's own flags, as src/node/cli.ts declares them; the configuration's are every command's. */
const OWN_FLAGS = { index: ['--force'], ask: ['--json', '--article ID'], serve: [] } as const;
const CONFIG_FLAGS = Object.keys(CONFIG_OPTIONS).map((name) => `--${name}`);

describe('src/node/cli.ts usage', () => {
  it.each([['--help'], ['-h'], ['help']])('%s prints every command and every flag, on stdout, and exits 0', async (word) => {
    const { code, stdout, stderr } = await cli([word]);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    for (const command of ['index', 'ask', 'serve', 'help']) expect(stdout).toMatch(new RegExp(`^  ${command}: `, 'm'));
    expect(stdout).toContain('npm run index -- [--force] [configuration flags]');
    expect(stdout).toContain('npm run ask -- "câu hỏi" [--json] [--article ID] [configuration flags]');
    expect(stdout).toContain('npm start -- [configuration flags]');
    for (const flag of [...Object.values(OWN_FLAGS).flat(), ...CONFIG_FLAGS, '-h, --help']) {
      expect(stdout, flag).toMatch(new RegExp(`^ +${flag.replace(/[.|]/g, '\\$&')}\\b`, 'm'));
    }
    // Defaults come from the configuration itself, so the usage cannot drift from it.
    expect(stdout).toContain('[HOIDAP_INDEX_DIR; .index/default]');
    expect(stdout).toContain('[HOIDAP_K; 5]');
    expect(stdout).toContain('[PORT; 3000]');
  });

  it.each(Object.entries(OWN_FLAGS))('%s --help prints that command with its flags and the configuration flags', async (command, flags) => {
    for (const args of [
      [command, '--help'],
      [command, '-h'],
      ['help', command],
    ]) {
      const { code, stdout } = await cli(args);
      expect(code, args.join(' ')).toBe(0);
      expect(stdout).toMatch(new RegExp(`^  ${command}: `, 'm'));
      for (const other of Object.keys(OWN_FLAGS).filter((c) => c !== command)) expect(stdout).not.toMatch(new RegExp(`^  ${other}: `, 'm'));
      for (const flag of [...flags, ...CONFIG_FLAGS]) expect(stdout, flag).toContain(`${flag} `);
    }
  });

  it('answers an unknown command, or none, with the usage on stderr and exit code 2', async () => {
    for (const args of [['serv'], ['help', 'serv'], []]) {
      const { code, stdout, stderr } = await cli(args);
      expect(code, args.join(' ')).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toMatch(args.length ? /^Unknown command "serv"\.\n\n/ : /^Give a command\.\n\n/);
      expect(stderr).toContain('Usage: npm run <command> -- [flags]');
      expect(stderr).toContain('--port N');
    }
  });
});
