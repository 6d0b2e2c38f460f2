/** Runs in workerd before each test file: the test database gets the D1 migrations (migrations/). */
import { applyD1Migrations } from 'cloudflare:test';
import { env } from './bindings.js';

await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
