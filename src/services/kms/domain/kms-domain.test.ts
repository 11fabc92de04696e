import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { openBlob, readBlobHeader, sealBlob } from './ciphertext-blob.js';
import { canonicalContext, contextConditionKeys } from './encryption-context.js';
import { parseKeyReference, uuidFrom } from './key-reference.js';

const keyArn = 'arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';

describe('ciphertext blobs', () => {
  test('name their key, open only with the same material and context, and fail on any changed byte', () => {
    const material = randomBytes(32);
    const blob = sealBlob(material, keyArn, Buffer.from('data key'), { a: '1', b: '2' }, randomBytes(12));
    assert.equal(readBlobHeader(blob)?.keyArn, keyArn);
    assert.equal(openBlob(material, blob, { b: '2', a: '1' })?.toString(), 'data key');
    assert.equal(openBlob(material, blob, { a: '1' }), undefined);
    assert.equal(openBlob(randomBytes(32), blob, { a: '1', b: '2' }), undefined);
    for (let i = 0; i < blob.length; i++) {
      const changed = Uint8Array.from(blob);
      changed[i]! ^= 0x80;
      assert.notEqual(openBlob(material, changed, { a: '1', b: '2' })?.toString(), 'data key', `byte ${i}`);
    }
    assert.equal(readBlobHeader(new Uint8Array([2, 3, 4])), undefined);
  });

  test('the canonical context is order-free and unambiguous', () => {
    assert.deepEqual(canonicalContext({ a: '1', b: '2' }), canonicalContext({ b: '2', a: '1' }));
    assert.notDeepEqual(canonicalContext({ a: 'bc' }), canonicalContext({ ab: 'c' }));
    // The bytes are part of every blob at rest: keys sorted, each key and value UTF-8 after its 4-byte length.
    assert.equal(
      canonicalContext({ v: 'é', K: 'x' }).toString('hex'),
      ['00000001', '4b', '00000001', '78', '00000001', '76', '00000002', 'c3a9'].join(''),
    );
    assert.deepEqual(contextConditionKeys({ SecretARN: 'x' }), {
      'kms:EncryptionContextKeys': ['SecretARN'],
      'kms:EncryptionContext:SecretARN': 'x',
    });
  });
});

test('KeyId forms: key id, key ARN, alias name, alias ARN; anything else is invalid', () => {
  assert.equal(parseKeyReference('1234abcd-12ab-34cd-56ef-1234567890ab')?.kind, 'key-id');
  assert.equal(parseKeyReference(keyArn)?.kind, 'key-arn');
  assert.equal(parseKeyReference('alias/x')?.kind, 'alias-name');
  assert.equal(parseKeyReference('arn:aws:kms:us-east-1:111111111111:alias/x')?.kind, 'alias-arn');
  for (const text of [
    'x',
    'arn:aws:s3:::bucket',
    'arn:aws:kms:us-east-1:111111111111:key/nope',
    '1234ABCD-12ab-34cd-56ef-1234567890ab',
  ])
    assert.equal(parseKeyReference(text), undefined, text);
  assert.match(uuidFrom(new Uint8Array(16).fill(0xff)), /^ffffffff-ffff-4fff-bfff-ffffffffffff$/);
});
