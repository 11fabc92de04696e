// The part kit: parts are built in dependency order, provided ports load once on first need, and a wiring bug
// (a missing provider, a key provided twice, a circle, an undeclared need) is reported before anything runs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Command } from 'commander';
import { withOperations } from '../../aws/index.js';
import { BerthError } from '../../errors/index.js';
import { buildParts, dependencyOrder } from './build-parts.js';
import { type AnyPart, type Part, type PartDeps, portKey, provide } from './part.js';
import { declarePartOptions, parsePartOptions } from './part-options.js';
import { servicePart } from './service-part.js';

const deps = {} as PartDeps;
const a = portKey<{ value: number }>('a');
const b = portKey<string>('b');

function part(
  name: string,
  shape: { provides?: (typeof a)[]; requires?: (typeof a | typeof b)[] } = {},
): Part {
  return { name, ...shape, build: () => ({}) };
}

const wiringBug = (pattern: RegExp) => (error: unknown) =>
  error instanceof BerthError && error.code === 'BERTH_INTERNAL' && pattern.test(error.message);

test('providers come before the parts that require them; otherwise the wiring order holds', () => {
  const needsA = part('needs-a', { requires: [a] });
  const givesA = part('gives-a', { provides: [a] });
  const free = part('free');
  assert.deepEqual(
    dependencyOrder([needsA, free, givesA]).map((p) => p.name),
    ['free', 'gives-a', 'needs-a'],
  );
});

test('wiring bugs are refused before anything is built', () => {
  assert.throws(
    () => dependencyOrder([part('x', { requires: [a] })]),
    wiringBug(/requires a, which no part/),
  );
  const twice = [part('one', { provides: [a] }), part('two', { provides: [a] })];
  assert.throws(() => dependencyOrder(twice), wiringBug(/provided by both one and two/));
  const circle = [
    part('p', { provides: [a], requires: [b as never] }),
    { ...part('q', { requires: [a] }), provides: [b] } as AnyPart,
  ];
  assert.throws(() => dependencyOrder(circle), wiringBug(/require each other in a circle/));
  const liar: Part = { name: 'liar', provides: [a], build: () => ({}) };
  assert.throws(() => buildParts([liar], deps), wiringBug(/declares a but does not provide it/));
});

test('a provided port loads once, on first need, and only for parts that declared it', async () => {
  let loads = 0;
  const provider: Part = {
    name: 'provider',
    provides: [a],
    build: () => ({ provides: [provide(a, async () => ({ value: ++loads }))] }),
  };
  let needA: (() => Promise<{ value: number }>) | undefined;
  let needUndeclared: (() => Promise<unknown>) | undefined;
  const user: Part = {
    name: 'user',
    requires: [a],
    build: ({ need }) => {
      needA = () => need(a);
      needUndeclared = () => need(b);
      return {};
    },
  };
  const built = buildParts([user, provider], deps);
  assert.equal(loads, 0, 'nothing loads while the parts are built');
  const [first, second] = await Promise.all([needA!(), needA!()]);
  assert.deepEqual([first.value, second.value, loads], [1, 1, 1]);
  assert.equal((await built.need(a)).value, 1);
  await assert.rejects(needUndeclared!(), wiringBug(/needs b without declaring it/));
});

test("a part's options are declared on berth up and parsed for that part only", () => {
  const withOption: Part<{ taskCidr: string }> = {
    name: 'net',
    options: {
      taskCidr: { flags: '--task-cidr <cidr>', description: 'range', parse: (raw) => raw.toUpperCase() },
    },
    build: () => ({}),
  };
  const command = new Command();
  declarePartOptions(command, [withOption, part('plain')]);
  command.parse(['--task-cidr', 'x/16'], { from: 'user' });
  const parsed = parsePartOptions([withOption, part('plain')], command.opts());
  assert.deepEqual(parsed.get('net'), { taskCidr: 'X/16' });
  assert.deepEqual(parsed.get('plain'), {});
  const misnamed: Part<{ cidr: string }> = {
    name: 'bad',
    options: { cidr: { flags: '--task-cidr <cidr>', description: '', parse: String } },
    build: () => ({}),
  };
  assert.throws(() => declarePartOptions(new Command(), [misnamed]), wiringBug(/must be keyed taskCidr/));
});

test('servicePart registers the routing at once and builds the service on its first load only', async () => {
  let created = 0;
  const routing = {
    name: 'x',
    signingName: 'x',
    protocol: 'aws-json',
    targetPrefix: 'X',
    errorMessageMember: 'message',
  } as const;
  const built = buildParts(
    [
      servicePart(routing, async () => {
        created++;
        return {
          definition: withOperations(routing, { Ping: { authorize: 'none', handler: async () => ({}) } }),
        };
      }),
    ],
    deps,
  );
  const [service] = built.parts[0]!.services!;
  assert.equal(service!.name, 'x');
  assert.equal(created, 0);
  const [one, two] = await Promise.all([service!.load(), service!.load()]);
  assert.deepEqual([Object.keys(one.operations), one === two, created], [['Ping'], true, 1]);
});
