/**
 * What the browser tests share: the real server (the same createApp and runtime as `npm start`,
 * on 127.0.0.1, port 0) over a temporary index of corpus/ and any extra articles, Debian's
 * Chromium driven by playwright-core, and screenshots under test-artifacts/browser/.
 *
 * The index is lexical-only: the widget's contract does not depend on the embedding model, and
 * it keeps these tests light on a 2-core machine. Answers are paced (a delay before each text
 * piece) the way a generative answerer streams, so "text appears before the end" is observable;
 * the extractive answerer would otherwise send the whole answer within a millisecond.
 *
 * @example
 * const site = await startSite({ paceMs: 120 });
 * const browser = await launchBrowser();
 * const page = await browser.newPage(); await page.goto(site.base);
 */
import { serve, type ServerType } from '@hono/node-server';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { describe } from 'vitest';
import type { AskRequest, StreamEvent } from '../../src/contract.js';
import { loadConfig } from '../../src/config.js';
import { JsonlFeedbackStore, readFeedback } from '../../src/node/feedback-store.js';
import { REPO_ROOT, startRuntime, type Runtime } from '../../src/node/runtime.js';
import { widgetLoader } from '../../src/node/widget-bundle.js';
import { liveAdmin } from '../../src/server/admin.js';
import { createApp } from '../../src/server/app.js';
import { MemoryPassages } from '../../src/node/memory-index.js';
import type { FeedbackRecord } from '../../src/server/feedback.js';

const CHROMIUM = process.env.HOIDAP_CHROMIUM ?? '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available && !process.env.CI) {
  console.warn(
    [
      '',
      '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!',
      `!! SKIPPING THE BROWSER TESTS: no Chromium at ${CHROMIUM}.`,
      '!! Install it with: sudo apt-get install -y chromium   (or set HOIDAP_CHROMIUM=/path/to/chrome)',
      '!! In CI (CI set) these tests run and fail instead of skipping.',
      '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!',
      '',
    ].join('\n'),
  );
}
/** `describe` when a browser can run (or must: CI), `describe.skip` otherwise. */
export const describeBrowser = available || process.env.CI ? describe : describe.skip;

export const ARTIFACTS = resolve(REPO_ROOT, 'test-artifacts/browser');

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: .ci/run installs it (apt-get install -y chromium).`);
  // launch() gives every run a fresh, temporary user-data-dir.
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--headless',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-dev-shm-usage',
    ],
  });
}

export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: options.fullPage ?? true });
  return path;
}

/** The innermost focused element, through shadow roots. */
export function deepActive(page: Page): Promise<{ tag: string; cls: string; label: string; text: string; outline: string } | null> {
  return page.evaluate(() => {
    let el: Element | null = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    if (!el) return null;
    const style = getComputedStyle(el);
    return {
      tag: el.tagName.toLowerCase(),
      cls: el.getAttribute('class') ?? '',
      label: el.getAttribute('aria-label') ?? '',
      text: (el.textContent ?? '').trim().slice(0, 80),
      outline: `${style.outlineStyle} ${style.outlineWidth}`,
    };
  });
}

/** Whether an element (found by a locator handle) is within the viewport. */
export function inViewport(page: Page, selector: string): Promise<boolean> {
  return page.locator(selector).evaluate((el) => {
    const r = el.getBoundingClientRect();
    return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight && r.left >= 0 && r.right <= window.innerWidth;
  });
}

export interface Site {
  base: string;
  runtime: Runtime;
  feedbackFile: string;
  /** Every request the stream route passed to the QA service, in order. */
  asked: AskRequest[];
  feedback(): FeedbackRecord[];
  close(): Promise<void>;
}

export interface SiteOptions {
  /** Article files or folders indexed besides corpus/. */
  corpus?: string[];
  /** Delay before each text piece of a streamed answer, in ms. */
  paceMs?: number;
  /** News-site origins allowed to call the API from their pages (CORS). */
  allowedOrigins?: string[];
  /** More configuration, as environment variables (e.g. HOIDAP_READER: 'off' for answers without a short answer). */
  env?: Record<string, string>;
}

export async function startSite(options: SiteOptions = {}): Promise<Site> {
  const dir = mkdtempSync(join(tmpdir(), 'hoidap-browser-'));
  const { config } = loadConfig({
    HOIDAP_INDEX_DIR: join(dir, 'index'),
    HOIDAP_CORPUS: [join(REPO_ROOT, 'corpus'), ...(options.corpus ?? [])].join(','),
    HOIDAP_RETRIEVER: 'lexical',
    HOIDAP_RESTORER: 'off',
    ...options.env,
  });
  const runtime = await startRuntime(config, { rebuild: true, log: () => {} });
  const feedbackFile = join(dir, 'feedback.jsonl');
  const asked: Site['asked'] = [];
  const pace = options.paceMs ?? 0;
  const qa = {
    ask: runtime.qa.ask.bind(runtime.qa),
    async *askStream(request: AskRequest, signal?: AbortSignal): AsyncGenerator<StreamEvent> {
      asked.push(request);
      for await (const event of runtime.qa.askStream(request, signal)) {
        if (event.type === 'text' && pace) await new Promise((done) => setTimeout(done, pace));
        yield event;
      }
    },
  };
  const app = createApp({
    qa,
    health: () => ({ articles: runtime.index.manifest.counts.articles, chunks: runtime.index.manifest.counts.chunks, model: null }),
    feedback: new JsonlFeedbackStore(feedbackFile),
    widget: widgetLoader(),
    articles: new MemoryPassages(runtime.index),
    // Wired as `npm start` wires it (src/node/cli.ts), protections included.
    admin: liveAdmin(runtime.writer.live),
    allowedOrigins: options.allowedOrigins ?? [],
    logError: (error) => console.error(error),
  });
  let server!: ServerType;
  await new Promise<void>((ready) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => ready());
  });
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    runtime,
    feedbackFile,
    asked,
    feedback: () => readFeedback(feedbackFile).records,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        // Open keep-alive and streaming connections would hold close() open.
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      }).finally(() => rmSync(dir, { recursive: true, force: true })),
  };
}
