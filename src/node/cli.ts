/**
 * The command line: `index`, `ask`, `serve` (and `eval`, run from src/eval/). npm scripts pass
 * their arguments through: `npm run ask -- "câu hỏi" --json`.
 */
import { serve } from '@hono/node-server';
import { ConfigError, DEFAULT_CONFIG, loadConfig, type Config } from '../config.js';
import { CONFIG_OPTIONS, configFlags, parseCommandLine, runEntry } from './args.js';
import { IndexLoadError } from './persist.js';
import type { OpenOptions, Runtime } from './runtime.js';

const log = (line: string) => console.error(line);

/**
 * The runtime, imported when a command runs: transformers.js and hnswlib take a second to load,
 * which the usage and a mistyped flag should not wait for.
 */
async function startRuntime(config: Config, options: OpenOptions): Promise<Runtime> {
  return (await import('./runtime.js')).startRuntime(config, options);
}

const HELP = { help: { type: 'boolean', short: 'h' } } as const;
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
type Command = keyof typeof COMMANDS;
type Flag = { [C in Command]: keyof (typeof COMMANDS)[C]['options'] }[Command];

/**
 * Every flag's line in the usage: its value's form and what it does. Typed by the flags the
 * commands declare, so a flag added to a command without a line here does not compile.
 */
const FLAG_HELP: Record<Flag, readonly [form: string, text: string]> = {
  corpus: ['--corpus PATH...', `article files or folders: .md, .txt, .html, .jsonl [HOIDAP_CORPUS; ${DEFAULT_CONFIG.corpus.join(',')}]`],
  index: ['--index DIR', `where the index lives [HOIDAP_INDEX_DIR; ${DEFAULT_CONFIG.indexDir}]`],
  model: ['--model PATH|ID', `embedding model: a transformers.js folder or a hub id [HOIDAP_MODEL; ${DEFAULT_CONFIG.model}]`],
  retriever: ['--retriever MODE', `hybrid, lexical or vector [HOIDAP_RETRIEVER; ${DEFAULT_CONFIG.retriever}]`],
  k: ['--k N', `passages retrieved per question, 1–20 [HOIDAP_K; ${DEFAULT_CONFIG.k}]`],
  answerer: [
    '--answerer NAME',
    `extractive, or llm (set HOIDAP_LLM_BASE_URL, HOIDAP_LLM_MODEL) [HOIDAP_ANSWERER; ${DEFAULT_CONFIG.answerer}]`,
  ],
  port: ['--port N', `HTTP port of serve [PORT; ${DEFAULT_CONFIG.port}]`],
  help: ['-h, --help', 'print this usage and exit'],
  force: ['--force', 'rebuild from scratch, even when the index is current'],
  json: ['--json', 'print the whole answer as JSON (as POST /api/ask returns it)'],
  article: ['--article ID', 'ask under this article: its passages first, the whole site when they cannot answer'],
};

/** What each command does, how it is typed, and its own flags (the configuration's come after). */
const COMMAND_HELP: Record<Command, { synopsis: string; text: string; flags: readonly Flag[] }> = {
  index: {
    synopsis: 'npm run index -- [--force] [configuration flags]',
    text: 'Build the index of the corpus, or bring it up to date: only new or changed articles are embedded.',
    flags: ['force'],
  },
  ask: {
    synopsis: 'npm run ask -- "câu hỏi" [--json] [--article ID] [configuration flags]',
    text: 'Answer one question with the passages it cites (indexes the corpus first when needed).',
    flags: ['json', 'article'],
  },
  serve: {
    synopsis: 'npm start -- [configuration flags]    (npm start = tsx src/node/cli.ts serve)',
    text: 'Serve the HTTP API, the widget and the demo page; indexes the corpus first when there is no usable index.',
    flags: [],
  },
};

const CONFIG_FLAGS = [...(Object.keys(CONFIG_OPTIONS) as Flag[]), 'help'] as const;

