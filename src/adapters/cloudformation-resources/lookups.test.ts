// Where a TemplateURL's object is read from (always berth's own S3, ref cloudformation-cdk §1.4, §3), and how
// dynamic references are taken apart (cfn-doc dynamic-references.md, ref cloudformation-cdk §5.1).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDynamicReference } from '../../engines/cloudformation/index.js';
import { s3Location } from './deploy-lookups.js';

test('TemplateURL: path-style on any host (berth’s, AWS’s regional) and virtual-hosted AWS names', () => {
  const expected = { Bucket: 'cdk-hnb659fds-assets-000000000000-us-east-1', Key: 'a1b2.json' };
  for (const url of [
    'http://127.0.0.1:4566/cdk-hnb659fds-assets-000000000000-us-east-1/a1b2.json',
    'http://s3.berth.internal:4599/cdk-hnb659fds-assets-000000000000-us-east-1/a1b2.json',
    'https://s3.us-east-1.amazonaws.com/cdk-hnb659fds-assets-000000000000-us-east-1/a1b2.json',
    'https://cdk-hnb659fds-assets-000000000000-us-east-1.s3.amazonaws.com/a1b2.json',
    'https://cdk-hnb659fds-assets-000000000000-us-east-1.s3.us-east-1.amazonaws.com/a1b2.json',
  ]) {
    assert.deepEqual(s3Location(url), expected, url);
  }
  assert.deepEqual(s3Location('http://localhost:4566/b/cdk/Stack/x%20y.yml'), {
    Bucket: 'b',
    Key: 'cdk/Stack/x y.yml',
  });
});

test('dynamic references: services, optional segments, and a secret ARN kept whole', () => {
  assert.deepEqual(parseDynamicReference('{{resolve:ssm:/db/host:3}}'), {
    service: 'ssm',
    parts: ['/db/host', '3'],
  });
  assert.deepEqual(parseDynamicReference('{{resolve:secretsmanager:MySecret}}'), {
    service: 'secretsmanager',
    parts: ['MySecret'],
  });
  const arn = 'arn:aws:secretsmanager:us-east-1:000000000000:secret:db-AbCdEf';
  assert.deepEqual(parseDynamicReference(`{{resolve:secretsmanager:${arn}:SecretString:password::}}`), {
    service: 'secretsmanager',
    parts: [arn, 'SecretString', 'password', '', ''],
  });
  assert.equal(parseDynamicReference('{{resolve:ssm:}}'), undefined);
});
