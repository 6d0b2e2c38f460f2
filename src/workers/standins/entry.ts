/**
 * The Worker of the test environment (wrangler.toml `[env.test]`, used by the workerd tests and
 * `npm run dev:workers`): the production Worker, plus the stand-ins for Workers AI and
 * Vectorize as named entrypoints that the environment binds to `AI` and `VECTORIZE` through
 * service bindings to itself. Production bundles src/workers/worker.ts and never ships them.
 */
export { default } from '../worker.js';
export { StandInAi } from './ai.js';
export { StandInVectorize } from './vectorize.js';
