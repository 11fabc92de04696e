// Folds the chunks `berth up` loads before its first answer into one file, dist/cli/chunks/startup.js (issue 19).
// Why: esbuild's splitting makes a chunk per set of entry points that share code, so a start that reaches the
// composition imported ~35 chunks through ~160 import statements. Resolving that many specifiers (with the other path
// work of the start) ran Node's path normalization often enough for V8 to compile it with TurboFan — ≈ 4 MiB more in
// an idle berth up, for code only the start runs (docs/benchmarks.md, cold-start). esbuild has no way to say "these
// chunks always load together" (rollup's manualChunks), so this runs after it: the static closure of the start's
// entries becomes one bundle with every export renamed `<chunk>$<name>`, and every other file's imports of those
// chunks are rewritten to it. Dynamic imports stay dynamic: a service's code still loads on its first request.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { build } from 'esbuild';

const startupFile = 'startup.js';

/**
 * @param {import('esbuild').Metafile} metafile the split build's
 * @param {string[]} startEntries the outputs whose static imports always load at `berth up`'s start
 * @param {string} chunksDir where the chunks are (the folded bundle goes there too, so import.meta.url stays valid)
 */
export async function foldStartupChunks(metafile, startEntries, chunksDir) {
  const outputs = metafile.outputs;
  const folded = startupClosure(outputs, startEntries);
  const exportName = (chunk, name) => `${chunkId(chunk)}$${name}`;
  const entry = [...folded]
    .map((chunk) => {
      const names = outputs[chunk].exports;
      const from = JSON.stringify(`./${basename(chunk)}`);
      if (names.length === 0) return `import ${from};`;
      return `export { ${names.map((name) => `${name} as ${exportName(chunk, name)}`).join(', ')} } from ${from};`;
    })
    .join('\n');
  const foldedPaths = new Set([...folded].map((chunk) => join(process.cwd(), chunk)));
  await build({
    stdin: { contents: entry, resolveDir: chunksDir, sourcefile: 'startup-entry.js' },
    outfile: join(chunksDir, startupFile),
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    minifyWhitespace: true,
    minifySyntax: true,
    plugins: [
      {
        // Only the folded chunks are bundled; packages, built-ins and the lazily loaded chunks stay imports.
        name: 'fold-only-startup-chunks',
        setup(pass) {
          pass.onResolve({ filter: /.*/ }, (args) => {
            const path = args.path.startsWith('.') ? join(args.resolveDir, args.path) : args.path;
            return foldedPaths.has(path) ? { path } : { path: args.path, external: true };
          });
        },
      },
    ],
    logLevel: 'warning',
  });
  // The folded bundle may import packages, built-ins and (dynamically) other chunks, never a chunk statically: that
  // chunk would import startup.js back, and a cycle's evaluation order is not the one esbuild planned.
  const staticLocal = /(?:from|import)\s*"\.\/[^"]+"/.exec(
    readFileSync(join(chunksDir, startupFile), 'utf8'),
  );
  if (staticLocal) throw new Error(`${startupFile} imports a chunk statically: ${staticLocal[0]}`);
  for (const output of Object.keys(outputs)) {
    if (folded.has(output) || !output.endsWith('.js')) continue;
    const code = readFileSync(output, 'utf8');
    const rewritten = rewriteImports(code, output, folded, exportName, join(chunksDir, startupFile));
    if (rewritten !== code) writeFileSync(output, rewritten);
  }
  for (const chunk of folded) rmSync(chunk);
}

/** The chunks reached from the entries by static imports, the entries themselves and other entry files left out. */
function startupClosure(outputs, startEntries) {
  const folded = new Set();
  const pending = [...startEntries];
  while (pending.length > 0) {
    const file = pending.pop();
    for (const imported of outputs[file].imports) {
      if (imported.external || imported.kind !== 'import-statement' || folded.has(imported.path)) continue;
      if (outputs[imported.path].entryPoint === undefined) folded.add(imported.path);
      pending.push(imported.path);
    }
  }
  return folded;
}

const chunkId = (chunk) => basename(chunk, '.js').replace(/[^A-Za-z0-9_]/g, '_');

/**
 * esbuild writes a cross-chunk import as `import{a,b as c}from"./chunk-X.js";` (or `import"./chunk-X.js";`). Any
 * other form naming a folded chunk is left as it was, and the check below fails the build rather than ship a file
 * that imports a deleted chunk.
 */
function rewriteImports(code, file, folded, exportName, startupPath) {
  let specifier = relative(dirname(file), startupPath);
  if (!specifier.startsWith('.')) specifier = `./${specifier}`;
  const foldedByName = new Map([...folded].map((chunk) => [relative(dirname(file), chunk), chunk]));
  const target = (path) => foldedByName.get(path.startsWith('./') ? path.slice(2) : path);
  let importsStartup = false;
  const rewritten = code
    .replace(/import\{([^}]*)\}from"(\.[^"]+)";/g, (statement, names, path) => {
      const chunk = target(path);
      if (chunk === undefined) return statement;
      importsStartup = true;
      const bindings = names.split(',').map((binding) => {
        const [name, local = name] = binding.trim().split(/\s+as\s+/);
        return `${exportName(chunk, name)} as ${local}`;
      });
      return `import{${bindings.join(',')}}from"${specifier}";`;
    })
    .replace(/import"(\.[^"]+)";/g, (statement, path) => {
      if (target(path) === undefined) return statement;
      // One import of the folded bundle evaluates all of it: a repeat (or a named import beside it) is enough.
      if (importsStartup) return '';
      importsStartup = true;
      return `import"${specifier}";`;
    });
  for (const chunk of folded) {
    if (rewritten.includes(basename(chunk))) {
      throw new Error(
        `${file} still names ${basename(chunk)}, folded into ${startupFile}: an import form not rewritten`,
      );
    }
  }
  return rewritten;
}
