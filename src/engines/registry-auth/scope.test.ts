import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { isBerthError } from '../../errors/index.js';
import {
  catalogScope,
  formatScope,
  formatScopes,
  mergeScopes,
  parseScope,
  parseScopes,
  repositoryScope,
  type Scope,
} from './scope.js';

// reference/registry-protocol.md §1.3 "Scope grammar" (distribution scope.md).
test('scopes parse into type, name and actions; the name may carry a host and port', () => {
  const table: [text: string, scope: Scope][] = [
    ['repository:library/alpine:pull', { type: 'repository', name: 'library/alpine', actions: ['pull'] }],
    [
      'repository:samalba/my-app:pull,push',
      { type: 'repository', name: 'samalba/my-app', actions: ['pull', 'push'] },
    ],
    [
      'repository:localhost:5000/team/app:pull',
      { type: 'repository', name: 'localhost:5000/team/app', actions: ['pull'] },
    ],
    ['registry:catalog:*', catalogScope],
    ['repository(plugin):vieux/sshfs:pull', { type: 'repository', name: 'vieux/sshfs', actions: ['pull'] }],
    ['repository:foo/bar:', { type: 'repository', name: 'foo/bar', actions: [] }],
  ];
  for (const [text, scope] of table) assert.deepEqual(parseScope(text), scope, text);
});

test('malformed scopes get BERTH_INVALID_SCOPE', () => {
  const table: [text: string, reason: RegExp][] = [
    ['repository', /expected "type:name:actions"/],
    ['repository:foo', /expected "type:name:actions"/],
    ['Repository:foo:pull', /resource type "Repository"/],
    ['repository::pull', /resource name "" is empty/],
    ['repository:foo:Pull', /action "Pull"/],
    ['repository:foo:pull,,push', /action ""/],
    ['repository:a b:pull', /whitespace/],
    ['repository:foo::pull', /resource name "foo:"/],
  ];
  for (const [text, reason] of table) {
    assert.throws(() => parseScope(text), { code: 'BERTH_INVALID_SCOPE', message: reason }, text);
  }
  assert.throws(() => repositoryScope('x', ['PULL']), { code: 'BERTH_INVALID_SCOPE' });
});

test('scope lists are space-separated both ways', () => {
  const text = 'repository:foo/bar:pull,push  repository:foo/baz:pull';
  const scopes = parseScopes(text);
  assert.equal(scopes.length, 2);
  assert.equal(formatScopes(scopes), 'repository:foo/bar:pull,push repository:foo/baz:pull');
  assert.deepEqual(parseScopes(''), []);
  assert.equal(formatScope(repositoryScope('library/alpine')), 'repository:library/alpine:pull');
});

test('merging gives one scope per resource with the sorted union of actions', () => {
  const merged = mergeScopes([
    repositoryScope('a', ['push']),
    repositoryScope('b'),
    repositoryScope('a', ['pull', 'push']),
    catalogScope,
  ]);
  assert.deepEqual(merged.map(formatScope), [
    'repository:a:pull,push',
    'repository:b:pull',
    'registry:catalog:*',
  ]);
});

test('property: formatted scopes parse back; any text parses or fails with BERTH_INVALID_SCOPE', () => {
  const scope = fc.record(
    {
      type: fc.constantFrom('repository', 'registry'),
      name: fc.stringMatching(
        /^(?:[a-z0-9.-]{1,8}(?::[0-9]{1,5})?\/)?[a-z0-9._-]{1,8}(?:\/[a-z0-9._-]{1,8}){0,2}$/,
      ),
      actions: fc.uniqueArray(fc.constantFrom('pull', 'push', 'delete', '*'), { maxLength: 3 }),
    },
    { noNullPrototype: true },
  );
  fc.assert(
    fc.property(fc.array(scope, { maxLength: 4 }), (scopes) => {
      assert.deepEqual(parseScopes(formatScopes(scopes)), scopes);
    }),
  );
  fc.assert(
    fc.property(fc.string({ maxLength: 40 }), (text) => {
      try {
        parseScopes(text);
      } catch (error) {
        if (!isBerthError(error) || error.code !== 'BERTH_INVALID_SCOPE') throw error;
      }
    }),
    { numRuns: 1000 },
  );
});
