import assert from 'node:assert/strict';
import { test } from 'node:test';
import { provisionContext } from '../../testing/provision-context.js';
import { resourceTags, retag } from './physical-names.js';

const root = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x' };

test("the stack's tags reach the resource, its own win, and the reserved aws: prefix is left to CloudFormation", () => {
  const context = provisionContext(root, {
    stackTags: { team: 'a', env: 'dev', 'aws:cloudformation:stack-name': 'WebStack' },
  });
  assert.deepEqual(resourceTags([{ Key: 'env', Value: 'prod' }], context), [
    { Key: 'team', Value: 'a' },
    { Key: 'env', Value: 'prod' },
  ]);
});

test('retag removes the keys no longer wanted and sets the rest', async () => {
  const calls: string[] = [];
  await retag(
    [{ Key: 'b', Value: '2' }],
    [
      { Key: 'a', Value: '1' },
      { Key: 'b', Value: '1' },
    ],
    provisionContext(root),
    {
      remove: async (keys) => calls.push(`remove ${keys}`),
      set: async (tags) => calls.push(`set ${tags.map((t) => `${t.Key}=${t.Value}`)}`),
    },
  );
  assert.deepEqual(calls, ['remove a', 'set b=2']);
});
