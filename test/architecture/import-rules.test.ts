// Enforces the layering of ../shared/DESIGN.md ("Layout (src/) and who may import whom") on every run.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const src = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');

interface Rule {
  /** Folders (relative to src/) this layer may import from, besides itself. */
  mayImport: string[];
  /** Whether npm packages are allowed (or which ones), and which node: built-ins (undefined = all). */
  packages: boolean | string[];
  builtins?: string[];
}

const pure: Rule = {
  mayImport: ['engines', 'errors'],
  packages: false,
  builtins: ['crypto', 'buffer', 'util'],
};
const everything = [
  'engines',
  'errors',
  'ports',
  'aws',
  'services',
  'content',
  'registry',
  'agent',
  'adapters',
  'cli',
  'console',
];

// Longest matching prefix wins. `services/<svc>` may import only its own folder, never another service.
const rules: Record<string, Rule> = {
  engines: pure,
  errors: pure,
  // ports/: the interfaces of the IO edges (persistence, clock, randomness) with in-memory implementations.
  ports: { mayImport: ['engines', 'errors'], packages: false },
  aws: { mayImport: ['engines', 'errors', 'ports'], packages: true },
  services: { mayImport: ['aws', 'engines', 'errors', 'ports'], packages: true },
  content: { mayImport: ['engines', 'errors', 'ports'], packages: true },
  'registry/client': {
    mayImport: ['engines/oci', 'engines/registry-auth', 'content', 'errors', 'ports'],
    packages: true,
  },
  'registry/server': {
    mayImport: ['engines/oci', 'engines/registry-auth', 'content', 'errors', 'ports'],
    packages: true,
  },
  agent: { mayImport: ['engines', 'errors', 'ports', 'registry/client', 'content'], packages: true },
  adapters: { mayImport: everything.filter((f) => f !== 'cli' && f !== 'console'), packages: true },
  cli: { mayImport: everything, packages: true },
  testing: { mayImport: everything, packages: true },
  // Template reading is pure but needs a YAML parser for CloudFormation's YAML form.
  'engines/cloudformation': { ...pure, packages: ['yaml'] },
  'engines/doctor': pure,
  // The doctor reads templates, plans and the live account, and logs in to registries; it never runs the agent's or
  // the services' code, so that what it says is decided independently of what it checks.
  'cli/commands/doctor': {
    mayImport: ['engines', 'errors', 'registry/client', 'cli/cli-error.js'],
    packages: true,
  },
  // The console reads the account as a client of berth's public API (the SDK, as root) and renders it; what no API
  // answers (logs, the registry's store, the doctor) it is given by its part. It never imports a service or an adapter.
  console: {
    mayImport: ['engines', 'errors', 'aws', 'ports', 'cli/commands/task-format.js'],
    packages: true,
  },
};

function* sourceFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(path);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) yield path;
  }
}

function specifiers(code: string): string[] {
  const found = code.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm);
  return [...found].map((m) => m[1]!);
}

/** The layer a src-relative path belongs to: `services/<svc>` counts as its own layer. */
function layerOf(path: string): { rule: string; home: string } {
  const parts = path.split('/');
  if (parts[0] === 'services') return { rule: 'services', home: parts.slice(0, 2).join('/') };
  for (const length of [3, 2]) {
    const prefix = parts.slice(0, length).join('/');
    if (parts.length > length && rules[prefix]) return { rule: prefix, home: prefix };
  }
  return { rule: parts[0]!, home: parts[0]! };
}

function violation(file: string, spec: string): string | undefined {
  const from = relative(src, file);
  const { rule: ruleName, home } = layerOf(from);
  const rule = rules[ruleName];
  if (!rule) return `${from}: folder ${ruleName}/ has no import rule; add one to this test and to DESIGN.md`;
  if (spec.startsWith('node:')) {
    const name = spec.slice(5).split('/')[0]!;
    return rule.builtins && !rule.builtins.includes(name)
      ? `${from}: ${ruleName}/ may not use ${spec}`
      : undefined;
  }
  if (!spec.startsWith('.')) {
    const allowed = Array.isArray(rule.packages) ? rule.packages.includes(spec) : rule.packages;
    return allowed ? undefined : `${from}: ${ruleName}/ may not import package ${spec}`;
  }
  const target = relative(src, resolve(dirname(file), spec));
  if (target.startsWith('..')) return `${from}: imports ${spec} from outside src/`;
  if (target === home || target.startsWith(`${home}/`)) return undefined;
  const allowed = rule.mayImport.some((folder) => target === folder || target.startsWith(`${folder}/`));
  return allowed ? undefined : `${from}: ${ruleName}/ may not import ${target}`;
}

