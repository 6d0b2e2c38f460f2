/**
 * Types of the parts of `cloudflare:test` (@cloudflare/vitest-pool-workers) these tests use.
 * tsconfig.json checks tests with Node's types only, where the package's own declarations (written
 * against the Workers global types) do not resolve; the Workers types come from the importable
 * @cloudflare/workers-types instead.
 */
declare module 'cloudflare:test' {
  import type { D1Database, ExecutionContext, MessageBatch } from '@cloudflare/workers-types/index.ts';

  interface QueueMessageInit<Body> {
    id: string;
    timestamp: Date;
    attempts: number;
    body: Body;
  }

  /** What the consumer did with each message of a batch. */
  interface QueueResult {
    outcome: string;
    ackAll: boolean;
    retryBatch: { retry: boolean };
    explicitAcks: string[];
    retryMessages: { msgId: string }[];
  }

  export interface D1Migration {
    name: string;
    queries: string[];
  }

  /**
   * The test environment's bindings (wrangler.toml `[env.test]`); typed in ./bindings.ts, since
   * an ambient module cannot import the Worker's own types by a relative path.
   */
  export const env: unknown;
  /** The Worker under test (`main` of `[env.test]`), typed with the fetch types the tests already use. */
  export const SELF: { fetch(input: string, init?: RequestInit): Promise<Response> };
  export function applyD1Migrations(db: D1Database, migrations: D1Migration[]): Promise<void>;
  export function createExecutionContext(): ExecutionContext;
  export function waitOnExecutionContext(ctx: ExecutionContext): Promise<void>;
  export function createMessageBatch<Body = unknown>(queueName: string, messages: QueueMessageInit<Body>[]): MessageBatch<Body>;
  export function getQueueResult(batch: MessageBatch, ctx: ExecutionContext): Promise<QueueResult>;
}
