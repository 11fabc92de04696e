import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { isBerthError } from '../../errors/index.js';
import { computeDigest } from './digest.js';
import {
  familiarName,
  formatFamiliarReference,
  formatReference,
  type ImageReference,
  manifestIdentifier,
  parseReference,
  referenceName,
  registryApiHost,
  withDefaultTag,
} from './reference.js';

const d256 = computeDigest(new TextEncoder().encode('berth reference tests'));
const d512 = computeDigest(new TextEncoder().encode('berth reference tests'), 'sha512');

type Case = [input: string, domain: string, path: string, tag?: string, digest?: string];

// reference/registry-protocol.md §1.7: distribution/reference's Parse and ParseNormalizedNamed tables, restated
// with the normalised result berth returns (every single-component name is a Docker Hub official image).
const valid: Case[] = [
  ['test_com', 'docker.io', 'library/test_com'],
  ['test.com:tag', 'docker.io', 'library/test.com', 'tag'],
  ['test.com:5000', 'docker.io', 'library/test.com', '5000'],
  ['test.com/repo:tag', 'test.com', 'repo', 'tag'],
  ['test:5000/repo', 'test:5000', 'repo'],
  ['test:5000/repo:tag', 'test:5000', 'repo', 'tag'],
  [`test:5000/repo@${d256}`, 'test:5000', 'repo', undefined, d256],
  [`test:5000/repo:tag@${d256}`, 'test:5000', 'repo', 'tag', d256],
  ['lowercase:Uppercase', 'docker.io', 'library/lowercase', 'Uppercase'],
  [
    `${'a/'.repeat(127)}a:tag-puts-this-over-max`,
    'docker.io',
    `${'a/'.repeat(127)}a`,
    'tag-puts-this-over-max',
  ],
  ['sub-dom1.foo.com/bar/baz/quux', 'sub-dom1.foo.com', 'bar/baz/quux'],
  ['sub-dom1.foo.com/bar/baz/quux:some-long-tag', 'sub-dom1.foo.com', 'bar/baz/quux', 'some-long-tag'],
  [
    'b.gcr.io/test.example.com/my-app:test.example.com',
    'b.gcr.io',
    'test.example.com/my-app',
    'test.example.com',
  ],
  ['xn--n3h.com/myimage:xn--n3h.com', 'xn--n3h.com', 'myimage', 'xn--n3h.com'],
  [`xn--7o8h.com/myimage:xn--7o8h.com@${d512}`, 'xn--7o8h.com', 'myimage', 'xn--7o8h.com', d512],
  ['foo_bar.com:8080', 'docker.io', 'library/foo_bar.com', '8080'],
  ['foo/foo_bar.com:8080', 'docker.io', 'foo/foo_bar.com', '8080'],
  ['192.168.1.1', 'docker.io', 'library/192.168.1.1'],
  ['192.168.1.1:tag', 'docker.io', 'library/192.168.1.1', 'tag'],
  ['192.168.1.1:5000', 'docker.io', 'library/192.168.1.1', '5000'],
  ['192.168.1.1/repo', '192.168.1.1', 'repo'],
  ['192.168.1.1:5000/repo', '192.168.1.1:5000', 'repo'],
  ['192.168.1.1:5000/repo:5050', '192.168.1.1:5000', 'repo', '5050'],
  ['[2001:db8::1]/repo', '[2001:db8::1]', 'repo'],
  ['[2001:db8:1:2:3:4:5:6]/repo:tag', '[2001:db8:1:2:3:4:5:6]', 'repo', 'tag'],
  ['[2001:db8::1]:5000/repo', '[2001:db8::1]:5000', 'repo'],
  [`[2001:db8::1]:5000/repo:tag@${d256}`, '[2001:db8::1]:5000', 'repo', 'tag', d256],
  ['[2001:db8::]:5000/repo', '[2001:db8::]:5000', 'repo'],
  ['[::1]:5000/repo', '[::1]:5000', 'repo'],
  // Normalisation (normalize_test.go): Docker Hub aliases, library/, localhost, upper-case first component.
  ['ubuntu', 'docker.io', 'library/ubuntu'],
  ['library/ubuntu', 'docker.io', 'library/ubuntu'],
  ['docker.io/ubuntu', 'docker.io', 'library/ubuntu'],
  ['index.docker.io/library/debian', 'docker.io', 'library/debian'],
  ['index.docker.io/docker/docker', 'docker.io', 'docker/docker'],
  ['docker/migrator', 'docker.io', 'docker/migrator'],
  ['docker.io/library/foo/bar', 'docker.io', 'library/foo/bar'],
  ['store/foo/bar', 'docker.io', 'store/foo/bar'],
  ['other/library', 'docker.io', 'other/library'],
  ['localhost/foo', 'localhost', 'foo'],
  ['localhost:8080/name', 'localhost:8080', 'name'],
  ['localhost', 'docker.io', 'library/localhost'],
  [`localhost:8080@${d256}`, 'docker.io', 'library/localhost', '8080', d256],
  ['127.0.0.1:8000/private/moonbase', '127.0.0.1:8000', 'private/moonbase'],
  ['example.com:8000/privatebase', 'example.com:8000', 'privatebase'],
  ['Foo/bar', 'Foo', 'bar'],
  ['FOO/bar', 'FOO', 'bar'],
  ['Asdf.com/foo/bar', 'Asdf.com', 'foo/bar'],
  ['registry-1.docker.io/library/alpine', 'registry-1.docker.io', 'library/alpine'],
  [`docker.io/${'1a'.repeat(32)}`, 'docker.io', `library/${'1a'.repeat(32)}`],
  [
    'thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev',
    'docker.io',
    'library/thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev',
  ],
  ['docker---rules/docker', 'docker.io', 'docker---rules/docker'],
  ['dock__er/docker', 'docker.io', 'dock__er/docker'],
  ['d/docker', 'docker.io', 'd/docker'],
  [
    'registry.io/foo/project--id.module--name.ver---sion--name',
    'registry.io',
    'foo/project--id.module--name.ver---sion--name',
  ],
  ['example.com/some_separator__underscore/myimage', 'example.com', 'some_separator__underscore/myimage'],
  ['ghcr.io/owner/app:v1.2.3', 'ghcr.io', 'owner/app', 'v1.2.3'],
  [
    '123456789012.dkr.ecr.us-east-1.amazonaws.com/team/app:latest',
    '123456789012.dkr.ecr.us-east-1.amazonaws.com',
    'team/app',
    'latest',
  ],
  [`busybox:latest@${d256}`, 'docker.io', 'library/busybox', 'latest', d256],
];

