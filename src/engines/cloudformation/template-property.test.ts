// Properties of template reading (house style E10): any text is read or refused with BERTH_INVALID_TEMPLATE and
// nothing else; a JSON template and its YAML form resolve to the same values; long hostile texts take linear time.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { isBerthError } from '../../errors/index.js';
import { loadTemplate } from './index.js';

function readOrRefuse(text: string): void {
  try {
    loadTemplate(text);
  } catch (error) {
    if (!isBerthError(error) || error.code !== 'BERTH_INVALID_TEMPLATE') throw error;
  }
}

const hostile = fc.constantFrom(
  'Resources:',
  '{"Resources":',
  '{',
  '}',
  '[',
  ']',
  '"',
  ':',
  ',',
  '\n',
  '  ',
  '!Ref ',
  '!GetAtt ',
  '!Sub "${',
  '{"Fn::If":',
  '{"Ref":"AWS::NoValue"}',
  '{"Fn::GetAtt":["A","Arn"]}',
  '{"Condition":"C"}',
  '&a ',
  '*a',
  '__proto__',
  'constructor',
  '- ',
  '#',
  '\\u0000',
  'A',
  '1',
);

test('property: any text is read or refused with BERTH_INVALID_TEMPLATE, never anything else', () => {
  const text = fc.oneof(
    fc.string({ maxLength: 80 }),
    fc.array(hostile, { maxLength: 30 }).map((parts) => parts.join('')),
    fc
      .array(hostile, { maxLength: 30 })
      .map((parts) => `Resources:\n  A:\n    Type: X\n    Properties: ${parts.join('')}`),
  );
  fc.assert(fc.property(text, readOrRefuse), { numRuns: 2000 });
});

/** Intrinsic expressions over a small world: a parameter, two resources, a condition. */
const expression: fc.Arbitrary<unknown> = fc.letrec<{ e: unknown }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom('a', 'b', 'x,y', 1, true),
    fc.constantFrom(
      { Ref: 'P' },
      { Ref: 'Role' },
      { Ref: 'AWS::Region' },
      { Ref: 'AWS::NoValue' },
      { Ref: 'Missing' },
      { 'Fn::GetAtt': ['Role', 'Arn'] },
      { 'Fn::GetAtt': ['Key', 'Nope'] },
      { 'Fn::ImportValue': 'x' },
      { 'Fn::Sub': '${P}-${Role.Arn}-${!x}' },
    ),
    fc
      .tuple(fc.constantFrom('', '/'), fc.array(tie('e'), { maxLength: 3 }))
      .map((args) => ({ 'Fn::Join': args })),
    fc.tuple(fc.constantFrom('C', 'Nope'), tie('e'), tie('e')).map((args) => ({ 'Fn::If': args })),
    fc.tuple(fc.nat(3), fc.array(tie('e'), { maxLength: 3 })).map((args) => ({ 'Fn::Select': args })),
    fc.array(tie('e'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom('k', 'l', '__proto__'), tie('e'), { maxKeys: 2, noNullPrototype: true }),
  ),
})).e;

function world(value: unknown) {
  return {
    Parameters: { P: { Type: 'String', Default: 'p' } },
    Conditions: { C: { 'Fn::Equals': [{ Ref: 'P' }, 'p'] } },
    Resources: {
      Role: { Type: 'AWS::IAM::Role', Properties: {} },
      Key: { Type: 'AWS::KMS::Key' },
      Subject: { Type: 'AWS::ECS::TaskDefinition', Properties: { Value: value } },
    },
  };
}

/** A YAML rendering of a JSON value that uses the long forms (JSON is YAML's flow style). */
function asYaml(value: unknown): string {
  return `Resources:\n${Object.entries((value as { Resources: object }).Resources)
    .map(([id, resource]) => `  ${id}: ${JSON.stringify(resource)}`)
    .join(
      '\n',
    )}\nParameters: ${JSON.stringify((value as { Parameters: object }).Parameters)}\nConditions: ${JSON.stringify((value as { Conditions: object }).Conditions)}\n`;
}

test('property: a template resolves to the same values from its JSON and its YAML text, deterministically', () => {
  fc.assert(
    fc.property(expression, (value) => {
      const json = loadTemplate(JSON.stringify(world(value)));
      const yaml = loadTemplate(asYaml(world(value)));
      const subject = (t: typeof json) => t.resources.find((r) => r.logicalId === 'Subject')!.properties;
      assert.deepEqual(subject(yaml), subject(json));
      assert.deepEqual(subject(loadTemplate(JSON.stringify(world(value)))), subject(json));
    }),
    { numRuns: 500 },
  );
});

test('long hostile templates are read in linear time', () => {
  // Linear, not quadratic: 8× the input takes 6–20× as long here (the many-keys shape grows a little faster than
  // linear: its garbage), where a quadratic reader would take 64×. Compared as a ratio of the best of five runs at
  // each size, in this process's CPU time — time spent waiting for a core on a loaded machine does not count (4×
  // inputs by wall time failed once in CI at 11.7× against a limit of 10) — never against a clock limit.
  const shapes = [
    (n: number) =>
      `{"Resources": {${Array.from({ length: n }, (_, i) => `"R${i}": {"Type": "AWS::KMS::Key"}`).join(',')}}}`,
    (n: number) =>
      `{"Resources": {"A": {"Type": "X", "Properties": {"S": {"Fn::Sub": "${'${!x}'.repeat(n * 2)}"}}}}}`,
    (n: number) =>
      `Resources:\n${Array.from({ length: n }, (_, i) => `  R${i}: !Ref R${i + 1}`).join('\n')}\n`,
  ];
  const cpuMs = () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  };
  const best = (text: string) =>
    Math.min(
      ...[0, 1, 2, 3, 4].map(() => {
        const started = cpuMs();
        readOrRefuse(text);
        return cpuMs() - started;
      }),
    );
  for (const shape of shapes) {
    const small = best(shape(1250));
    const large = best(shape(10000));
    assert.ok(large / small < 40, `8× the input took ${(large / small).toFixed(1)}× as long`);
  }
});
