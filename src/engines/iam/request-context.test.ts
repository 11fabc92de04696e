import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RequestContext } from './request-context.js';

test('keys are case-insensitive; numbers and booleans read as strings; undefined is no key', () => {
  const context = new RequestContext({
    'aws:SourceIp': '10.0.0.1',
    'aws:EpochTime': 5,
    'aws:X': true,
    gone: undefined,
  });
  assert.equal(context.get('AWS:SOURCEIP'), '10.0.0.1');
  assert.equal(context.get('aws:epochtime'), '5');
  assert.equal(context.get('aws:x'), 'true');
  assert.equal(context.get('gone'), undefined);
  assert.deepEqual(
    [...context.entries()].map(([key]) => key),
    ['aws:sourceip', 'aws:epochtime', 'aws:x'],
  );
});

test('a lazy value is worked out only when read, and only once', () => {
  let calls = 0;
  const context = new RequestContext({
    'kms:ResourceAliases': () => {
      calls++;
      return ['alias/a'];
    },
    'aws:Never': () => {
      throw new Error('not read');
    },
    'aws:Unset': () => undefined,
  });
  assert.equal(calls, 0);
  assert.deepEqual(context.get('kms:resourcealiases'), ['alias/a']);
  assert.deepEqual(context.get('KMS:ResourceAliases'), ['alias/a']);
  assert.equal(calls, 1);
  assert.equal(context.get('aws:unset'), undefined);
});

test('a context on a base: its own keys win, undefined unsets, the base is left as it is', () => {
  const base = new RequestContext({
    'aws:PrincipalArn': 'arn:role',
    'aws:PrincipalTag/team': 'a',
    keep: 'k',
  });
  const request = new RequestContext({ 'aws:PrincipalTag/Team': 'b', keep: undefined, extra: 'e' }, base);
  assert.equal(request.get('aws:principalarn'), 'arn:role');
  assert.equal(request.get('aws:principaltag/team'), 'b');
  assert.equal(request.get('keep'), undefined);
  assert.equal(base.get('keep'), 'k');
  assert.equal(base.get('aws:principaltag/team'), 'a');
  assert.deepEqual(
    new Map(request.entries()),
    new Map([
      ['aws:principalarn', 'arn:role'],
      ['aws:principaltag/team', 'b'],
      ['extra', 'e'],
    ]),
  );
  const changed = request.with({ extra: undefined, added: ['x'] });
  assert.equal(changed.get('extra'), undefined);
  assert.deepEqual(changed.get('added'), ['x']);
  assert.equal(request.get('extra'), 'e');
});
