import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Secret } from '../../errors/index.js';
import { repositoryScope } from './scope.js';
import {
  basicAuthorization,
  bearerAuthorization,
  tokenRequestForm,
  tokenRequestUrl,
} from './token-request.js';

// reference/registry-protocol.md §1.3 "GET token request" and §1.4 "Realm with query string".
test('the GET token URL keeps the realm query and repeats scope once per scope', () => {
  const url = tokenRequestUrl({
    realm: new URL('https://auth.example/token?tenant=a'),
    service: 'registry.example',
    scopes: [repositoryScope('team/app'), repositoryScope('team/base', ['pull', 'push'])],
    account: 'org+bot',
  });
  assert.equal(
    url.href,
    'https://auth.example/token?tenant=a&service=registry.example' +
      '&scope=repository%3Ateam%2Fapp%3Apull&scope=repository%3Ateam%2Fbase%3Apull%2Cpush&account=org%2Bbot',
  );
  assert.deepEqual(url.searchParams.getAll('scope'), [
    'repository:team/app:pull',
    'repository:team/base:pull,push',
  ]);
  assert.ok(!url.searchParams.has('offline_token'), 'never asks for an offline token');
  const anonymous = tokenRequestUrl({ realm: new URL('https://ghcr.io/token'), scopes: [] });
  assert.equal(anonymous.href, 'https://ghcr.io/token');
});

// reference/registry-protocol.md §1.3 "OAuth2 POST".
test('the OAuth2 form has one space-separated scope field and hides its credential', () => {
  const refresh = tokenRequestForm(
    { service: 'quay.io', scopes: [repositoryScope('a/b'), repositoryScope('a/c')] },
    { type: 'refresh_token', refreshToken: new Secret('r3fresh') },
  );
  assert.equal(String(refresh), '***');
  const fields = new URLSearchParams(refresh.reveal());
  assert.equal(fields.get('grant_type'), 'refresh_token');
  assert.equal(fields.get('service'), 'quay.io');
  assert.equal(fields.get('client_id'), 'berth');
  assert.equal(fields.get('scope'), 'repository:a/b:pull repository:a/c:pull');
  assert.equal(fields.get('refresh_token'), 'r3fresh');

  const password = tokenRequestForm(
    { scopes: [] },
    { type: 'password', username: 'org+robot', password: new Secret('p&ss word') },
    'docker',
  );
  assert.match(password.reveal(), /username=org%2Brobot/);
  const passwordFields = new URLSearchParams(password.reveal());
  assert.equal(passwordFields.get('password'), 'p&ss word');
  assert.equal(passwordFields.get('client_id'), 'docker');
  assert.equal(passwordFields.has('scope'), false);
});

// reference/registry-protocol.md §1.5 (Basic), §1.6 (ECR user AWS, Quay/Harbor robot names).
test('Basic and Bearer authorization values', () => {
  assert.equal(basicAuthorization('AWS', new Secret('ecr-token')).reveal(), 'Basic QVdTOmVjci10b2tlbg==');
  assert.equal(
    basicAuthorization('robot$ci', new Secret('pässword')).reveal(),
    `Basic ${Buffer.from('robot$ci:pässword', 'utf8').toString('base64')}`,
  );
  assert.equal(basicAuthorization('$oauthtoken', new Secret('a:b')).reveal(), 'Basic JG9hdXRodG9rZW46YTpi');
  assert.throws(() => basicAuthorization('user:name', new Secret('x')), {
    code: 'BERTH_INVALID_CREDENTIALS',
  });
  assert.equal(String(basicAuthorization('u', new Secret('p'))), '***');
  assert.equal(bearerAuthorization(new Secret('tok')).reveal(), 'Bearer tok');
});
