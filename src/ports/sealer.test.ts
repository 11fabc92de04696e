import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { isBerthError } from '../errors/index.js';
import { createAesSealer } from './sealer.js';

test('sealed data opens only with the same key and label, and never shows the plaintext', () => {
  const sealer = createAesSealer(randomBytes(32));
  const sealed = sealer.seal(Buffer.from('wJalrXUtnFEMI/K7MDENG'), 'iam.access-keys/AKIA1');
  assert.ok(
    !sealed.includes('wJalr') && !Buffer.from(sealed.slice(3), 'base64').toString().includes('wJalr'),
  );
  assert.equal(sealer.open(sealed, 'iam.access-keys/AKIA1').toString(), 'wJalrXUtnFEMI/K7MDENG');
  const isBroken = (e: unknown) => isBerthError(e) && e.code === 'BERTH_SEAL_BROKEN';
  assert.throws(() => sealer.open(sealed, 'iam.access-keys/AKIA2'), isBroken);
  assert.throws(() => createAesSealer(randomBytes(32)).open(sealed, 'iam.access-keys/AKIA1'), isBroken);
  const flipped = `${sealed.slice(0, -4)}${sealed.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;
  assert.throws(() => sealer.open(flipped, 'iam.access-keys/AKIA1'), isBroken);
  assert.throws(() => sealer.open('garbage', 'x'), isBroken);
  assert.notEqual(sealer.seal(Buffer.from('same'), 'l'), sealer.seal(Buffer.from('same'), 'l'));
});
