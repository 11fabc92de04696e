// `secrets[].valueFrom` as the agent reads it (reference ecs-private-auth.md §6.6): the ARN forms, the exact error
// texts, and the value a json-key yields (Go's %v; the Go 1.19 outputs are pinned in go-json.test.ts).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  type AsmSecretRef,
  ContainerSecretError,
  parseAsmSecretRef,
  secretProvider,
  secretValueFor,
} from './container-secret-ref.js';

const arn = 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:db-AbCdEf';

function refError(valueFrom: string): string {
  try {
    parseAsmSecretRef(valueFrom);
  } catch (error) {
    assert.ok(error instanceof ContainerSecretError);
    return error.text;
  }
  throw new Error(`parsed: ${valueFrom}`);
}

describe('valueFrom forms', () => {
  test('the whole ARN is the SecretId', () => {
    assert.deepEqual(parseAsmSecretRef(arn), { secretId: arn, region: 'eu-west-1' });
  });

  test('json-key, version stage and version id are split off and the ARN rebuilt', () => {
    assert.deepEqual(parseAsmSecretRef(`${arn}:password:AWSPREVIOUS:v-1`), {
      secretId: arn,
      region: 'eu-west-1',
      jsonKey: 'password',
      versionStage: 'AWSPREVIOUS',
      versionId: 'v-1',
    });
  });

  test('empty fields are allowed and mean "not given"', () => {
    assert.deepEqual(parseAsmSecretRef(`${arn}:password::`), {
      secretId: arn,
      region: 'eu-west-1',
      jsonKey: 'password',
    });
    assert.deepEqual(parseAsmSecretRef(`${arn}:::v-1`), {
      secretId: arn,
      region: 'eu-west-1',
      versionId: 'v-1',
    });
  });

  test('one, two or more than three extra fields are refused with the agent text', () => {
    for (const bad of [`${arn}:password`, `${arn}:password:AWSCURRENT`, `${arn}:a:b:c:d`]) {
      assert.equal(
        refError(bad),
        `trying to retrieve secret with value ${bad} resulted in error: an invalid ARN format for the AWS Secrets Manager secret was specified. Specify a valid ARN and try again.`,
      );
    }
  });

  test('arn.Parse errors are quoted', () => {
    assert.equal(
      refError('db-password'),
      'trying to retrieve secret with value db-password resulted in error: arn: invalid prefix',
    );
    assert.equal(
      refError('arn:aws:secretsmanager:eu-west-1:111'),
      'trying to retrieve secret with value arn:aws:secretsmanager:eu-west-1:111 resulted in error: arn: not enough sections',
    );
  });

  test('the provider is Secrets Manager only for a secretsmanager ARN', () => {
    assert.equal(secretProvider(arn), 'asm');
    assert.equal(secretProvider('arn:aws:ssm:eu-west-1:111111111111:parameter/db'), 'ssm');
    assert.equal(secretProvider('db-password'), 'ssm');
  });

  test('property: a rebuilt SecretId never keeps the suffix, and the suffix fields come back', () => {
    const field = fc.stringMatching(/^[A-Za-z0-9_-]{0,8}$/);
    fc.assert(
      fc.property(field, field, field, (key, stage, version) => {
        const ref = parseAsmSecretRef(`${arn}:${key}:${stage}:${version}`);
        assert.equal(ref.secretId, arn);
        assert.equal(ref.jsonKey, key === '' ? undefined : key);
        assert.equal(ref.versionStage, stage === '' ? undefined : stage);
        assert.equal(ref.versionId, version === '' ? undefined : version);
      }),
    );
  });
});

describe('the value a container gets', () => {
  const withKey: AsmSecretRef = { secretId: arn, region: 'eu-west-1', jsonKey: 'pw' };
  const valueError = (secretString: string | undefined) => {
    try {
      secretValueFor(withKey, secretString);
    } catch (error) {
      assert.ok(error instanceof ContainerSecretError);
      return error.text;
    }
    throw new Error('no error');
  };

  test('without a key: the SecretString as is (a binary-only secret gives "")', () => {
    assert.equal(secretValueFor({ secretId: arn, region: 'x' }, ' {"pw":1} '), ' {"pw":1} ');
    assert.equal(secretValueFor({ secretId: arn, region: 'x' }, undefined), '');
  });

  test('with a key: the member rendered with %v', () => {
    assert.equal(secretValueFor(withKey, '{"pw":"s3cret"}'), 's3cret');
    assert.equal(secretValueFor(withKey, '{"pw":1000000}'), '1e+06');
    assert.equal(secretValueFor(withKey, '{"pw":{"b":true,"a":null}}'), 'map[a:<nil> b:true]');
  });

  test('a missing key, a non-JSON value and a non-object are the agent texts (§6.6, §3.3)', () => {
    assert.equal(
      valueError('{"other":1}'),
      'retrieved secret from Secrets Manager did not contain json key pw',
    );
    assert.equal(valueError('null'), 'retrieved secret from Secrets Manager did not contain json key pw');
    assert.equal(valueError("'x'"), "invalid character '\\'' looking for beginning of value");
    assert.equal(
      valueError('["pw"]'),
      'json: cannot unmarshal array into Go value of type map[string]interface {}',
    );
    assert.equal(valueError(undefined), 'unexpected end of JSON input');
  });

  test('json keys are matched exactly (a Go map lookup)', () => {
    assert.equal(
      valueError('{"PW":"x"}'),
      'retrieved secret from Secrets Manager did not contain json key pw',
    );
  });
});
