/**
 * The Worker bundle's size, raw and gzipped, module by module, against Cloudflare's limit for a
 * Worker on the Paid plan: 10 MiB after compression. `npm run workers:check` runs it on what
 * `wrangler deploy --dry-run --outdir` wrote, and fails when the bundle would not deploy.
 *
 *   npx tsx scripts/worker-size.ts dist/worker
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

/** Workers Paid: "Worker size 10 MB" after compression, which wrangler and the API count in MiB. */
const LIMIT_GZIPPED = 10 * 1024 * 1024;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

function main(dir: string | undefined): number {
  if (!dir) {
    console.error('Usage: tsx scripts/worker-size.ts <outdir of wrangler deploy --dry-run>');
    return 2;
  }
  // Source maps are not uploaded as modules: they do not count towards the limit.
  const modules = files(dir).filter((path) => !path.endsWith('.map') && !path.endsWith('README.md'));
  let raw = 0;
  let gzipped = 0;
  for (const path of modules.sort()) {
    const bytes = readFileSync(path);
    const packed = gzipSync(bytes).length;
    raw += bytes.length;
    gzipped += packed;
    console.log(`${relative(dir, path).padEnd(60)} ${kib(bytes.length).padStart(14)} ${kib(packed).padStart(14)} gzipped`);
  }
  const share = ((100 * gzipped) / LIMIT_GZIPPED).toFixed(1);
  console.log(`Worker bundle: ${kib(raw)} raw, ${kib(gzipped)} gzipped: ${share}% of the 10 MiB limit (Workers Paid).`);
  if (gzipped > LIMIT_GZIPPED) {
    console.error('Over the limit: Cloudflare refuses to deploy it. The restorer is most of it (models/hoidap-vi-restore).');
    return 1;
  }
  return 0;
}

process.exitCode = main(process.argv[2]);
