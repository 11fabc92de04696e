// Lists the test files for `node --test`: Node 20 does not expand glob patterns given to --test.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const roots = process.argv.length > 2 ? process.argv.slice(2) : ['src', 'test'];
const skipDirs = new Set(['node_modules', 'dist', 'fixtures', 'vectors']);

function* walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!skipDirs.has(entry.name)) yield* walk(path);
    } else if (entry.name.endsWith('.test.ts')) {
      yield path;
    }
  }
}

for (const root of roots) for (const file of [...walk(root)].sort()) console.log(file);
