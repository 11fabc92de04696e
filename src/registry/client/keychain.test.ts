import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Secret } from '../../errors/index.js';
import {
  anonymousKeychain,
  chainKeychains,
  ecrCredentials,
  hostKeychain,
  isPasswordCredentials,
} from './keychain.js';

test('a host keychain answers for its host only (case-insensitive), never another', async () => {
  const keychain = hostKeychain('Registry.Example:5000', { username: 'u', password: new Secret('p') });
  const found = await keychain('registry.example:5000');
  assert.ok(found && isPasswordCredentials(found) && String(found.password) === '***');
  assert.equal(await keychain('registry.example'), undefined);
  assert.equal(await keychain('registry-1.docker.io'), undefined);
});

test('chained keychains: the first answer wins', async () => {
  const a = hostKeychain('a', { identityToken: new Secret('t') });
  const b = hostKeychain('b', { username: 'u', password: new Secret('p') });
  const chain = chainKeychains(anonymousKeychain, a, b);
  const forA = await chain('a');
  const forB = await chain('b');
  assert.ok(forA && !isPasswordCredentials(forA));
  assert.ok(forB && isPasswordCredentials(forB));
  assert.equal(await chain('c'), undefined);
});

test('an ECR authorization token is base64 of AWS:<password>', () => {
  const credentials = ecrCredentials(new Secret(Buffer.from('AWS:eyJwYXlsb2FkIjoi:x').toString('base64')));
  assert.equal(credentials.username, 'AWS');
  assert.equal(credentials.password.reveal(), 'eyJwYXlsb2FkIjoi:x');
  assert.equal(String(credentials.password), '***');
  assert.throws(() => ecrCredentials(new Secret('bm9jb2xvbg==')), { code: 'BERTH_INVALID_CREDENTIALS' });
});