/** Rows of "  form   text", the forms padded to one column. */
function table(rows: readonly (readonly [string, string])[], indent: string): string {
  const width = Math.max(...rows.map(([form]) => form.length)) + 2;
  return rows.map(([form, text]) => `${indent}${form.padEnd(width)}${text}`).join('\n');
}

function commandSection(command: Command): string {
  const { synopsis, text, flags } = COMMAND_HELP[command];
  const lines = [`  ${command}: ${text}`, `    ${synopsis}`];
  if (flags.length)
    lines.push(
      table(
        flags.map((f) => FLAG_HELP[f]),
        '      ',
      ),
    );
  return lines.join('\n');
}

const CONFIG_SECTION = `Configuration flags (every command; a flag wins over its environment variable, in brackets with the default):
${table(
  CONFIG_FLAGS.map((f) => FLAG_HELP[f]),
  '  ',
)}
Other settings are environment variables only (HOST, HOIDAP_ADMIN_TOKEN, HOIDAP_ALLOWED_ORIGINS, HOIDAP_LLM_*, …):
see README, "Configuration". The eval has its own usage: npm run eval -- --help.`;

const TITLE = "Hỏi đáp thông minh — question answering over a news site's articles";

/** The whole usage: every command with its flags, then the configuration flags. */
const USAGE = `${TITLE}

Usage: npm run <command> -- [flags]    (or: npx tsx src/node/cli.ts <command> [flags])

Commands:
${(Object.keys(COMMAND_HELP) as Command[]).map(commandSection).join('\n\n')}

  help: Print this usage; \`<command> --help\` or \`help <command>\` prints one command's.

${CONFIG_SECTION}`;

/** One command's usage. */
function commandUsage(command: Command): string {
  return `${TITLE}\n\n${commandSection(command)}\n\n${CONFIG_SECTION}`;
}

const isCommand = (name: string | undefined): name is Command => name !== undefined && Object.hasOwn(COMMANDS, name);
const HELP_WORDS = new Set(['help', '--help', '-h']);

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined) {
    console.error(`Give a command.\n\n${USAGE}`);
    return 2;
  }
  if (HELP_WORDS.has(command)) {
    // `help ask` is `ask --help`; a word after help that is no command gets the whole usage.
    const [topic] = rest;
    if (topic !== undefined && !isCommand(topic)) {
      console.error(`Unknown command "${topic}".\n\n${USAGE}`);
      return 2;
    }
    console.log(topic ? commandUsage(topic) : USAGE);
    return 0;
  }
  switch (command) {
    case 'index': {
      const { values } = parseCommandLine(rest, COMMANDS.index);
      if (values.help) return help('index');
      return indexCommand(loadConfig(process.env, configFlags(values)).config, values.force === true);
    }
    case 'ask': {
      const { values, positionals } = parseCommandLine(rest, COMMANDS.ask);
      if (values.help) return help('ask');
      return askCommand(
        loadConfig(process.env, { ...configFlags(values), json: values.json }).config,
        positionals.join(' '),
        values.article,
      );
    }
    case 'serve': {
      const { values } = parseCommandLine(rest, COMMANDS.serve);
      if (values.help) return help('serve');
      return serveCommand(loadConfig(process.env, configFlags(values)).config);
    }
    default:
      console.error(`Unknown command "${command}".\n\n${USAGE}`);
      return 2;
  }
}

function help(command: Command): number {
  console.log(commandUsage(command));
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
  // Imported with the runtime: the question log, metrics and insights are the server's alone.
  const server = await (await import('./server.js')).createNodeApp(runtime, { log });
  for (const line of server.describe) log(line);
  const http = serve({ fetch: server.app.fetch, port: config.port, hostname: config.host }, (info) => {
    log(
      `Hỏi đáp thông minh: serving ${runtime.index.manifest.counts.articles} articles on http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${info.port}`,
    );
  });
  await new Promise<void>((done) => {
    const stop = () => http.close(() => done());
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  // The last second of logged questions is still in memory.
  await server.close();
  return 0;
}

runEntry(() => main(process.argv.slice(2)), USAGE, [ConfigError, IndexLoadError]);
