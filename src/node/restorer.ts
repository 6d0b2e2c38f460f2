/**
 * Node adapter of the diacritic restorer: reads the model file shipped with the project.
 *
 * @example
 * const restorer = await loadRestorer();
 * restorer.restore('benh nhan bi gi khi nhap vien').text; // 'bệnh nhân bị gì khi nhập viện'
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DiacriticRestorer, type RestorerOptions } from '../text/restore/restorer.js';

const MODEL_FILE = join('models', 'hoidap-vi-restore', 'restorer.bin');

/**
 * `<repo>/models/hoidap-vi-restore/restorer.bin`, found by walking up from this module, so it
 * resolves the same from `src/node/` (tsx, vitest) and from a compiled `dist/src/node/`.
 */
export function defaultRestorerPath(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let up = 0; up < 5; up++) {
    const candidate = join(dir, MODEL_FILE);
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  return fileURLToPath(new URL(`../../${MODEL_FILE}`, import.meta.url));
}

/** Loads the restorer from `path` (default: the shipped model). Load it once and share it. */
export async function loadRestorer(path: string = defaultRestorerPath(), options?: RestorerOptions): Promise<DiacriticRestorer> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new Error(
      `Cannot read the diacritic restorer model at ${path} (${(error as Error).message}). ` +
        'Build it with `npm run restorer:build`, or pass the path of a built restorer.bin.',
      { cause: error },
    );
  }
  return DiacriticRestorer.fromBytes(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), options);
}
