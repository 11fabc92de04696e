// ValidateTemplate's checks, the dependency graph and the update diff, with CloudFormation's texts
// (ref cloudformation-cdk §4.2, §4.4, §4.5).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { isBerthError } from '../../errors/index.js';
import { checkTemplate, dependencyGraph, diffResources, missingCapabilities } from './index.js';

const rejectsWith = (body: string, message: string | RegExp) =>
  assert.throws(
    () => checkTemplate(body),
    (e: unknown) =>
      isBerthError(e) &&
      e.code === 'BERTH_TEMPLATE_REJECTED' &&
      (typeof message === 'string' ? e.message === message : message.test(e.message)),
  );

test('bad templates are refused with CloudFormation’s texts', () => {
  rejectsWith(
    'Resources:\n  A: { Type: T, Properties: { X: !Ref B } }\n  B: { Type: T, Properties: { X: !GetAtt A.Arn } }\n',
    'Circular dependency between resources: [A, B]',
  );
  rejectsWith(
    'Resources:\n  A: { Type: T, Properties: { X: !Ref Nope } }\n',
    'Template format error: Unresolved resource dependencies [Nope] in the Resources block of the template',
  );
  rejectsWith(
    'Resources:\n  A: { Type: T, DependsOn: Ghost }\n',
    'Template format error: Unresolved resource dependencies [Ghost] in the Resources block of the template',
  );
  rejectsWith(
    'Resources:\n  A: { Type: T }\nOutputs:\n  O: { Value: !Sub "${Nope.Arn}" }\n',
    'Template format error: Unresolved resource dependencies [Nope] in the Outputs block of the template',
  );
  rejectsWith(
    'Resources:\n  A: [unclosed\n',
    /^Template format error: YAML not well-formed\. \(line \d+, column \d+\)$/,
  );
  rejectsWith('{"Resources": {', /^Template format error: JSON not well-formed\./);
  rejectsWith('Description: x\n', 'Template format error: At least one Resources member must be defined.');
  rejectsWith('Resources: {}\n', 'Template format error: At least one Resources member must be defined.');
  rejectsWith(
    'Resources: { A: { Type: T } }\nResource: {}\n',
    'Invalid template property or properties [Resource]',
  );
  rejectsWith(
    'Resources: { A: { Type: T, Propertes: {} } }\n',
    "Invalid template resource property 'Propertes'",
  );
});

test('the summary lists parameters, resource types and the capabilities IAM resources need', () => {
  const { summary } = checkTemplate(`
Description: demo
Parameters: { P: { Type: String, Default: x, NoEcho: true, Description: d } }
Resources:
  R: { Type: AWS::IAM::Role, Properties: { AssumeRolePolicyDocument: {} } }
  N: { Type: AWS::IAM::Role, Properties: { RoleName: named } }
  L: { Type: AWS::Logs::LogGroup }
`);
  assert.equal(summary.description, 'demo');
  assert.deepEqual(summary.capabilities, ['CAPABILITY_NAMED_IAM']);
  assert.equal(
    summary.capabilitiesReason,
    'The following resource(s) require capabilities: [AWS::IAM::Role]',
  );
  assert.deepEqual(summary.resourceTypes, ['AWS::IAM::Role', 'AWS::Logs::LogGroup']);
  assert.deepEqual(summary.parameters[0], {
    key: 'P',
    type: 'String',
    defaultValue: 'x',
    noEcho: true,
    description: 'd',
  });
  assert.deepEqual(missingCapabilities(['CAPABILITY_NAMED_IAM'], ['CAPABILITY_IAM']), [
    'CAPABILITY_NAMED_IAM',
  ]);
  assert.deepEqual(missingCapabilities(['CAPABILITY_IAM'], ['CAPABILITY_NAMED_IAM']), []);
});

