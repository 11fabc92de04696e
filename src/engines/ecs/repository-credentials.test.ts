// credentialsParameter: a Secrets Manager ARN or a secret name (ref ecs-private-auth §2.1; the rule is [INF], peers §C8).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseCredentialsParameter } from './repository-credentials.js';

test('secret names and secret ARNs are accepted; other values are not', () => {
  assert.deepEqual(parseCredentialsParameter('msyea/docker-hub'), { kind: 'name', name: 'msyea/docker-hub' });
  assert.deepEqual(
    parseCredentialsParameter('arn:aws:secretsmanager:eu-west-1:111122223333:secret:hub-AbCdEf'),
    {
      kind: 'arn',
      partition: 'aws',
      region: 'eu-west-1',
      account: '111122223333',
      secretId: 'hub-AbCdEf',
    },
  );
  for (const bad of [
    '',
    'my secret',
    '${Token[TOKEN.123]}',
    'arn:aws:ssm:us-east-1:111122223333:parameter/hub',
    'arn:aws:secretsmanager:us-east-1:1111:secret:hub',
    'arn:aws:secretsmanager:us-east-1:111122223333:key/hub',
    `n${'a'.repeat(512)}`,
  ])
    assert.equal(parseCredentialsParameter(bad), undefined, bad);
});

const alphabet = 'abcXYZ019/_+=.@-';
const secretName = fc.string({ unit: fc.constantFrom(...alphabet), minLength: 1, maxLength: 100 });

test('property: every name of the Secrets Manager alphabet, bare or in an ARN, is accepted', () => {
  fc.assert(
    fc.property(
      secretName,
      fc.constantFrom('us-east-1', 'eu-central-1', 'ap-southeast-2'),
      (name, region) => {
        assert.equal(parseCredentialsParameter(name)?.kind, name.startsWith('arn:') ? undefined : 'name');
        const arn = `arn:aws:secretsmanager:${region}:123456789012:secret:${name}`;
        assert.deepEqual(parseCredentialsParameter(arn), {
          kind: 'arn',
          partition: 'aws',
          region,
          account: '123456789012',
          secretId: name,
        });
      },
    ),
  );
});

test('property: whitespace anywhere is refused; nothing throws', () => {
  fc.assert(
    fc.property(fc.string(), secretName, fc.constantFrom(' ', '\t', '\n'), (any, name, space) => {
      parseCredentialsParameter(any);
      assert.equal(parseCredentialsParameter(`${name}${space}${name}`), undefined);
    }),
  );
});
