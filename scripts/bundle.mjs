// Bundles berth's own modules behind the CLI entry (dist/cli/main.js, over the file tsc wrote), npm packages left as
// imports. Why: `berth up` started 181 of our modules, and resolving and reading them one by one (package scopes,
// file stats) cost about a quarter of its start; one entry file plus a chunk per lazily loaded part keeps the lazy
// loading (each dynamic import() stays a chunk) without the per-module cost. See docs/benchmarks.md (cold start).
import { build } from 'esbuild';

await build({
  entryPoints: ['src/cli/main.ts'],
  outdir: 'dist/cli',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  chunkNames: 'chunks/[name]-[hash]',
  logLevel: 'warning',
});
