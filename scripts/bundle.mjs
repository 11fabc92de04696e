// Bundles berth's own modules behind the CLI entry (dist/cli/main.js, over the file tsc wrote). Why: `berth up`
// started 181 of our modules, and resolving and reading them one by one (package scopes, file stats) cost about a
// quarter of its start; one entry file plus a chunk per lazily loaded part keeps the lazy loading (each dynamic
// import() stays a chunk) without the per-module cost. See docs/benchmarks.md (cold start).
//
// The pure-JavaScript packages that every `berth up` loads before its first answer (commander, pino, the SigV4
// signer of @smithy and what they pull in) are bundled too: they are CommonJS spread over ~60 files, and Node's
// CommonJS loader plus the ESM interop lexer over them cost ~25 % of the CPU to the first answer (issue 19). So is
// better-sqlite3's JavaScript (its addon stays a file, named by adapters/sqlite), and undici, the registry client's
// HTTP: ~60 CommonJS files read and compiled one by one at the first pull of every process (a `berth pull`, a fresh
// berth up's first task); bundled, it is one lazily loaded chunk. The rest stay imports: large and loaded late (the
// AWS SDK clients), or ESM already.
import { readFileSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';
import { foldStartupChunks } from './bundle-startup.mjs';

const bundledPackages =
  /^(@smithy\/|@aws-crypto\/|commander$|pino($|\/)|sonic-boom$|pino-std-serializers$|quick-format-unescaped$|atomic-sleep$|on-exit-leak-free$|safe-stable-stringify$|@pinojs\/redact$|process-warning$|thread-stream$|real-require$|tslib$|better-sqlite3$|undici$)/;

const { metafile } = await build({
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
  metafile: true,
  logLevel: 'warning',
});

// What `berth up` always loads by its first answer: the CLI entry, the composition, and the task network's check of
// its range (started with the ECS part, off the path to listening). test/integ/lazy-services.test.ts pins the files.
const startSources = ['src/cli/main.ts', 'src/cli/compose.ts', 'src/adapters/netns/index.ts'];
const startEntries = Object.entries(metafile.outputs)
  .filter(([, output]) => startSources.includes(output.entryPoint))
  .map(([file]) => file);
if (startEntries.length !== startSources.length) {
  throw new Error(`expected an output for each of ${startSources}, found ${startEntries}`);
}
for (const file of Object.keys(metafile.outputs)) if (file.endsWith('.js')) giveRequireIfUsed(file);
await foldStartupChunks(metafile, startEntries, 'dist/cli/chunks');

/**
 * Bundled CommonJS calls require() for Node's built-ins, and an ESM chunk has none of its own: the chunks that name it
 * get one. Only those: each createRequire costs a walk up the folder tree for node_modules paths, and with it in every
 * chunk that walk was most of the path work that got V8 optimizing Node's path helpers during the start (issue 19).
 * `x.require` (a method) and `required` do not count; a mention in a string gives a harmless extra one.
 */
function giveRequireIfUsed(file) {
  const code = readFileSync(file, 'utf8');
  if (!/(?<![.\w$])require(?![\w$])/.test(code)) return;
  const shebang = code.startsWith('#!') ? code.slice(0, code.indexOf('\n') + 1) : '';
  const banner =
    "import { createRequire as __berthCreateRequire } from 'node:module'; const require = __berthCreateRequire(import.meta.url);\n";
  writeFileSync(file, shebang + banner + code.slice(shebang.length));
}