test('every import in src/ follows the layering rules of DESIGN.md', () => {
  const problems: string[] = [];
  for (const file of sourceFiles(src)) {
    for (const spec of specifiers(readFileSync(file, 'utf8'))) {
      const problem = violation(file, spec);
      if (problem) problems.push(problem);
    }
  }
  assert.deepEqual(problems, []);
});

test('the rule checker catches a pure engine reaching for IO or a service reaching into another', () => {
  assert.match(violation(join(src, 'engines/iam/x.ts'), 'node:fs') ?? '', /may not use node:fs/);
  assert.match(violation(join(src, 'engines/iam/x.ts'), 'undici') ?? '', /may not import package/);
  assert.match(violation(join(src, 'services/kms/x.ts'), '../secretsmanager/y.js') ?? '', /may not import/);
  assert.match(violation(join(src, 'aws/x.ts'), '../services/kms/y.js') ?? '', /may not import/);
  assert.match(violation(join(src, 'agent/x.ts'), '../adapters/runc/y.js') ?? '', /may not import/);
  assert.equal(violation(join(src, 'services/kms/x.ts'), './domain/key.js'), undefined);
  assert.equal(violation(join(src, 'engines/iam/x.ts'), '../arn/parse.js'), undefined);
  assert.equal(violation(join(src, 'engines/iam/x.ts'), 'node:crypto'), undefined);
  assert.equal(violation(join(src, 'engines/cloudformation/x.ts'), 'yaml'), undefined);
  assert.match(violation(join(src, 'engines/doctor/x.ts'), 'yaml') ?? '', /may not import package/);
  assert.match(
    violation(join(src, 'cli/commands/doctor/x.ts'), '../../../agent/y.js') ?? '',
    /may not import/,
  );
  assert.match(
    violation(join(src, 'cli/commands/doctor/x.ts'), '../../../services/kms/y.js') ?? '',
    /may not/,
  );
  assert.equal(
    violation(join(src, 'cli/commands/doctor/x.ts'), '../../../engines/doctor/index.js'),
    undefined,
  );
  assert.match(violation(join(src, 'console/x.ts'), '../services/ecs/index.js') ?? '', /may not import/);
  assert.match(
    violation(join(src, 'console/views/x.ts'), '../../adapters/sqlite/index.js') ?? '',
    /may not import/,
  );
  assert.equal(violation(join(src, 'console/x.ts'), '../engines/iam/index.js'), undefined);
});

/**
 * `services/<svc>/domain/` holds a service's pure rules (docs/architecture.md, "How to add a service"): it may name
 * the wire layer's types, never use its values — reading wire input belongs in `input/`, acting in the resource
 * classes. Type-only imports are erased; any other import of `aws/` from a domain file is a violation.
 */
function domainViolations(file: string, code: string): string[] {
  const from = relative(src, file);
  if (!/^services\/[^/]+\/domain\//.test(from)) return [];
  const statements = code.matchAll(/^\s*import\s+(type\s+)?[^'"]*?from\s*['"]([^'"]+)['"]/gms);
  return [...statements]
    .filter(([, typeOnly, spec]) => !typeOnly && spec!.startsWith('.'))
    .filter(([, , spec]) => relative(src, resolve(dirname(file), spec!)).startsWith('aws'))
    .map(([, , spec]) => `${from}: a domain file uses values of ${spec} (only \`import type\` from aws/)`);
}

test('services/<svc>/domain files use no values of the wire layer', () => {
  const problems: string[] = [];
  for (const file of sourceFiles(src)) problems.push(...domainViolations(file, readFileSync(file, 'utf8')));
  assert.deepEqual(problems, []);
});

test('the domain rule catches a value import and lets a type import through', () => {
  const file = join(src, 'services/kms/domain/x.ts');
  assert.equal(domainViolations(file, "import { ServiceError } from '../../../aws/index.js';").length, 1);
  assert.deepEqual(
    domainViolations(file, "import type { RequestContext } from '../../../aws/index.js';"),
    [],
  );
  assert.deepEqual(
    domainViolations(join(src, 'services/kms/x.ts'), "import { a } from '../../aws/index.js';"),
    [],
  );
});
