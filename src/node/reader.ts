/**
 * Node adapter of the reader: reads its model file (JSON, written by `npm run train:reader`).
 *
 * @example
 * const reader = await loadReader('models/hoidap-reader/reader.json');
 */
import { readFile } from 'node:fs/promises';
import { Reader, type ReaderModel } from '../answer/reader/reader.js';

export async function loadReader(path: string): Promise<Reader> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new Error(
      `Cannot read the reader model at ${path} (${(error as Error).message}). ` +
        'Train it with `npm run train:reader`, set HOIDAP_READER to a trained reader.json, or HOIDAP_READER=off.',
      { cause: error },
    );
  }
  try {
    return new Reader(JSON.parse(text) as ReaderModel);
  } catch (error) {
    throw new Error(`The reader model at ${path} is not usable: ${(error as Error).message}`, { cause: error });
  }
}
