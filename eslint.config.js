// @ts-check
// ESLint for the whole repository: typescript-eslint's type-aware recommended rules on every .ts file, ESLint's
// recommended rules on the few .js/.mjs files. `npm run lint` runs it; `npm test` runs it after tsc.
//
// The presets are taken as they are; each change below says why. A rule is not switched off to get a clean run.
// For a server the rules that matter most are in the preset: no-floating-promises (a promise nobody awaits loses
// its rejection), no-misused-promises (an async callback where a void one is expected, e.g. an event handler, whose
// rejection nobody sees), await-thenable, and the no-unsafe-* family (values typed `any` flowing into typed code).
// Non-null assertions (`!`) are allowed: no-non-null-assertion is only in the strict preset, and with
// noUncheckedIndexedAccess on, the code writes `!` deliberately on indexed reads it knows are in range.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  globalIgnores(['dist/', 'coverage/', 'models/', 'test-artifacts/', 'training/**/*.py', '.index/', '.data/', '.wrangler/']),

  {
    // A disable comment that no longer suppresses anything fails the run, so none outlives its reason.
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },

  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,

  {
    languageOptions: {
      parserOptions: {
        // Two programs: tsconfig.json (server, CLI, tests, bench, scripts, training; no DOM) and tsconfig.widget.json
        // (the widget and its tests, with DOM). A file is linted with the types of the first program that holds it.
        project: ['./tsconfig.json', './tsconfig.widget.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // Unused bindings stay errors, except the two ways the code marks one as deliberately unused: a property
      // destructured only to leave it out of `...rest` (`const { tookMs: _t, ...rest } = response`), and a
      // parameter or binding named with a leading underscore because its position is fixed (`(_c, next) => …`).
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          ignoreRestSiblings: true,
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
        },
      ],
      // Off: every `async` without `await` here is deliberate — a synchronous implementation of a Promise-returning
      // interface (Answerer.answer, test stand-ins), an async generator that yields values it already has, or a
      // callback queued behind a promise chain. `async` is what turns a throw there into a rejection; the "fix"
      // (drop `async`, return Promise.resolve) would make such throws synchronous and escape callers' `.catch`.
      // The mistake this rule hunts — a promise left un-awaited — is caught by no-floating-promises.
      '@typescript-eslint/require-await': 'off',
    },
  },

  {
    // A function longer than a screen hides its steps; split it along them. Tests are exempt: a describe() block is a
    // list of cases, not a function with steps.
    files: ['src/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts', 'training/**/*.ts'],
    rules: { 'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true }] },
  },

  {
    // Ports in the core, adapters at the edges: the same pipeline runs on Node (src/node/: hnswlib, files, the HTTP
    // server) and on Cloudflare Workers (src/workers/: D1, Vectorize, Workers AI), so nothing else under src/ may
    // import what only one of them has. A core module that needs such a thing takes it through a port
    // (src/index/ports.ts) instead.
    files: ['src/**/*.ts'],
    ignores: ['src/node/**', 'src/workers/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^node:', message: 'Node built-ins belong in src/node/; take what the core needs through a port.' },
            {
              regex: '^(hnswlib-node|@hono/node-server|@huggingface/transformers|onnxruntime-node)$',
              message: 'Node-only packages belong in src/node/.',
            },
            { regex: '^(@cloudflare/|cloudflare:)', message: 'Workers types and modules belong in src/workers/.' },
          ],
        },
      ],
    },
  },

  {
    // Plain JavaScript (this file, training/embed/check-model.mjs): no type information, run by Node.
    files: ['**/*.js', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', performance: 'readonly' },
    },
  },
);
