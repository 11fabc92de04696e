import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { isBerthError } from '../../errors/index.js';
import {
  bearerChallenge,
  type Challenge,
  formatChallenge,
  parseChallenges,
  preferredChallenge,
} from './challenge.js';

const hub =
  'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/alpine:pull"';

// reference/registry-protocol.md §1.4 (edge cases) and §1.5/§1.6 (what real registries send).
const parsed: [header: string, challenges: Challenge[]][] = [
  [
    hub,
    [
      {
        scheme: 'bearer',
        params: {
          realm: 'https://auth.docker.io/token',
          service: 'registry.docker.io',
          scope: 'repository:library/alpine:pull',
        },
      },
    ],
  ],
  ['Basic realm="Registry Realm"', [{ scheme: 'basic', params: { realm: 'Registry Realm' } }]],
  [
    'Basic realm="https://1234.dkr.ecr.us-east-1.amazonaws.com/",service="ecr.amazonaws.com"',
    [
      {
        scheme: 'basic',
        params: { realm: 'https://1234.dkr.ecr.us-east-1.amazonaws.com/', service: 'ecr.amazonaws.com' },
      },
    ],
  ],
  // Codeberg/Forgejo: Bearer and Basic on one line.
  [
    'Bearer realm="https://codeberg.org/v2/token",service="container_registry",scope="*",Basic realm="Gitea"',
    [
      {
        scheme: 'bearer',
        params: { realm: 'https://codeberg.org/v2/token', service: 'container_registry', scope: '*' },
      },
      { scheme: 'basic', params: { realm: 'Gitea' } },
    ],
  ],
  // Node's ", "-join of two header lines, with a comma inside a quoted realm.
  [
    'Basic realm="a, b", Bearer realm="https://r/token",service="s"',
    [
      { scheme: 'basic', params: { realm: 'a, b' } },
      { scheme: 'bearer', params: { realm: 'https://r/token', service: 's' } },
    ],
  ],
  ['BaSiC ReAlM="Mixed"', [{ scheme: 'basic', params: { realm: 'Mixed' } }]],
  [
    'bearer realm=https://r.example/token,service=reg',
    [{ scheme: 'bearer', params: { realm: 'https://r.example/token', service: 'reg' } }],
  ],
  [
    'Bearer realm = "spaced" , service = "x"',
    [{ scheme: 'bearer', params: { realm: 'spaced', service: 'x' } }],
  ],
  ['Basic realm="x", charset="UTF-8"', [{ scheme: 'basic', params: { realm: 'x', charset: 'UTF-8' } }]],
  [
    'Bearer slashed="he\\"\\l\\lo",plain="a\\\\b"',
    [{ scheme: 'bearer', params: { slashed: 'he"llo', plain: 'a\\b' } }],
  ],
  ['Bearer realm="r",empty=""', [{ scheme: 'bearer', params: { realm: 'r', empty: '' } }]],
  ['Negotiate', [{ scheme: 'negotiate', params: {} }]],
  // RFC 9110 token68: a lone word after the scheme is a token, not a parameter without a value.
  ['Bearer realm', [{ scheme: 'bearer', params: {}, token68: 'realm' }]],
  [
    'Negotiate abc+/def==, Basic realm="x"',
    [
      { scheme: 'negotiate', params: {}, token68: 'abc+/def==' },
      { scheme: 'basic', params: { realm: 'x' } },
    ],
  ],
  [', ,Basic realm="x",, ,', [{ scheme: 'basic', params: { realm: 'x' } }]],
  ['', []],
  ['Bearer realm="ünïcode"', [{ scheme: 'bearer', params: { realm: 'ünïcode' } }]],
];

test('WWW-Authenticate values parse into a list of challenges (§1.4)', () => {
  for (const [header, challenges] of parsed) assert.deepEqual(parseChallenges(header), challenges, header);
});

test('malformed headers get BERTH_INVALID_CHALLENGE with the position', () => {
  const malformed: [header: string, reason: RegExp][] = [
    ['Bearer realm="unterminated', /quoted string is not closed/],
    ['Bearer realm="dangling\\', /backslash escape ends the header/],
    ['Bearer realm="a" service="b"', /expected "," between parameters at position 17/],
    ['Bearer realm x', /expected "=" after the parameter "realm"/],
    ['Bearer realm=,service=x', /"realm" has no value/],
    ['Bearer realm="a",REALM="b"', /"realm" is repeated/],
    ['Bearer realm="a\u0001"', /control character/],
    ['="x"', /expected an auth scheme at position 0/],
    ['Bearer, realm="x"', /expected a space after the scheme "realm"/],
    ['Bearer realm="x"junk', /expected ","/],
    ['Bearer realm=a\\b', /expected ","/],
    [`Bearer realm="${'x'.repeat(70000)}"`, /longer than 65536 characters/],
  ];
  for (const [header, reason] of malformed) {
    assert.throws(
      () => parseChallenges(header),
      { code: 'BERTH_INVALID_CHALLENGE', message: reason },
      header,
    );
  }
});

test('Bearer is preferred over Basic, and other schemes are not chosen', () => {
  const both = parseChallenges('Basic realm="b", Negotiate, Bearer realm="https://r/t"');
  assert.equal(preferredChallenge(both)?.scheme, 'bearer');
  assert.equal(preferredChallenge(parseChallenges('Negotiate, Basic realm="b"'))?.scheme, 'basic');
  assert.equal(preferredChallenge(parseChallenges('Negotiate, Digest realm="d"')), undefined);
});

