// The agent's reading of a repositoryCredentials secret: every row of reference ecs-private-auth.md §1.4 (and the
// agent's TestASMGetAuthConfig cases it cites), plus properties of Go's json.Unmarshal into the two-field struct.
// Rows marked "Go 1.19" were checked against encoding/json itself.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { inspect } from 'node:util';
import fc from 'fast-check';
import { parseRegistryAuthSecret, RegistryAuthSecretError } from './registry-auth-secret.js';

const emptyValue = 'asm fetching authorization data: empty secrets value';
const invalidSchema = 'asm fetching authorization data: unable to unmarshal secret value, invalid schema';
const emptyUsername = 'asm fetching username: AuthorizationData is malformed, empty field';
const emptyPassword = 'asm fetching password: AuthorizationData is malformed, empty field';

function outcome(secretString: string | undefined): { username: string; password: string } | string {
  try {
    const auth = parseRegistryAuthSecret(secretString);
    return { username: auth.username.reveal(), password: auth.password.reveal() };
  } catch (error) {
    assert.ok(error instanceof RegistryAuthSecretError);
    assert.equal(error.code, 'BERTH_INVALID_CREDENTIALS');
    return error.text;
  }
}

describe('§1.4 table', () => {
  const ok = (username: string, password: string) => ({ username, password });
  const rows: [string | undefined, ReturnType<typeof outcome>][] = [
    ['{"username":"u","password":"p"}', ok('u', 'p')],
    ['{"username":"u","password":"p","registry":"x","email":"e"}', ok('u', 'p')],
    ['{"Username":"u","PASSWORD":"p"}', ok('u', 'p')],
    ['{"Username":"a","username":"b","password":"p"}', ok('b', 'p')],
    // Go 1.19: the exact-case key does not win either when it comes last.
    ['{"username":"b","Username":"a","password":"p"}', ok('a', 'p')],
    ['{"password":"p"}', emptyUsername],
    ['{}', emptyUsername],
    ['{"username":null,"password":"p"}', emptyUsername],
    // Go 1.19: a later null resets the pointer.
    ['{"username":"u","username":null,"password":"p"}', emptyUsername],
    ['{"username":"u"}', emptyPassword],
    ['{"username":"u","password":""}', emptyPassword],
    ['null', emptyUsername],
    ['{"username":123,"password":"p"}', invalidSchema],
    ['{"username":"u","password":"p","username":{}}', invalidSchema],
    ['[{"username":"u","password":"p"}]', invalidSchema],
    ['"str"', invalidSchema],
    ['42', invalidSchema],
    ['true', invalidSchema],
    ['{"username":"u","password":"p"', invalidSchema],
    ['user:pass', invalidSchema],
    ['{"username":" ","password":" "}', ok(' ', ' ')],
    [' \n {"username":"u","password":"p"} \t', ok('u', 'p')],
    // Unknown keys are skipped without converting their values (Go 1.19: an overflowing number there is fine).
    ['{"username":"u","password":"p","x":1e400}', ok('u', 'p')],
    // Go's fold of U+017F LONG S is S (§1.4 edge), and spelling still matters.
    ['{"u\u017fername":"u","pa\u017f\u017fword":"p"}', ok('u', 'p')],
    ['{"user name":"u","password":"p"}', emptyUsername],
    ['{"user":"u","token":"p"}', emptyUsername],
    ['', emptyValue],
    // A SecretBinary-only secret has no SecretString.
    [undefined, emptyValue],
  ];
  for (const [input, expected] of rows) {
    test(String(JSON.stringify(input)), () => assert.deepEqual(outcome(input), expected));
  }
});

describe('properties', () => {
  const key = (name: string) =>
    fc
      .array(fc.boolean(), { minLength: name.length, maxLength: name.length })
      .map((upper) => [...name].map((c, i) => (upper[i] ? c.toUpperCase() : c)).join(''));

  test('any casing of the keys is accepted, and the values come back untouched', () => {
    fc.assert(
      fc.property(
        key('username'),
        key('password'),
        fc.string({ minLength: 1 }),
        fc.string({ minLength: 1 }),
        (uk, pk, u, p) => {
          const text = JSON.stringify({ [uk]: u, [pk]: p });
          assert.deepEqual(outcome(text), { username: u, password: p });
        },
      ),
    );
  });

  test('the last of several matching keys wins', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(key('username'), fc.string({ minLength: 1 })), { minLength: 1 }),
        (pairs) => {
          const members = [
            ...pairs.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`),
            '"password":"p"',
          ];
          const result = outcome(`{${members.join(',')}}`);
          assert.deepEqual(result, { username: pairs.at(-1)![1], password: 'p' });
        },
      ),
    );
  });

  test('anything that is not JSON is a schema error, never a crash', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), (text) => {
        let valid = true;
        try {
          JSON.parse(text);
        } catch {
          valid = false;
        }
        fc.pre(!valid);
        assert.equal(outcome(text), invalidSchema);
      }),
    );
  });

  test('the parsed credentials never print', () => {
    const auth = parseRegistryAuthSecret('{"username":"alice","password":"hunter2"}');
    const printed = `${JSON.stringify(auth)} ${String(auth.password)} ${inspect(auth)}`;
    assert.ok(!printed.includes('hunter2') && !printed.includes('alice'), printed);
  });
});
