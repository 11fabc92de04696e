// S3 through the AWS CLI against a real `berth up` (ref cloudformation-cdk §1.1, §2, §3): `aws s3 mb/cp/ls/rm/rb`,
// a 20 MB file that the CLI uploads as a multipart upload (its parts sent with `Expect: 100-continue`),
// `aws s3api head-object` as `aws cloudformation deploy` uses it, and the CDK bootstrap bucket's
// AllowSSLRequestsOnly policy, which denies every request over berth's plain-HTTP endpoint — berth does not make
// `aws:SecureTransport` lie. Debian's awscli 2.9 ignores AWS_ENDPOINT_URL, so every call passes --endpoint-url.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { awsCliEnv, type BerthProcess, startBerth } from './berth-process.js';

const aws = existsSync('/usr/bin/aws') ? '/usr/bin/aws' : 'aws';
const bucket = 'cli-bucket';

describe('S3 through the AWS CLI', () => {
  let berth: BerthProcess;
  let dir: string;
  const cli = (...args: string[]) => {
    const run = spawnSync(aws, ['--endpoint-url', berth.endpoint, ...args], {
      env: awsCliEnv(berth),
      encoding: 'utf8',
      timeout: 120_000,
    });
    return { status: run.status, stdout: run.stdout, stderr: run.stderr };
  };
  const ok = (...args: string[]) => {
    const run = cli(...args);
    assert.equal(run.status, 0, `aws ${args.join(' ')}: ${run.stderr}`);
    return run.stdout;
  };

  before(async () => {
    berth = await startBerth();
    dir = mkdtempSync(join(tmpdir(), 'berth-s3-cli-'));
  });
  after(async () => {
    await berth?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('mb, cp up and down, ls, a 20 MB multipart upload, head-object, rm, rb', () => {
    assert.match(ok('s3', 'mb', `s3://${bucket}`), /make_bucket: cli-bucket/);
    const small = join(dir, 'small.txt');
    writeFileSync(small, 'hello from the AWS CLI\n');
    ok('s3', 'cp', small, `s3://${bucket}/docs/small.txt`, '--only-show-errors');
    const big = join(dir, 'big.bin');
    const bytes = randomBytes(20 * 1000 * 1000);
    writeFileSync(big, bytes);
    ok('s3', 'cp', big, `s3://${bucket}/big.bin`, '--only-show-errors');
    const head = JSON.parse(ok('s3api', 'head-object', '--bucket', bucket, '--key', 'big.bin')) as {
      ContentLength: number;
      ETag: string;
    };
    assert.equal(head.ContentLength, bytes.length);
    assert.match(head.ETag, /^"[0-9a-f]{32}-3"$/, 'the CLI uploads 20 MB in 8 MiB parts');
    const listing = ok('s3', 'ls', `s3://${bucket}`, '--recursive');
    assert.match(listing, /20000000 big\.bin/);
    assert.match(listing, /docs\/small\.txt/);
    const back = join(dir, 'back.bin');
    ok('s3', 'cp', `s3://${bucket}/big.bin`, back, '--only-show-errors');
    assert.equal(
      createHash('sha256').update(readFileSync(back)).digest('hex'),
      createHash('sha256').update(bytes).digest('hex'),
    );
    const missing = cli('s3api', 'head-object', '--bucket', bucket, '--key', 'nothing.template');
    assert.notEqual(missing.status, 0);
    assert.match(missing.stderr, /404/);
    const refused = cli('s3', 'rb', `s3://${bucket}`);
    assert.match(refused.stderr, /BucketNotEmpty/);
    ok('s3', 'rm', `s3://${bucket}`, '--recursive', '--only-show-errors');
    ok('s3', 'rb', `s3://${bucket}`);
    assert.doesNotMatch(ok('s3', 'ls'), /cli-bucket/);
  });

  test("buckets named v2 and token are S3's when signed for s3, not the registry's (docs/architecture.md routing)", () => {
    // Too short for S3's naming rules: S3's own InvalidBucketName proves the request reached S3.
    assert.match(cli('s3api', 'create-bucket', '--bucket', 'v2').stderr, /InvalidBucketName/);
    ok('s3api', 'create-bucket', '--bucket', 'token');
    assert.match(ok('s3', 'ls'), / token\n/);
    ok('s3', 'rb', 's3://token');
  });

  test('the bootstrap bucket policy (Deny s3:* unless aws:SecureTransport) denies over HTTP (ref cloudformation-cdk §2)', () => {
    const name = 'ssl-only-bucket';
    ok('s3', 'mb', `s3://${name}`);
    const policy = {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'AllowSSLRequestsOnly',
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:*',
          Resource: [`arn:aws:s3:::${name}`, `arn:aws:s3:::${name}/*`],
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        },
      ],
    };
    ok('s3api', 'put-bucket-policy', '--bucket', name, '--policy', JSON.stringify(policy));
    const put = cli('s3', 'cp', join(dir, 'small.txt'), `s3://${name}/x.txt`);
    assert.notEqual(put.status, 0);
    assert.match(put.stderr, /AccessDenied/);
    assert.match(
      put.stderr,
      /s3:PutObject on resource: arn:aws:s3:::ssl-only-bucket\/x\.txt with an explicit deny/,
    );
    // The owner's root may still read and remove the policy (S3 PutBucketPolicy), so it is never locked out.
    assert.deepEqual(
      JSON.parse(JSON.parse(ok('s3api', 'get-bucket-policy', '--bucket', name)).Policy),
      policy,
    );
    ok('s3api', 'delete-bucket-policy', '--bucket', name);
    ok('s3', 'cp', join(dir, 'small.txt'), `s3://${name}/x.txt`, '--only-show-errors');
    const malformed = cli('s3api', 'put-bucket-policy', '--bucket', name, '--policy', '{"Statement":"nope"}');
    assert.match(malformed.stderr, /MalformedPolicy/);
  });
});
