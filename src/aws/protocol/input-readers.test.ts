// The readers' contract: a missing required member reads as a placeholder of its type (never an undefined typed as
// present) and is reported by done(); queryOperation and handledJsonOperation never act before done() passed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RequestContext } from '../context.js';
import { isFrameworkError } from '../errors.js';
import { handledJsonOperation, JsonInputReader } from './aws-json/input-reader.js';
import { QueryInputReader, queryOperation } from './aws-query/input-reader.js';
import { readQueryTags } from './aws-query/tag-reader.js';

const ctx = {} as RequestContext;

function validation(message: string) {
  return (error: unknown) =>
    isFrameworkError(error) && error.kind === 'validation' && error.message === message;
}

test('Query: missing required members are placeholders of their type, reported together by done()', () => {
  const r = new QueryInputReader({});
  assert.equal(r.string('RoleName', { required: true }), '');
  assert.deepEqual(r.strings('TagKeys', { required: true }), []);
  assert.deepEqual(r.list('Tags', { required: true }), []);
  assert.equal(r.choice('Status', ['Active', 'Inactive'] as const, { required: true }), 'Active');
  assert.equal(r.string('Path'), undefined);
  assert.throws(
    () => r.done(),
    validation(
      "4 validation errors detected: Value null at 'roleName' failed to satisfy constraint: Member must not be null; " +
        "Value null at 'tagKeys' failed to satisfy constraint: Member must not be null; " +
        "Value null at 'tags' failed to satisfy constraint: Member must not be null; " +
        "Value null at 'status' failed to satisfy constraint: Member must not be null",
    ),
  );
});

test('Query: a required choice given a value outside its set is the enum failure, not also a null one', () => {
  const r = new QueryInputReader({ Status: 'Maybe' });
  r.choice('Status', ['Active', 'Inactive'] as const, { required: true });
  assert.throws(
    () => r.done(),
    validation(
      "1 validation error detected: Value 'Maybe' at 'status' failed to satisfy constraint: " +
        'Member must satisfy enum value set: [Active, Inactive]',
    ),
  );
});

test('Query tags: a tag with a Value and no Key reads as an empty Key and is a ValidationError (issue 20)', () => {
  const r = new QueryInputReader({ Tags: [{ Value: 'v' }] });
  assert.deepEqual(readQueryTags(r), [{ Key: '', Value: 'v' }]);
  assert.throws(
    () => r.done(),
    validation(
      "1 validation error detected: Value null at 'key' failed to satisfy constraint: Member must not be null",
    ),
  );
});

test('Query tags: without its Value a tag is a ValidationError where the model requires Value (IAM), and reads as "" where it is optional (ELBv2)', () => {
  const required = new QueryInputReader({ Tags: [{ Key: 'k' }] });
  assert.deepEqual(readQueryTags(required), [{ Key: 'k', Value: '' }]);
  assert.throws(
    () => required.done(),
    validation(
      "1 validation error detected: Value null at 'value' failed to satisfy constraint: Member must not be null",
    ),
  );
  const optional = new QueryInputReader({ Tags: [{ Key: 'k' }] });
  assert.deepEqual(readQueryTags(optional, 'Tags', { optionalValue: true }), [{ Key: 'k', Value: '' }]);
  optional.done();
});

test('queryOperation: read, then done(), then act — act never sees invalid input', async () => {
  let acted = 0;
  const operation = queryOperation(
    (r) => r.string('RoleName', { required: true, min: 1 }),
    async (_ctx, name) => {
      acted++;
      return { name };
    },
  );
  assert.equal(operation.authorize, 'handler');
  await assert.rejects(
    operation.handler(ctx, {}),
    validation(
      "1 validation error detected: Value null at 'roleName' failed to satisfy constraint: Member must not be null",
    ),
  );
  assert.equal(acted, 0);
  assert.deepEqual(await operation.handler(ctx, { RoleName: 'r' }), { name: 'r' });
  assert.equal(acted, 1);
});

test('JSON: missing required string, integer and blob are placeholders, reported by done()', async () => {
  const r = new JsonInputReader({ SecretId: null });
  assert.equal(r.string('SecretId', { required: true }), '');
  assert.equal(r.integer('Limit', { required: true }), 0);
  assert.deepEqual(r.blob('Plaintext', { required: true, sensitive: true }), new Uint8Array());
  assert.equal(r.string('Description'), undefined);
  assert.throws(
    () => r.done(),
    (e: unknown) => isFrameworkError(e) && e.message.startsWith('3 validation errors'),
  );
  let acted = false;
  const operation = handledJsonOperation(
    (reader) => reader.string('KeyId', { required: true }),
    async () => {
      acted = true;
    },
  );
  await assert.rejects(operation.handler(ctx, {}), (e: unknown) => isFrameworkError(e));
  assert.equal(acted, false);
});
