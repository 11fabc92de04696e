// S3's listing rules (ListObjectsV2: prefix, delimiter, max-keys, start-after; "Organizing objects using
// prefixes"), byte ranges (RFC 9110 §14.1.2 as GetObject takes them) and bucket names ("Bucket naming rules").
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isValidBucketName } from './bucket-name.js';
import { byteRange } from './byte-range.js';
import { listKeys } from './list-keys.js';

const keys = ['a.txt', 'docs/1', 'docs/2', 'docs/sub/3', 'img/x', 'z'];
const list = (prefix: string, delimiter: string, maxKeys: number, after = '') =>
  listKeys(keys, (k) => k, { prefix, delimiter, maxKeys, after });

test('a delimiter rolls keys up into common prefixes, each counted once toward max-keys', () => {
  assert.deepEqual(list('', '/', 1000), {
    items: ['a.txt', 'z'],
    commonPrefixes: ['docs/', 'img/'],
    truncated: false,
    last: 'z',
  });
  assert.deepEqual(list('docs/', '/', 1000).commonPrefixes, ['docs/sub/']);
  assert.deepEqual(list('docs/', '/', 1000).items, ['docs/1', 'docs/2']);
});

test('pages end at max-keys and the next page starts after the last key or common prefix', () => {
  const first = list('', '/', 2);
  assert.deepEqual(
    [first.items, first.commonPrefixes, first.truncated, first.last],
    [['a.txt'], ['docs/'], true, 'docs/'],
  );
  const second = list('', '/', 2, first.last);
  assert.deepEqual([second.items, second.commonPrefixes, second.truncated], [['z'], ['img/'], false]);
  assert.deepEqual(list('', '', 0), { items: [], commonPrefixes: [], truncated: true, last: undefined });
});

test('byte ranges: a-b, a-, -n; past the end is unsatisfiable; other forms mean the whole object', () => {
  assert.deepEqual(byteRange('bytes=0-9', 100), { start: 0, end: 9 });
  assert.deepEqual(byteRange('bytes=90-', 100), { start: 90, end: 99 });
  assert.deepEqual(byteRange('bytes=-10', 100), { start: 90, end: 99 });
  assert.deepEqual(byteRange('bytes=50-500', 100), { start: 50, end: 99 });
  assert.equal(byteRange('bytes=100-', 100), 'unsatisfiable');
  assert.equal(byteRange('bytes=0-1', 0), 'unsatisfiable');
  assert.equal(byteRange('bytes=0-1,5-6', 100), undefined);
  assert.equal(byteRange(undefined, 100), undefined);
});

test('bucket names follow the general purpose naming rules', () => {
  for (const name of ['abc', 'cdk-hnb659fds-assets-000000000000-us-east-1', 'a.b-c', 'a'.repeat(63)])
    assert.ok(isValidBucketName(name), name);
  for (const name of [
    'ab',
    'a'.repeat(64),
    'Upper',
    'a..b',
    '-ab',
    'ab-',
    '192.168.5.4',
    'xn--ab',
    'ab-s3alias',
    'a_b',
  ])
    assert.ok(!isValidBucketName(name), name);
});