test('Bearer parameters, including the error of a retry-worthy 401 (§1.3)', () => {
  assert.deepEqual(bearerChallenge(parseChallenges(hub)[0]!), {
    realm: 'https://auth.docker.io/token',
    service: 'registry.docker.io',
    scope: 'repository:library/alpine:pull',
  });
  const expired = parseChallenges(
    'Bearer realm="https://r/t",error="invalid_token",error_description="token expired"',
  )[0]!;
  assert.deepEqual(bearerChallenge(expired), {
    realm: 'https://r/t',
    error: 'invalid_token',
    errorDescription: 'token expired',
  });
  assert.throws(() => bearerChallenge(parseChallenges('Bearer service="x"')[0]!), { message: /no realm/ });
  assert.throws(() => bearerChallenge(parseChallenges('Bearer realm=')[0]!), {
    code: 'BERTH_INVALID_CHALLENGE',
  });
  assert.throws(() => bearerChallenge(parseChallenges('Basic realm="x"')[0]!), {
    message: /expected a Bearer/,
  });
});

test('formatting quotes and escapes every value, as the registry server sends them', () => {
  assert.equal(
    formatChallenge({ scheme: 'bearer', params: { realm: 'https://r/t', scope: 'a"b\\c' } }),
    'Bearer realm="https://r/t",scope="a\\"b\\\\c"',
  );
  assert.equal(formatChallenge({ scheme: 'basic', params: {} }), 'Basic');
  assert.throws(() => formatChallenge({ scheme: 'bearer', params: { 'bad name': 'x' } }), {
    code: 'BERTH_INVALID_CHALLENGE',
  });
  assert.throws(() => formatChallenge({ scheme: 'bearer', params: { realm: 'a\nb' } }), {
    code: 'BERTH_INVALID_CHALLENGE',
  });
});

test('schemes and parameters named like Object.prototype members are plain names', () => {
  for (const name of ['__proto__', 'constructor', 'tostring']) {
    const challenge = { scheme: name, params: {}, token68: '-' };
    assert.equal(formatChallenge(challenge), `${name} -`);
    assert.deepEqual(parseChallenges(formatChallenge(challenge)), [challenge]);
  }
  assert.deepEqual(parseChallenges('Bearer __proto__="x",realm="r"')[0]?.params, {
    ['__proto__']: 'x',
    realm: 'r',
  });
});

// Quoted strings cannot carry control characters other than tab (RFC 9110 qdtext).
const isControl = (code: number) => (code < 0x20 && code !== 0x09) || code === 0x7f;
const token = fc.stringMatching(/^[a-z0-9!#$%&'*+.^_`|~-]{1,10}$/);
const challenge = fc.oneof(
  fc.record(
    {
      scheme: token,
      params: fc.dictionary(
        token,
        fc.string({ maxLength: 20 }).filter((v) => ![...v].some((ch) => isControl(ch.charCodeAt(0)))),
        {
          maxKeys: 4,
          noNullPrototype: true,
        },
      ),
    },
    { noNullPrototype: true },
  ),
  fc.record(
    { scheme: token, params: fc.constant({}), token68: fc.stringMatching(/^[A-Za-z0-9._~+/-]{1,12}={0,2}$/) },
    { noNullPrototype: true },
  ),
);

test('property: a formatted list of challenges, joined as Node joins headers, parses back', () => {
  fc.assert(
    fc.property(fc.array(challenge, { maxLength: 4 }), (challenges) => {
      const header = challenges.map(formatChallenge).join(', ');
      assert.deepEqual(parseChallenges(header), challenges);
    }),
    { numRuns: 500 },
  );
});

test('property: any header parses or fails with BERTH_INVALID_CHALLENGE, never anything else', () => {
  const alphabet = fc.constantFrom(
    'Bearer',
    'Basic',
    ' ',
    ',',
    '=',
    '"',
    '\\',
    'realm',
    'a',
    '\t',
    '/',
    ':',
    'é',
  );
  const header = fc.oneof(
    fc.string({ maxLength: 60 }),
    fc.string({ unit: 'binary', maxLength: 60 }),
    fc.array(alphabet, { maxLength: 40 }).map((parts) => parts.join('')),
  );
  fc.assert(
    fc.property(header, (text) => {
      try {
        parseChallenges(text);
      } catch (error) {
        if (!isBerthError(error) || error.code !== 'BERTH_INVALID_CHALLENGE') throw error;
      }
    }),
    { numRuns: 3000 },
  );
});

test('long hostile headers are answered in linear time', () => {
  const inputs = [
    `Bearer ${'a=b,'.repeat(8000)}`,
    `${'Basic, '.repeat(9000)}`,
    `Bearer realm="${'\\"'.repeat(30000)}`,
    `Negotiate ${'a'.repeat(60000)}=`,
  ];
  for (const input of inputs) {
    const started = performance.now();
    try {
      parseChallenges(input);
    } catch (error) {
      assert.ok(isBerthError(error));
    }
    assert.ok(performance.now() - started < 500, `slow on ${input.slice(0, 20)}…`);
  }
});
