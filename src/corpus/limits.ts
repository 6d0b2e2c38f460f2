/**
 * The size limit of one article input, shared by every way an article comes in: a `.md`/`.txt`
 * file, one JSONL line, one admin upload (a PUT article or a JSONL batch). No Node API here: the
 * server and a Worker import it as well as the Node readers.
 */

/**
 * Default largest article input, in bytes (HOIDAP_MAX_FILE_BYTES overrides it).
 *
 * Why 5 MiB: the longest of the 34,462 news-baomoi articles is a 49 KiB JSONL line, so a real
 * article fits a hundred times over, and an admin batch of 5 MiB carries over 1,000 average
 * ones (3.7 KiB). Anything bigger is a mistake (a whole dump in one line, a binary file named .txt),
 * and the limit bounds what one input or one request can make us hold in memory.
 */
export const DEFAULT_MAX_INPUT_BYTES = 5 * 1024 * 1024;
