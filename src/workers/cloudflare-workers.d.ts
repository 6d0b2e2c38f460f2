/**
 * The part of the runtime module `cloudflare:workers` the stand-ins use. tsconfig.json checks
 * everything with Node's types only, and @cloudflare/workers-types declares this module only in
 * its global (ambient) flavour, so the one class needed is declared here.
 */
declare module 'cloudflare:workers' {
  import type { ExecutionContext } from '@cloudflare/workers-types/index.ts';

  /** A named entrypoint other Workers (or this one) call over a service binding, method by method (RPC). */
  export abstract class WorkerEntrypoint<Env = unknown> {
    protected readonly ctx: ExecutionContext;
    protected readonly env: Env;
    constructor(ctx: ExecutionContext, env: Env);
  }
}
