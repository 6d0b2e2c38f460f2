/**
 * Non-code modules the Worker imports, bundled by wrangler's `rules` (wrangler.toml): the
 * diacritic restorer as a Data module (its bytes), the widget script as a Text module (built by
 * wrangler's `[build]` command before bundling).
 */
declare module '*.bin' {
  const bytes: ArrayBuffer;
  export default bytes;
}

declare module '*/dist/widget.js' {
  const source: string;
  export default source;
}

/** A JSON file as its text (the reader's model): parsed at run time, never typed by tsc. */
declare module '*.json?raw' {
  const text: string;
  export default text;
}
