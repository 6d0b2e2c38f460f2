/**
 * npm run build:widget — writes dist/widget.js (the file a CDN would serve) and reports its
 * size, raw and gzipped. The server does not need it: it bundles src/widget on first request.
 *
 * @example
 * npm run build:widget   # dist/widget.js: 24.1 kB, 8.0 kB gzipped
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { bundleWidget, WIDGET_DIST } from '../src/node/widget-bundle.js';

const source = await bundleWidget();
mkdirSync(dirname(WIDGET_DIST), { recursive: true });
writeFileSync(WIDGET_DIST, source);
const kb = (n: number) => `${(n / 1000).toFixed(1)} kB`;
const bytes = Buffer.byteLength(source);
const gzipped = gzipSync(source, { level: 9 }).length;
console.log(`${relative(process.cwd(), WIDGET_DIST)}: ${kb(bytes)}, ${kb(gzipped)} gzipped (${gzipped} bytes)`);
