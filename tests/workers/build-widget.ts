/**
 * Global setup of the workerd tests (vitest.workers.config.ts), run in Node: writes dist/widget.js,
 * which the Worker imports as a Text module. wrangler's `[build]` command does this for
 * `wrangler dev` and `wrangler deploy`; the test pool does not run it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { bundleWidget, WIDGET_DIST } from '../../src/node/widget-bundle.js';

export default async function buildWidget(): Promise<void> {
  const source = await bundleWidget();
  mkdirSync(dirname(WIDGET_DIST), { recursive: true });
  writeFileSync(WIDGET_DIST, source);
}
