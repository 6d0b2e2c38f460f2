/**
 * Loaded into the soak test's server (`node --expose-gc --import ./scripts/soak-probe.ts`): every
 * 5 s it runs a full garbage collection and appends the memory that is still live to
 * SOAK_PROBE_FILE. RSS alone rises and falls with V8's heap sizing; live heap after a full GC is
 * what grows when something leaks. Not part of the service.
 */
import { appendFileSync } from 'node:fs';

const file = process.env.SOAK_PROBE_FILE;
const gc = (globalThis as { gc?: () => void }).gc;
if (file && gc) {
  setInterval(() => {
    gc();
    const m = process.memoryUsage();
    const mb = (n: number) => Number((n / 1024 / 1024).toFixed(1));
    appendFileSync(
      file,
      `${JSON.stringify({ time: Date.now(), heapUsed: mb(m.heapUsed), external: mb(m.external), arrayBuffers: mb(m.arrayBuffers), rss: mb(m.rss) })}\n`,
    );
  }, 5000).unref();
}
