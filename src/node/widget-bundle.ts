/**
 * The widget as one script: src/widget/index.ts bundled by esbuild (IIFE, minified, ES2020, no
 * dependencies). The server builds it in memory from the source on first request, so `npm start`
 * and the tests always serve the current widget; `npm run build:widget` writes the same bytes to
 * dist/widget.js for a CDN, and the server falls back to that file where the source or esbuild
 * is absent (an image built without dev dependencies).
 *
 * @example
 * const widget = widgetLoader();
 * app.get('/widget.js', widgetHandler(widget));
 * await writeFile('dist/widget.js', await bundleWidget());
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const WIDGET_ENTRY = join(ROOT, 'src/widget/index.ts');
export const WIDGET_DIST = join(ROOT, 'dist/widget.js');

/** Bundles the widget from its source. */
export async function bundleWidget(options: { minify?: boolean } = {}): Promise<string> {
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [WIDGET_ENTRY],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    minify: options.minify ?? true,
    legalComments: 'none',
    write: false,
    // Non-ASCII is escaped, so the script reads right even from a host that serves it without a charset.
    charset: 'ascii',
    logLevel: 'silent',
  });
  const file = result.outputFiles[0];
  if (!file) throw new Error('esbuild produced no output for the widget.');
  return file.text;
}

/**
 * The widget's source for GET /widget.js, built once and cached: from src/widget when it is
 * there, else dist/widget.js. Fails with what to do when neither is available.
 */
export function widgetLoader(options: { minify?: boolean } = {}): () => Promise<string> {
  let cached: Promise<string> | undefined;
  const load = async (): Promise<string> => {
    // A broken source fails loudly; only a missing esbuild (production install) falls back to the file.
    if (existsSync(WIDGET_ENTRY) && (await hasEsbuild())) return bundleWidget(options);
    if (existsSync(WIDGET_DIST)) return readFileSync(WIDGET_DIST, 'utf8');
    throw new Error(`The widget is not built: run \`npm run build:widget\` (writes ${WIDGET_DIST}).`);
  };
  return () => {
    cached ??= load().catch((error: unknown) => {
      cached = undefined; // try again on the next request
      throw error;
    });
    return cached;
  };
}

async function hasEsbuild(): Promise<boolean> {
  try {
    await import('esbuild');
    return true;
  } catch {
    return false;
  }
}