test('valid references parse to domain, path, tag and digest (§1.7)', () => {
  for (const [input, domain, path, tag, digest] of valid) {
    const expected: ImageReference = {
      domain,
      path,
      ...(tag === undefined ? {} : { tag }),
      ...(digest === undefined ? {} : { digest: digest as ImageReference['digest'] & string }),
    };
    assert.deepEqual(parseReference(input), expected, input);
  }
});

// reference/registry-protocol.md §1.7: the rejections of reference_test.go, normalize_test.go and regexp_test.go.
const invalid: [input: string, reason: RegExp][] = [
  ['', /empty/],
  [':justtag', /repository name is missing/],
  [`@${d256}`, /repository name is missing/],
  ['repo@sha256:ffffffffffffffffffffffffffffffffff', /needs 64 hex characters/],
  [`validname@invaliddigest:${'f'.repeat(64)}`, /unsupported digest algorithm "invaliddigest"/],
  [`repo@sha256:${'F'.repeat(64)}`, /must be lowercase hex/],
  ['Uppercase:tag', /must be lowercase/],
  ['test:5000/Uppercase/lowercase:tag', /must be lowercase/],
  ['docker/Docker', /must be lowercase/],
  ['docker.io/docker/Docker', /must be lowercase/],
  [`${'a/'.repeat(128)}a:tag`, /not be more than 255 characters/],
  ['aa/asdf$$^/aa', /path component "asdf\$\$\^"/],
  ['[2001:db8::1]', /IPv6 registry address must be followed by a repository path/],
  ['[2001:db8::1]:5000', /IPv6/],
  ['[fe80::1%eth0]:5000/repo', /not a bracketed IPv6 address/],
  ['[fe80::1%@invalidzone]:5000/repo', /invalid digest|bracketed IPv6/],
  ['[2001:db8:3:4::192.0.2.33]:5000/debian', /not a bracketed IPv6 address/],
  ['[fd00:1:2::3]75050/repo', /junk after "\]"/],
  ['fc00::1:5000/debian', /registry port/],
  ['https://github.com/docker/docker', /registry port ""/],
  ['192.168.1.1:75050/repo', /registry port "75050"/],
  ['foo.com:http/bar', /registry port "http"/],
  ['-docker', /path component "-docker"/],
  ['-docker/docker', /path component "-docker"/],
  ['-docker.io/docker/docker', /registry host "-docker.io"/],
  ['docker-/docker', /path component "docker-"/],
  ['docker///docker', /empty path component/],
  ['docker.io/docker///docker', /empty path component/],
  ['a/a/a/a/', /empty path component/],
  ['____/____', /path component "____"/],
  ['_docker/_docker', /path component "_docker"/],
  // A first component with a dot is a registry host, so these fail on the host grammar.
  ['dock..er/docker', /registry host "dock..er"/],
  ['dock_.er/docker', /registry host "dock_.er"/],
  ['dock-.er/docker', /registry host "dock-.er"/],
  ['library/dock..er', /path component "dock..er"/],
  ['example.com/__underscore/myimage', /path component "__underscore"/],
  ['example.com/.dots/myimage', /path component ".dots"/],
  ['docker./docker', /registry host "docker."/],
  ['.docker/docker', /registry host ".docker"/],
  ['bad_hostname.com:8080/myapp:tag', /registry host "bad_hostname.com"/],
  ['do__cker:8080/docker', /registry host "do__cker"/],
  ['registry.com:8080/myapp:invalid~tag', /tag "invalid~tag"/],
  ['registry.com:8080/myapp@sha256:badbadbadbad', /needs 64 hex characters/],
  ['registry.com:8080/myapp@bad', /expected "algorithm:hex"/],
  ['foo:', /tag after ":" is empty/],
  ['foo:-tag', /tag "-tag"/],
  [`foo:${'t'.repeat(129)}`, /tag "t+…?"/],
  ['a^a', /path component "a\^a"/],
  ['foo bar', /path component "foo bar"/],
  [`${'1a3f'.repeat(16)}`, /image ID, not a repository name/],
  [`x${'/a'.repeat(600)}`, /longer than 1024 characters/],
];

