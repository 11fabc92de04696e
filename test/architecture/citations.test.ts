// Source citations name their reference file (`ref ecs-services-elb-logs §4.3`): section numbers repeat across the
// reference files (§4.3 is Secrets Manager in one and target groups in another), so a bare `reference §4.3` is
// ambiguous. This test rejects the bare form and a `ref` naming no reference file.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The files of ../shared/reference/ (named here: the folder lies outside the repository). */
const referenceFiles = new Set([
  'aws-iam-and-protocols',
  'cloudformation-cdk',
  'codebase-anchors',
  'ecr',
  'ecs-private-auth',
  'ecs-services-elb-logs',
  'house-style',
  'peers-and-misconfigurations',
  'registry-protocol',
]);

function* sources(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!['node_modules', 'dist'].includes(entry.name)) yield* sources(path);
    } else if (/\.(ts|mjs)$/.test(entry.name)) yield path;
  }
}

/** What is wrong with a file's citations, one line each. */
export function citationProblems(name: string, text: string): string[] {
  const problems: string[] = [];
  text.split('\n').forEach((line, index) => {
    if (/\breference §/.test(line))
      problems.push(`${name}:${index + 1}: a bare "reference §": name the file (ref <file> §n)`);
    for (const [, file] of line.matchAll(/\bref ([a-z0-9-]+) §/g)) {
      if (!referenceFiles.has(file!))
        problems.push(`${name}:${index + 1}: "ref ${file}" names no reference file`);
    }
  });
  return problems;
}

test('every source citation names its reference file', () => {
  const problems: string[] = [];
  for (const folder of ['src', 'test', 'bench', 'scripts']) {
    for (const file of sources(join(root, folder))) {
      // This file names the bare form in its own words.
      if (file === fileURLToPath(import.meta.url)) continue;
      problems.push(...citationProblems(relative(root, file), readFileSync(file, 'utf8')));
    }
  }
  assert.deepEqual(problems, []);
});

test('the checker refuses the bare form and unknown files, and takes named ones', () => {
  assert.equal(citationProblems('a.ts', '// as ECS says (reference §2.1)').length, 1);
  assert.equal(citationProblems('a.ts', '// ref ecs-private-auth2 §2.1').length, 1);
  assert.deepEqual(citationProblems('a.ts', '// ref ecs-private-auth §2.1, ref ecr §4'), []);
});
