/**
 * The command line: `index`, `ask`, `serve` (and `eval`, run from src/eval/). npm scripts pass
 * their arguments through: `npm run ask -- "câu hỏi" --json`.
 */
import { serve } from '@hono/node-server';
import { resolve } from 'node:path';
import { ConfigError, loadConfig, type Config } from './config.js';
import { CONFIG_OPTIONS, configFlags, parseCommandLine, UsageError } from './node/args.js';
import { createApp } from './server/app.js';
import { IndexLoadError } from './node/persist.js';
import { startRuntime } from './node/runtime.js';
import { JsonlFeedbackStore } from './node/feedback-store.js';
import { widgetLoader } from './node/widget-bundle.js';
import { describeProtections, protectionOptions } from './node/protections.js';

const USAGE = `Hỏi đáp thông minh — question answering over a news site's articles

Usage:
  npm run index -- [--corpus PATH...] [--index DIR] [--retriever hybrid|lexical|vector] [--force]
  npm run ask -- "câu hỏi" [--json] [--article ID] [--k N] [--retriever ...] [--answerer extractive|llm]
  npm start                 index corpus/ when there is no usable index, then serve on PORT

Every command takes the configuration flags --corpus PATH..., --index DIR, --model, --retriever,
--k N, --answerer and --port N. They win over the environment: PORT, HOST, HOIDAP_CORPUS,
HOIDAP_INDEX_DIR, HOIDAP_MODEL, HOIDAP_RETRIEVER, HOIDAP_ANSWERER, HOIDAP_LLM_BASE_URL,
HOIDAP_LLM_MODEL, … (see README).`;

const log = (line: string) => console.error(line);

const HELP = { help: { type: 'boolean' } } as const;
/** Each command's flags: the configuration's, and its own. */
const COMMANDS = {
  index: { options: { ...CONFIG_OPTIONS, ...HELP, force: { type: 'boolean' } }, lists: ['corpus'] },
  ask: {
    options: { ...CONFIG_OPTIONS, ...HELP, json: { type: 'boolean' }, article: { type: 'string' } },
    lists: ['corpus'],
    allowPositionals: true,
  },
  serve: { options: { ...CONFIG_OPTIONS, ...HELP }, lists: ['corpus'] },
} as const;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help') {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  switch (command) {
    case 'index': {
      const { values } = parseCommandLine(rest, COMMANDS.index);
      if (values.help) return help();
      return indexCommand(loadConfig(process.env, configFlags(values)).config, values.force === true);
    }
    case 'ask': {
      const { values, positionals } = parseCommandLine(rest, COMMANDS.ask);
      if (values.help) return help();
      return askCommand(
        loadConfig(process.env, { ...configFlags(values), json: values.json }).config,
        positionals.join(' '),
        values.article,
      );
    }
    case 'serve': {
      const { values } = parseCommandLine(rest, COMMANDS.serve);
      if (values.help) return help();
      return serveCommand(loadConfig(process.env, configFlags(values)).config);
    }
    default:
      console.error(`Unknown command "${command}".\n\n${USAGE}`);
      return 2;
  }
}

function help(): number {
  console.log(USAGE);
  return 0;
}

async function indexCommand(config: Config, force: boolean): Promise<number> {
  const { report } = await startRuntime(config, { rebuild: true, force, log });
  const { counts } = report.manifest;
  if (!report.built)
    log(
      `The index in ${config.indexDir} is current (${counts.articles} articles, ${counts.chunks} chunks); nothing to do. Use --force to rebuild.`,
    );
  return 0;
}

async function askCommand(config: Config, question: string, articleId: string | undefined): Promise<number> {
  if (!question.trim()) {
    console.error('Give a question: npm run ask -- "Chủ tịch nước thăm Chile khi nào?"');
    return 2;
  }
  const { qa } = await startRuntime(config, { rebuild: true, log });
  const response = await qa.ask({ question, k: config.k, ...(articleId ? { articleId } : {}) });
  if (config.json) {
    console.log(JSON.stringify(response, null, 2));
    return 0;
  }
  if (response.understoodAs) console.log(`Có phải bạn hỏi: ${response.understoodAs}`);
  // The fact first, as the widget shows it; the quoted sentence is its evidence.
  if (response.shortAnswer) console.log(`Trả lời: ${response.shortAnswer.text} [${response.shortAnswer.n}]\n`);
  console.log(response.answer);
  if (response.confidence !== undefined) console.log(`(độ tin cậy ${Math.round(response.confidence * 100)}%)`);
  for (const c of response.citations) {
    console.log(`\n[${c.n}] ${c.title}${c.publishedAt ? ` (${c.publishedAt.slice(0, 10)})` : ''}\n    ${c.url || c.articleId}`);
  }
  return 0;
}

async function serveCommand(config: Config): Promise<number> {
  const runtime = await startRuntime(config, { rebuild: true, log });
  const { manifest } = runtime.index;
  const app = createApp({
    qa: runtime.qa,
    // Counted live: the admin API changes the index while it serves.
    health: () => ({
      articles: runtime.index.store.articleCount,
      chunks: runtime.index.store.chunkCount,
      model: manifest.model?.id ?? null,
    }),
    admin: { live: runtime.writer.live },
    feedback: new JsonlFeedbackStore(resolve(config.feedbackFile)),
    widget: widgetLoader(),
    articles: () => runtime.index.store,
    // Limits, CORS origins, admin token, request log on stdout (src/node/protections.ts).
    ...protectionOptions(config),
  });
  for (const line of describeProtections(config)) log(line);
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
    log(
      `Hỏi đáp thông minh: serving ${manifest.counts.articles} articles on http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${info.port}`,
    );
  });
  await new Promise<void>((done) => {
    const stop = () => server.close(() => done());
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // Expected failures get their message alone: it says what to do. Anything else is a bug.
    // Something that is not a flag of the command is a usage mistake (2, like an unknown command).
    if (error instanceof UsageError && error.kind === 'unknown') {
      console.error(`${error.message}\n\n${USAGE}`);
      process.exitCode = 2;
      return;
    }
    if (error instanceof ConfigError || error instanceof IndexLoadError || error instanceof UsageError) console.error(error.message);
    else console.error(error);
    process.exitCode = 1;
  },
);
