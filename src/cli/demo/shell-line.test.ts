import assert from 'node:assert/strict';
import { test } from 'node:test';
import { awsLine, shellLine, shellWord } from './shell-line.js';

test('words are quoted only when a shell would read them specially', () => {
  assert.equal(shellWord('demo/registry-credentials'), 'demo/registry-credentials');
  assert.equal(shellWord('file://creds.json'), 'file://creds.json');
  assert.equal(shellWord('a b'), "'a b'");
  assert.equal(shellWord('subnets=[x]'), "'subnets=[x]'");
  assert.equal(shellWord("it's"), "'it'\\''s'");
  assert.equal(shellWord(''), "''");
});

test('placeholders stay readable; aws lines put flags after the operation', () => {
  assert.equal(shellLine(['curl', '<url>']), 'curl <url>');
  assert.equal(
    awsLine('ecs', 'wait tasks-running', { tasks: 'arn:aws:ecs:us-east-1:0:task/default/1' }),
    'aws ecs wait tasks-running --tasks arn:aws:ecs:us-east-1:0:task/default/1',
  );
});
