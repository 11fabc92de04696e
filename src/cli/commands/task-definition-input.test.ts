// `berth run TASKDEF`: which argument is a file and which a registered definition, and what a file may hold.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { isBerthError } from '../../errors/index.js';
import { parseTaskDefinitionRequest, taskDefinitionSource } from './task-definition-input.js';

const dir = mkdtempSync(join(tmpdir(), 'berth-taskdef-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const definition = {
  family: 'web',
  executionRoleArn: 'arn:aws:iam::000000000000:role/exec',
  networkMode: 'awsvpc',
  requiresCompatibilities: ['FARGATE'],
  cpu: '256',
  memory: '512',
  containerDefinitions: [{ name: 'web', image: 'ghcr.io/org/web:1' }],
};

function badInput(run: () => unknown, message: RegExp): void {
  assert.throws(
    run,
    (error) => isBerthError(error) && error.kind === 'invalid-argument' && message.test(error.message),
  );
}

describe('taskDefinitionSource', () => {
  test('a file (also as file://) is read as a RegisterTaskDefinition input', () => {
    const path = join(dir, 'web.json');
    writeFileSync(path, JSON.stringify(definition));
    for (const argument of [path, `file://${path}`]) {
      const source = taskDefinitionSource(argument);
      assert.equal(source.kind, 'file');
      assert.deepEqual(source.kind === 'file' && source.request, definition);
    }
  });

  test('family, family:revision and an ARN that are not files name registered definitions', () => {
    for (const argument of ['web', 'web:3', 'arn:aws:ecs:us-east-1:000000000000:task-definition/web:3']) {
      assert.deepEqual(taskDefinitionSource(argument), { kind: 'registered', taskDefinition: argument });
    }
  });

  test('a missing file, a directory or a path that cannot be a family is bad input', () => {
    badInput(
      () => taskDefinitionSource(join(dir, 'missing.json')),
      /^no task definition file .*missing\.json$/,
    );
    badInput(() => taskDefinitionSource('web.json'), /^no task definition file web\.json$/);
    badInput(() => taskDefinitionSource('web:0'), /^no task definition file web:0$/);
    const sub = join(dir, 'sub');
    mkdirSync(sub);
    badInput(() => taskDefinitionSource(sub), /is a directory, not a task definition file$/);
  });
});

describe('parseTaskDefinitionRequest', () => {
  test('invalid JSON and a non-object are bad input, naming the file', () => {
    badInput(() => parseTaskDefinitionRequest('{"family": ', 'td.json'), /^td\.json is not valid JSON: /);
    badInput(() => parseTaskDefinitionRequest('[]', 'td.json'), /^td\.json must hold a JSON object/);
  });

  test('an unknown member is refused as the AWS CLI refuses it (a typo would otherwise vanish)', () => {
    badInput(
      () => parseTaskDefinitionRequest(JSON.stringify({ family: 'web', containerDefinition: [] }), 'td.json'),
      /^td\.json: unknown parameter "containerDefinition"; a task definition has: family, taskRoleArn, /,
    );
  });

  test('DescribeTaskDefinition output runs unchanged: read-only fields dropped, its tags kept', () => {
    const described = {
      taskDefinition: {
        ...definition,
        taskDefinitionArn: 'arn:aws:ecs:us-east-1:000000000000:task-definition/web:3',
        revision: 3,
        status: 'ACTIVE',
        requiresAttributes: [{ name: 'com.amazonaws.ecs.capability.ecr-auth' }],
        compatibilities: ['EC2', 'FARGATE'],
        registeredAt: '2026-11-22T09:00:00.000Z',
        registeredBy: 'arn:aws:iam::000000000000:root',
      },
      tags: [{ key: 'team', value: 'web' }],
    };
    assert.deepEqual(parseTaskDefinitionRequest(JSON.stringify(described), 'td.json'), {
      ...definition,
      tags: [{ key: 'team', value: 'web' }],
    });
    badInput(
      () => parseTaskDefinitionRequest(JSON.stringify({ ...described, extra: 1 }), 'td.json'),
      /unknown parameter "extra"/,
    );
  });
});
