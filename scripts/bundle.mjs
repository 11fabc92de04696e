// Bundles berth's own modules behind the CLI entry (dist/cli/main.js, over the file tsc wrote). Why: `berth up`
// started 181 of our modules, and resolving and reading them one by one (package scopes, file stats) cost about a
// quarter of its start; one entry file plus a chunk per lazily loaded part keeps the lazy loading (each dynamic
// import() stays a chunk) without the per-module cost. See docs/benchmarks.md (cold start).
//
// The pure-JavaScript packages that every `berth up` loads before its first answer (commander, pino, the SigV4
// signer of @smithy and what they pull in) are bundled too: they are CommonJS spread over ~60 files, and Node's
// CommonJS loader plus the ESM interop lexer over them cost ~25 % of the CPU to the first answer (issue 19). The
// rest stay imports: native (better-sqlite3), large and loaded late (the AWS SDK clients), or ESM already.
import { build } from 'esbuild';

const bundledPackages =
  /^(@smithy\/|@aws-crypto\/|commander$|pino($|\/)|sonic-boom$|pino-std-serializers$|quick-format-unescaped$|atomic-sleep$|on-exit-leak-free$|safe-stable-stringify$|@pinojs\/redact$|process-warning$|thread-stream$|real-require$|tslib$)/;

await build({
  entryPoints: ['src/cli/main.ts'],
  outdir: 'dist/cli',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  mainFields: ['module', 'main'],
  // Whitespace and syntax only, identifiers kept (stack traces name functions): V8 holds every loaded chunk's
  // source in the heap, so fewer bytes are memory an idle berth up keeps (≈ 1 MiB) and less to decode at start.
  minifyWhitespace: true,
  minifySyntax: true,
  // Bundled CommonJS calls require() for Node's built-ins; an ESM chunk has none of its own.
  banner: {
    js: "import { createRequire as __berthCreateRequire } from 'node:module'; const require = __berthCreateRequire(import.meta.url);",
  },
  plugins: [
    {
      name: 'external-packages',
      setup(build) {
        build.onResolve({ filter: /^[^./]/ }, (args) =>
          bundledPackages.test(args.path) ? undefined : { path: args.path, external: true },
        );
      },
    },
  ],
  chunkNames: 'chunks/[name]-[hash]',
  logLevel: 'warning',
});
