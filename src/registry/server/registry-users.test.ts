import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemoryPersistence } from '../../ports/index.js';
import { RegistryUsers } from './registry-users.js';

test('a user owns the namespace named after them; grants decide everything else; push includes pull', () => {
  const users = new RegistryUsers(new MemoryPersistence());
  users.add('alice', 'pw-alice');
  users.add('bob', 'pw-bob');
  users.grant('bob', 'team/*', 'pull');
  assert.equal(users.allows('alice', 'alice/space', 'push'), true);
  assert.equal(users.allows('alice', 'alice/deep/space', 'pull'), true);
  assert.equal(
    users.allows('alice', 'alicex/space', 'pull'),
    false,
    'a prefix of the name is not the namespace',
  );
  assert.equal(
    users.allows('alice', 'alice', 'pull'),
    false,
    'the namespace is alice/…, not a repository alice',
  );
  assert.equal(users.allows('bob', 'alice/space', 'pull'), false);
  assert.equal(users.allows('bob', 'team/app', 'pull'), true);
  assert.equal(users.allows('bob', 'team/app', 'push'), false);
  users.grant('bob', 'team/*', 'push');
  assert.equal(users.allows('bob', 'team/app', 'pull'), true);
});
