/**
 * The install works offline and quietly: onnxruntime-node's postinstall, which downloads CUDA
 * binaries from NuGet (unreachable here, and unused: the service runs on the CPU), is skipped
 * by its own ONNXRUNTIME_NODE_INSTALL variable, set by .ci/run before `npm ci`, and no longer
 * by a key in .npmrc that npm does not know and warns about on every `npm run`.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

/** The `export NAME=value` lines of .ci/run before its `npm ci`: the environment the install runs in. */
function ciInstallEnv(): Record<string, string> {
  const script = readFileSync('.ci/run', 'utf8');
  const before = script.slice(0, script.search(/^npm ci\b/m));
  expect(before.length).toBeLessThan(script.length); // .ci/run still installs with npm ci
  return Object.fromEntries([...before.matchAll(/^export (\w+)=(\S+)$/gm)].map((m) => [m[1]!, m[2]!]));
}

describe('install', () => {
  it('.ci/run skips the CUDA download with the variable onnxruntime-node reads', () => {
    expect(ciInstallEnv()).toMatchObject({ ONNXRUNTIME_NODE_INSTALL: 'skip' });
  });

  it('onnxruntime-node’s own install script, in that environment, exits at once without a download', async () => {
    const script = resolve('node_modules/onnxruntime-node/script/install.js');
    const cuda = resolve('node_modules/onnxruntime-node/bin/napi-v6/linux/x64/libonnxruntime_providers_cuda.so');
    // Pointing every proxy at a closed port makes any download attempt fail, not hang.
    const offline = { HTTPS_PROXY: 'http://127.0.0.1:9', GLOBAL_AGENT_HTTPS_PROXY: 'http://127.0.0.1:9' };
    const { stdout, stderr } = await run(process.execPath, [script], {
      env: { ...process.env, ...offline, ...ciInstallEnv() },
      timeout: 30_000,
    });
    expect(stdout + stderr).toBe('');
    expect(existsSync(cuda)).toBe(false);
  });

  it('npm runs scripts without warning about the project’s configuration', async () => {
    // `npm run` with no script lists them: it reads .npmrc like every other npm command.
    const { stderr } = await run('npm', ['run'], { encoding: 'utf8', timeout: 30_000 });
    expect(stderr).not.toMatch(/npm warn/i);
  });
});