test('the update diff: added, removed, modified in place, replaced, and conditional replacement', () => {
  const behaviour = (_type: string, changed: readonly string[]) =>
    changed.includes('Name') ? ('replacement' as const) : ('no-interruption' as const);
  const changes = diffResources(
    [
      { logicalId: 'Keep', type: 'T', properties: { A: 1 } },
      { logicalId: 'Tweak', type: 'T', properties: { A: '1' } },
      { logicalId: 'Rename', type: 'T', properties: { Name: 'a' } },
      { logicalId: 'Gone', type: 'T', properties: {} },
      { logicalId: 'Retype', type: 'T', properties: {} },
    ],
    [
      { logicalId: 'Keep', type: 'T', properties: { A: '1' } },
      { logicalId: 'Tweak', type: 'T', properties: { A: '2' } },
      { logicalId: 'Rename', type: 'T', properties: { Name: 'b' } },
      { logicalId: 'Retype', type: 'U', properties: {} },
      { logicalId: 'New', type: 'T', properties: {} },
    ],
    behaviour,
  );
  assert.deepEqual(
    changes.map((c) => [c.action, c.logicalId, c.replacement]),
    [
      ['Modify', 'Tweak', 'False'],
      ['Modify', 'Rename', 'True'],
      ['Modify', 'Retype', 'True'],
      ['Add', 'New', undefined],
      ['Remove', 'Gone', undefined],
    ],
  );
});

test('property: any acyclic graph is accepted and every dependency comes from the template; a cycle is refused', () => {
  fc.assert(
    fc.property(fc.array(fc.array(fc.nat(7), { maxLength: 3 }), { minLength: 1, maxLength: 8 }), (lists) => {
      const resources = Object.fromEntries(
        lists.map((needs, i) => [
          `R${i}`,
          {
            Type: 'T',
            Properties: { X: needs.filter((n) => n < lists.length).map((n) => ({ Ref: `R${n}` })) },
          },
        ]),
      );
      const acyclic = lists.every((needs, i) => needs.every((n) => n >= lists.length || n < i));
      try {
        const graph = dependencyGraph({ Resources: resources });
        for (const id of graph.ids) {
          for (const need of graph.dependenciesOf(id)) assert.ok(graph.dependentsOf(need).includes(id));
        }
        return acyclic || lists.every((needs, i) => needs.every((n) => n >= lists.length || n !== i));
      } catch (e) {
        return (
          isBerthError(e) && e.message.startsWith('Circular dependency between resources: [') && !acyclic
        );
      }
    }),
  );
});

test('property: Fn::Cidr gives distinct subnets of the asked size, all inside the block', async () => {
  const { StackEvaluation, readTemplateText } = await import('./index.js');
  fc.assert(
    fc.property(
      fc.integer({ min: 8, max: 24 }),
      fc.integer({ min: 1, max: 16 }),
      fc.integer({ min: 2, max: 8 }),
      (prefix, count, bits) => {
        const text = readTemplateText(
          JSON.stringify({
            Resources: {
              R: { Type: 'T', Properties: { C: { 'Fn::Cidr': [`10.0.0.0/${prefix}`, count, bits] } } },
            },
          }),
        );
        const facts = {
          stackId: 's',
          resource: () => undefined,
          exports: {},
          availabilityZones: [],
          dynamicReferences: new Map(),
        };
        const scope = { accountId: '1', region: 'r', partition: 'aws', stackName: 's' };
        const value = new StackEvaluation(text.root, scope, {}, facts).properties('R').C;
        const fits = count <= 2 ** (32 - bits - prefix);
        if (!fits) return !Array.isArray(value);
        const subnets = value as string[];
        const toInt = (cidr: string) =>
          cidr
            .split('/')[0]!
            .split('.')
            .reduce((a, o) => a * 256 + Number(o), 0);
        return (
          subnets.length === count &&
          new Set(subnets).size === count &&
          subnets.every(
            (s) =>
              s.endsWith(`/${32 - bits}`) &&
              toInt(s) < 10 * 2 ** 24 + 2 ** (32 - prefix) &&
              toInt(s) % 2 ** bits === 0,
          )
        );
      },
    ),
  );
});