test('invalid references are refused with BERTH_INVALID_REFERENCE and a specific reason (§1.7)', () => {
  for (const [input, reason] of invalid) {
    assert.throws(
      () => parseReference(input),
      (error: unknown) => {
        assert.ok(isBerthError(error), `${input}: not a BerthError`);
        assert.equal(error.code, 'BERTH_INVALID_REFERENCE', input);
        assert.match(error.message, reason, input);
        return true;
      },
      input,
    );
  }
});

test('a digest error inside a reference keeps the digest error as its cause', () => {
  assert.throws(
    () => parseReference('repo@md5:0123'),
    (error: unknown) =>
      isBerthError(error) && isBerthError(error.cause) && error.cause.code === 'BERTH_INVALID_DIGEST',
  );
});

test('familiar and fully-qualified forms, the API host, the default tag and the manifest identifier', () => {
  const cases: [input: string, full: string, familiar: string, host: string][] = [
    ['alpine', 'docker.io/library/alpine', 'alpine', 'registry-1.docker.io'],
    ['docker.io/library/alpine:3.20', 'docker.io/library/alpine:3.20', 'alpine:3.20', 'registry-1.docker.io'],
    ['dmcgowan/myapp', 'docker.io/dmcgowan/myapp', 'dmcgowan/myapp', 'registry-1.docker.io'],
    ['library/foo/bar', 'docker.io/library/foo/bar', 'library/foo/bar', 'registry-1.docker.io'],
    ['localhost:5000/app:1', 'localhost:5000/app:1', 'localhost:5000/app:1', 'localhost:5000'],
    ['ghcr.io/o/app', 'ghcr.io/o/app', 'ghcr.io/o/app', 'ghcr.io'],
    // distribution would shorten this to `foo.bar/app`, which names another registry; berth keeps the domain.
    ['docker.io/foo.bar/app', 'docker.io/foo.bar/app', 'docker.io/foo.bar/app', 'registry-1.docker.io'],
    ['docker.io/localhost/app', 'docker.io/localhost/app', 'docker.io/localhost/app', 'registry-1.docker.io'],
  ];
  for (const [input, full, familiar, host] of cases) {
    const ref = parseReference(input);
    assert.equal(formatReference(ref), full, input);
    assert.equal(formatFamiliarReference(ref), familiar, input);
    assert.equal(registryApiHost(ref), host, input);
  }
  assert.equal(familiarName(parseReference(`busybox:latest@${d256}`)), 'busybox');
  assert.equal(referenceName(parseReference('redis:7')), 'docker.io/library/redis');
  assert.equal(formatReference(withDefaultTag(parseReference('redis'))), 'docker.io/library/redis:latest');
  assert.equal(withDefaultTag(parseReference(`redis@${d256}`)).tag, undefined);
  assert.equal(manifestIdentifier(parseReference('redis')), 'latest');
  assert.equal(manifestIdentifier(parseReference('redis:7')), '7');
  assert.equal(manifestIdentifier(parseReference(`redis:7@${d256}`)), d256, 'the digest wins over the tag');
});

