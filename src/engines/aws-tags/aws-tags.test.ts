import assert from 'node:assert/strict';
import { test } from 'node:test';
import { awsTagLimits, isReservedTagKey, normalizeTags, tagConditionKeys, tagsFromRecord } from './index.js';

test('each wire casing normalizes to {key, value}', () => {
  assert.deepEqual(normalizeTags([{ Key: 'a', Value: '1' }], 'Key'), [{ key: 'a', value: '1' }]);
  assert.deepEqual(normalizeTags([{ TagKey: 'a', TagValue: '' }], 'TagKey'), [{ key: 'a', value: '' }]);
  assert.deepEqual(normalizeTags([{ key: 'a', value: '1' }], 'key'), [{ key: 'a', value: '1' }]);
  assert.deepEqual(normalizeTags([{ Key: 'only' }], 'Key'), [{ key: 'only', value: undefined }]);
  assert.deepEqual(tagsFromRecord({ team: 'a' }), [{ key: 'team', value: 'a' }]);
});

test('the aws: prefix is reserved in any case; the limits are 50 tags, keys 1–128, values 0–256', () => {
  assert.equal(isReservedTagKey('aws:x'), true);
  assert.equal(isReservedTagKey('AWS:x'), true);
  assert.equal(isReservedTagKey('Aws:'), true);
  assert.equal(isReservedTagKey('awsx'), false);
  assert.equal(isReservedTagKey('my:aws:x'), false);
  assert.deepEqual(awsTagLimits, { maxTags: 50, keyMin: 1, keyMax: 128, valueMax: 256 });
});

test('request keys: aws:TagKeys lists every key, aws:RequestTag/<key> each tag with a value; none without tags', () => {
  assert.deepEqual(tagConditionKeys.request(undefined), {});
  assert.deepEqual(tagConditionKeys.request([]), {});
  assert.deepEqual(
    tagConditionKeys.request([{ key: 'team', value: 'a' }, { key: 'env', value: '' }, { key: 'gone' }]),
    {
      'aws:TagKeys': ['team', 'env', 'gone'],
      'aws:RequestTag/team': 'a',
      'aws:RequestTag/env': '',
    },
  );
});

test('resource keys: aws:ResourceTag/<key>, and under each service prefix given', () => {
  assert.deepEqual(tagConditionKeys.resource([{ key: 'team', value: 'a' }]), { 'aws:ResourceTag/team': 'a' });
  assert.deepEqual(tagConditionKeys.resource([{ key: 'team', value: 'a' }], ['secretsmanager']), {
    'aws:ResourceTag/team': 'a',
    'secretsmanager:ResourceTag/team': 'a',
  });
  assert.deepEqual(tagConditionKeys.resource([]), {});
});
