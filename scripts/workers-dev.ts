/**
 * npm run dev:workers — the Worker on this machine, ready to ask: `wrangler dev --local` with the
 * stand-in environment (`[env.test]` in wrangler.toml: D1, Queues and rate limiting for real,
 * Workers AI and Vectorize as stand-ins), the D1 migrations applied, the shipped corpus (corpus/)
 * loaded through the batch route and indexed by the queue consumer. Then it prints where to ask.
 *
 * Every start begins from fresh local state (.wrangler/dev-standins): the stand-in vector index
 * lives in memory, so D1 kept from an earlier run would hold passages without vectors.
 *
 *   npm run dev:workers [-- --port 8787] [--corpus corpus/]
 *
 * Ctrl-C stops wrangler.
 */
import { resolve } from 'node:path';
import { countFlag, parseCommandLine, UsageError } from '../src/node/args.js';
import { STANDIN_ADMIN_TOKEN, startLocalWorker, waitForIndexed } from './lib/local-worker.js';
import { loadCorpus } from './workers-load.js';

const STATE_DIR = resolve('.wrangler/dev-standins');

async function main(argv: string[]): Promise<void> {
  const { values } = parseCommandLine(argv, {
    options: { port: { type: 'string' }, corpus: { type: 'string', multiple: true } },
    lists: ['corpus'],
  });
  const port = countFlag(values.port, '--port', 8787);
  const corpus = values.corpus?.length ? values.corpus : ['corpus'];
  const worker = await startLocalWorker({ port, stateDir: STATE_DIR });
  const stop = () => void worker.stop();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);

  const { url } = worker;
  const report = await loadCorpus({ url, corpus, token: STANDIN_ADMIN_TOKEN, log: (line) => console.error(line) });
  const articles = await waitForIndexed(url, report.queued);
  if (articles < report.queued) {
    console.error(`Indexed ${articles} of ${report.queued} articles; the queue consumer's errors are in wrangler's output above.`);
  }
  console.log(
    [
      '',
      `Hỏi đáp thông minh on workerd (stand-ins for Workers AI and Vectorize): ${articles} articles at ${url}`,
      `  demo page:  ${url}/`,
      `  ask:        curl -s ${url}/api/ask -H 'content-type: application/json' -d '{"question":"Chủ tịch nước dự hội nghị APEC ở đâu?"}'`,
      `  admin:      Authorization: Bearer ${STANDIN_ADMIN_TOKEN}`,
      'Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
  await worker.exited;
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof UsageError || error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