const component = fc.stringMatching(/^[a-z0-9]{1,6}(?:(?:[._]|__|-{1,3})[a-z0-9]{1,6}){0,2}$/);
const referenceText = fc
  .record({
    domain: fc.option(
      fc.oneof(
        fc.constantFrom('docker.io', 'index.docker.io', 'localhost', 'ghcr.io', '[::1]', 'Registry.Example'),
        fc.tuple(fc.stringMatching(/^[a-z0-9]{1,8}\.[a-z]{2,5}$/), fc.integer({ min: 0, max: 65535 })),
      ),
      { nil: undefined },
    ),
    path: fc.array(component, { minLength: 1, maxLength: 4 }),
    tag: fc.option(fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,20}$/), { nil: undefined }),
    digest: fc.option(fc.constantFrom(d256, d512), { nil: undefined }),
  })
  // Without a domain, a first component with a dot would be read as a registry host.
  .filter(({ domain, path }) => domain !== undefined || path.length === 1 || !path[0]!.includes('.'))
  .map(({ domain, path, tag, digest }) => {
    const host = Array.isArray(domain) ? `${domain[0]}:${domain[1]}` : domain;
    return `${host === undefined ? '' : `${host}/`}${path.join('/')}${tag ? `:${tag}` : ''}${digest ? `@${digest}` : ''}`;
  });

test('property: generated references parse, and both printed forms parse back to the same value', () => {
  fc.assert(
    fc.property(referenceText, (text) => {
      const ref = parseReference(text);
      assert.deepEqual(parseReference(formatReference(ref)), ref);
      assert.deepEqual(parseReference(formatFamiliarReference(ref)), ref);
    }),
    { numRuns: 500 },
  );
});

test('property: any string either parses or fails with BERTH_INVALID_REFERENCE, never anything else', () => {
  const noisy = fc.oneof(
    fc.string({ maxLength: 80 }),
    fc.string({ unit: 'binary', maxLength: 80 }),
    referenceText.chain((text) =>
      fc
        .tuple(
          fc.nat(text.length),
          fc.constantFrom('/', ':', '@', '.', '-', '_', '[', ']', 'A', ' ', '\u0000'),
        )
        .map(([at, ch]) => text.slice(0, at) + ch + text.slice(at)),
    ),
  );
  fc.assert(
    fc.property(noisy, (text) => {
      try {
        const ref = parseReference(text);
        assert.deepEqual(parseReference(formatReference(ref)), ref);
      } catch (error) {
        if (!isBerthError(error) || error.code !== 'BERTH_INVALID_REFERENCE') throw error;
      }
    }),
    { numRuns: 2000 },
  );
});

test('pathological inputs are answered quickly (no regular-expression backtracking)', () => {
  const inputs = [
    `${'a-'.repeat(500)}!`,
    `${'a_'.repeat(120)}__-/${'a.'.repeat(120)}`,
    `x.com/${'a'.repeat(250)}${'-'.repeat(4)}!`,
    `${'a'.repeat(63)}.${'b-'.repeat(400)}/x`,
    `repo:${'a'.repeat(127)}!`,
  ];
  for (const input of inputs) {
    const started = performance.now();
    assert.throws(() => parseReference(input), { code: 'BERTH_INVALID_REFERENCE' });
    assert.ok(performance.now() - started < 250, `slow on ${input.slice(0, 20)}…`);
  }
});
