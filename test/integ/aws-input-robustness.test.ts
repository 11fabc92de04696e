// The registry-wide input test (issue 13 item 3, issue 20): for EVERY operation every service registers, each
// required member dropped and each member given a value of another type gets a 4xx with an AWS-shaped error body
// of the service's protocol — never a 5xx (ref aws-iam-and-protocols §4.1, §4.2). Signed requests over real
// loopback HTTP to an in-process berth. The examples are data (test/vectors/operation-inputs/examples.json); a new
// operation or service without one fails the coverage test. No example can start a task (see the README there).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { ServiceDefinition } from '../../src/aws/index.js';
import { callOperation, notAwsError } from './support/aws-wire-client.js';
import { type InProcessBerth, startInProcessBerth } from './support/in-process-berth.js';

interface Example {
  readonly required: readonly string[];
  readonly input: Readonly<Record<string, unknown>>;
}

const examples = JSON.parse(
  readFileSync(new URL('../vectors/operation-inputs/examples.json', import.meta.url), 'utf8'),
) as Record<string, Record<string, Example>>;

type Kind = 'string' | 'number' | 'boolean' | 'list' | 'structure' | 'null';

const samples: Record<Kind, unknown> = {
  string: 'x',
  number: 7,
  boolean: true,
  list: ['x'],
  structure: { x: 'x' },
  null: null,
};

function kindOf(value: unknown): Kind {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'object') return 'structure';
  return typeof value as 'string' | 'number' | 'boolean';
}

/**
 * The kinds a member can be mistyped as on the protocol's wire. JSON: every other JSON type, null included (null is
 * absent, so it must fail only for a required member). Query: everything is text, so only the form can be wrong
 * (a scalar given as a list `Name.member.1` or a structure `Name.x`, a list given as a scalar …), plus a word where
 * a number or boolean belongs.
 */
function mistypes(protocol: ServiceDefinition['protocol'], value: unknown): Kind[] {
  // S3's examples are the request itself (method, path, query, headers, body: aws-wire-client.ts signRest); what it
  // can get wrong are dropped members and a malformed body, below.
  if (protocol === 'rest-xml') return [];
  const kind = kindOf(value);
  if (protocol === 'aws-json') return (Object.keys(samples) as Kind[]).filter((k) => k !== kind);
  const scalar = kind !== 'list' && kind !== 'structure';
  return (['string', 'list', 'structure'] as const).filter(
    (k) => k !== kind && !(scalar && k === 'string' && kind === 'string'),
  );
}

interface Mutation {
  readonly label: string;
  readonly input: Record<string, unknown>;
  /** False only for a JSON null given to an optional member: that is the member left out, which may succeed. */
  readonly mustFail: boolean;
}

function* mutations(service: ServiceDefinition, example: Example): Generator<Mutation> {
  for (const member of example.required) {
    const { [member]: _, ...input } = example.input;
    yield { label: `without ${member}`, input, mustFail: true };
  }
  const body = example.input.body;
  if (service.protocol === 'rest-xml' && typeof body === 'string' && body.startsWith('<')) {
    yield { label: 'body as malformed XML', input: { ...example.input, body: `${body}<` }, mustFail: true };
  }
  for (const [member, value] of Object.entries(example.input)) {
    const put = (changed: unknown) => ({ ...example.input, [member]: changed });
    for (const kind of mistypes(service.protocol, value)) {
      yield {
        label: `${member} as ${kind}`,
        input: put(samples[kind]),
        mustFail: kind !== 'null' || example.required.includes(member),
      };
    }
    // One level down (a structure, or the first structure of a list): each inner member left out — it may be
    // optional, so only "never 5xx" holds (a Tag without its Key was the 500 of issue 20) — and mistyped.
    const list = Array.isArray(value);
    const inner = list ? value[0] : value;
    if (kindOf(inner) !== 'structure') continue;
    const wrap = (changed: Record<string, unknown>) => put(list ? [changed, ...value.slice(1)] : changed);
    for (const [name, item] of Object.entries(inner as Record<string, unknown>)) {
      const { [name]: _, ...without } = inner as Record<string, unknown>;
      yield { label: `${member} without ${name}`, input: wrap(without), mustFail: false };
      for (const kind of mistypes(service.protocol, item)) {
        yield {
          label: `${member} with ${name} as ${kind}`,
          input: wrap({ ...(inner as Record<string, unknown>), [name]: samples[kind] }),
          mustFail: kind !== 'null',
        };
      }
    }
  }
}

/** Runs `work` over `items`, `width` at a time. */
async function pool<T>(items: readonly T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: width }, worker));
}

describe('every registered operation: missing and mistyped members are 4xx with an AWS error body, never 5xx', () => {
  let berth: InProcessBerth;

  before(async () => {
    berth = await startInProcessBerth();
  });

  after(() => berth?.stop());

  test('the example table has exactly one example per registered operation', () => {
    const registered = berth.operations.map(({ service, name }) => `${service.name}.${name}`).sort();
    const listed = Object.entries(examples)
      .flatMap(([service, byName]) => Object.keys(byName).map((name) => `${service}.${name}`))
      .sort();
    assert.ok(registered.length >= 90, `only ${registered.length} operations registered`);
    assert.deepEqual(listed, registered);
  });

  test('each required member dropped and each member mistyped: 4xx, AWS-shaped, never 5xx', async () => {
    const cases = berth.operations.flatMap(({ service, name }) => {
      const example = examples[service.name]?.[name];
      assert.ok(example, `no example for ${service.name}.${name}`);
      return [...mutations(service, example)].map((mutation) => ({ service, name, mutation }));
    });
    const problems: string[] = [];
    await pool(cases, 8, async ({ service, name, mutation }) => {
      const answer = await callOperation(berth.target, service, name, mutation.input);
      const where = `${service.name}.${name} ${mutation.label}: ${answer.status}`;
      if (answer.status >= 500) problems.push(`${where} ${answer.body}`);
      else if (mutation.mustFail && answer.status < 400) problems.push(`${where} (succeeded)`);
      else if (answer.status >= 400) {
        const shape = notAwsError(service, answer);
        if (shape) problems.push(`${where} ${shape}: ${answer.body}`);
      }
    });
    assert.ok(cases.length > 500, `only ${cases.length} cases`);
    assert.deepEqual(problems, []);
  });

  test('nothing was started: the default cluster has no task, running or stopped', async () => {
    const ecs = berth.service('ecs');
    for (const desiredStatus of ['RUNNING', 'STOPPED']) {
      const answer = await callOperation(berth.target, ecs, 'ListTasks', { desiredStatus });
      const body = JSON.parse(answer.body) as { taskArns?: unknown[]; __type?: string };
      if (answer.status === 200) assert.deepEqual(body.taskArns, [], desiredStatus);
      else assert.equal(body.__type, 'ClusterNotFoundException');
    }
  });
});
