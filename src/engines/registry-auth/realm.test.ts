import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { isBerthError } from '../../errors/index.js';
import { isInternalHost, resolveRealm } from './realm.js';

// reference/registry-protocol.md §0 item 3 and §1.4 (relative realm, realm query, SSRF/credential-leak policy).
test('realms resolve against the challenged URL and keep their query', () => {
  const table: [realm: string, challenged: string, expected: string][] = [
    ['https://auth.docker.io/token', 'https://registry-1.docker.io/v2/', 'https://auth.docker.io/token'],
    ['/token', 'https://ghcr.io/v2/', 'https://ghcr.io/token'],
    ['token', 'https://reg.example/v2/', 'https://reg.example/v2/token'],
    [
      'https://gitlab.example/jwt/auth?tenant=a#frag',
      'https://registry.gitlab.example/v2/',
      'https://gitlab.example/jwt/auth?tenant=a',
    ],
    // A registry on loopback may use a realm on another loopback port or address (berth's own tests do).
    ['http://127.0.0.1:5001/token', 'http://127.0.0.1:5000/v2/', 'http://127.0.0.1:5001/token'],
    ['http://127.0.0.2:9000/token', 'http://localhost:5000/v2/', 'http://127.0.0.2:9000/token'],
    ['http://10.0.0.5/service/token', 'http://10.0.0.5/v2/', 'http://10.0.0.5/service/token'],
    ['https://auth.example/token', 'http://127.0.0.1:5000/v2/', 'https://auth.example/token'],
  ];
  for (const [realm, challenged, expected] of table) {
    assert.equal(resolveRealm(realm, challenged).href, expected, realm);
  }
});

test('realms that would leak credentials are refused with BERTH_INVALID_REALM', () => {
  const table: [realm: string, challenged: string, reason: RegExp][] = [
    [
      'http://auth.example/token',
      'https://reg.example/v2/',
      /https registry may not send credentials to an http realm/,
    ],
    ['ftp://auth.example/token', 'https://reg.example/v2/', /not an http\(s\) URL/],
    ['file:///etc/passwd', 'https://reg.example/v2/', /not an http\(s\) URL/],
    ['https://user:pw@auth.example/token', 'https://reg.example/v2/', /embeds credentials/],
    [
      'https://169.254.169.254/latest/meta-data',
      'https://reg.example/v2/',
      /169\.254\.169\.254 is an internal address/,
    ],
    ['https://169.254.170.2/v2/credentials', 'https://reg.example/v2/', /internal address/],
    ['https://127.0.0.1/token', 'https://reg.example/v2/', /internal address/],
    ['https://localhost:8443/token', 'https://reg.example/v2/', /internal address/],
    ['https://[::1]/token', 'https://reg.example/v2/', /internal address/],
    ['https://[fd00::5]/token', 'https://reg.example/v2/', /internal address/],
    ['https://[::ffff:10.1.2.3]/token', 'https://reg.example/v2/', /internal address/],
    ['https://192.168.1.10/service/token', 'https://harbor.example/v2/', /internal address/],
    ['https://0x7f.1/token', 'https://reg.example/v2/', /internal address/],
    ['https://[::1', 'https://reg.example/v2/', /not a URL/],
  ];
  for (const [realm, challenged, reason] of table) {
    assert.throws(
      () => resolveRealm(realm, challenged),
      { code: 'BERTH_INVALID_REALM', message: reason },
      realm,
    );
  }
  assert.throws(() => resolveRealm('/token', 'not a url'), { code: 'BERTH_INVALID_ARGUMENT' });
});

test('a private realm is allowed when the policy says so (Harbor behind a proxy)', () => {
  const url = resolveRealm('https://192.168.1.10/service/token', 'https://harbor.example/v2/', {
    allowPrivateRealm: true,
  });
  assert.equal(url.host, '192.168.1.10');
  assert.throws(
    () => resolveRealm('http://192.168.1.10/t', 'https://harbor.example/v2/', { allowPrivateRealm: true }),
    { message: /http realm/ },
    'the downgrade rule still holds',
  );
});

test('internal hosts: loopback, private, link-local, unspecified; public and names are not', () => {
  const internal = [
    'localhost',
    'api.localhost',
    '127.0.0.1',
    '127.9.9.9',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.0.1',
    '169.254.169.254',
    '0.0.0.0',
    '[::1]',
    '[::]',
    '[fc00::1]',
    '[fdab:1::2]',
    '[fe80::1]',
    '[febf::1]',
    '[::ffff:7f00:1]',
  ];
  const external = [
    '8.8.8.8',
    '172.32.0.1',
    '172.15.0.1',
    '192.169.0.1',
    '[2001:db8::1]',
    '[fec0::1]',
    '[::ffff:808:808]',
    'registry.example',
    '127.0.0.1.example',
    '[::2]',
  ];
  for (const host of internal) assert.ok(isInternalHost(host), host);
  for (const host of external) assert.ok(!isInternalHost(host), host);
});

test('property: any realm string resolves to an http(s) URL or fails with a BerthError', () => {
  fc.assert(
    fc.property(
      fc.oneof(fc.webUrl(), fc.string({ maxLength: 40 })),
      fc.constantFrom('https://reg.example/v2/', 'http://127.0.0.1:5000/v2/'),
      (realm, challenged) => {
        try {
          const url = resolveRealm(realm, challenged);
          assert.ok(url.protocol === 'https:' || url.protocol === 'http:');
          assert.equal(url.hash, '');
        } catch (error) {
          if (!isBerthError(error)) throw error;
        }
      },
    ),
    { numRuns: 500 },
  );
});
