// `berth iam simulate` through the built bin (npm test builds dist/ first): exit codes, texts, JSON, bad input.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(root, 'dist/cli/main.js');
const examples = join(root, 'examples/execution-role');
const secret = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:registry/ghcr-AbCdEf';
const session = 'arn:aws:sts::111122223333:assumed-role/ecsTaskExecutionRole/task';
const managed = 'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy';

function berth(...args: string[]) {
  const run = spawnSync(process.execPath, [bin, 'iam', 'simulate', ...args], { encoding: 'utf8' });
  return { code: run.status, out: run.stdout, err: run.stderr };
}

const getSecret = ['--action', 'secretsmanager:GetSecretValue', '--resource', secret, '--principal', session];

describe('berth iam simulate', () => {
  test('allowed: exit 0 and the statements that applied', () => {
    const run = berth(
      '--policy',
      managed,
      '--policy',
      join(examples, 'execution-role-policy.json'),
      ...getSecret,
    );
    assert.equal(run.code, 0, run.err);
    assert.match(run.out, /^Decision: ALLOWED$/m);
    assert.match(
      run.out,
      /Allow +identity policy .*execution-role-policy\.json statement 0 \(Sid ReadRegistryCredentials\)/,
    );
  });

  test('denied: exit 1 and AWS’s AccessDenied text (the permission is on the task role) — ref aws-iam-and-protocols §1.13', () => {
    const run = berth('--policy', managed, ...getSecret);
    assert.equal(run.code, 1);
    assert.match(run.out, /^Decision: DENIED \(implicit deny\)$/m);
    assert.ok(
      run.out.includes(
        `User: ${session} is not authorized to perform: secretsmanager:GetSecretValue on resource: ${secret} because no identity-based policy allows the secretsmanager:GetSecretValue action`,
      ),
      run.out,
    );
  });

  test('--json gives the decision, reason and matched statements', () => {
    const run = berth('--json', '--policy', join(examples, 'partial-arn-policy.json'), ...getSecret);
    assert.equal(run.code, 1);
    const json = JSON.parse(run.out);
    assert.equal(json.decision, 'ImplicitDeny');
    assert.equal(json.allowed, false);
    assert.deepEqual(json.reason, { kind: 'implicit-deny', policyType: 'identity' });
    assert.deepEqual(json.matched, []);
    assert.match(json.message, /because no identity-based policy allows/);
  });

  test('trust policy, service principal and condition context', () => {
    const base = [
      '--resource-policy',
      join(examples, 'trust-policy.json'),
      '--resource-policy-kind',
      'trust',
      '--principal',
      'ecs-tasks.amazonaws.com',
      '--action',
      'sts:AssumeRole',
      '--resource',
      'arn:aws:iam::111122223333:role/ecsTaskExecutionRole',
      '--context',
      'aws:SourceArn=arn:aws:ecs:us-east-1:111122223333:task/default/1',
    ];
    assert.equal(berth(...base, '--context', 'aws:SourceAccount=111122223333').code, 0);
    const wrongAccount = berth(...base, '--context', 'aws:SourceAccount=999999999999');
    assert.equal(wrongAccount.code, 1);
    assert.match(wrongAccount.out, /because no role trust policy allows the sts:AssumeRole action/);
  });

  test('repeated --context keys make a multivalued key', () => {
    const dir = mkdtempSync(join(tmpdir(), 'berth-sim-'));
    const policy = join(dir, 'tags.json');
    writeFileSync(
      policy,
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: 'secretsmanager:TagResource',
            Resource: '*',
            Condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team', 'env'] } },
          },
        ],
      }),
    );
    const tag = ['--policy', policy, '--action', 'secretsmanager:TagResource', '--resource', secret];
    assert.equal(berth(...tag, '--context', 'aws:TagKeys=team', '--context', 'aws:TagKeys=env').code, 0);
    assert.equal(berth(...tag, '--context', 'aws:TagKeys=team', '--context', 'aws:TagKeys=owner').code, 1);
  });

  test('bad input: exit 2 with a specific message, nothing on stdout', () => {
    const dir = mkdtempSync(join(tmpdir(), 'berth-sim-'));
    const malformed = join(dir, 'bad.json');
    writeFileSync(
      malformed,
      JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*' }] }),
    );
    const cases: [string[], RegExp][] = [
      [
        ['--policy', malformed, ...getSecret],
        /MalformedPolicyDocument: Policy statement must contain resources\./,
      ],
      [
        ['--policy', join(dir, 'missing.json'), ...getSecret],
        /cannot read policy file .*missing\.json: ENOENT/,
      ],
      [
        ['--action', 'GetSecretValue', '--resource', secret],
        /--action 'GetSecretValue' is not service:Action/,
      ],
      [
        ['--action', 'secretsmanager:GetSecretValue', '--resource', 'my-secret'],
        /--resource 'my-secret' is not an ARN/,
      ],
      [[...getSecret.slice(0, 4), '--principal', 'alice'], /--principal 'alice' is not/],
      [
        ['--resource-policy-kind', 'bucket', '--resource-policy', malformed, ...getSecret],
        /--resource-policy-kind must be/,
      ],
      [['--resource', secret], /required option '--action <action>' not specified/],
    ];
    for (const [args, message] of cases) {
      const run = berth(...args);
      assert.equal(run.code, 2, `${args.join(' ')}: ${run.err}`);
      assert.match(run.err, message);
      assert.equal(run.out, '');
    }
  });
});
