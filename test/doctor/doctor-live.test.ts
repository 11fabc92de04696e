// `berth doctor --task-definition` against a real `berth up` (the built dist/, runc and berth's own registry), and
// the doctor's proof (issue 15): for every case, created through the AWS SDK, the doctor's verdict — error or not,
// and the rule — must match what RunTask actually does, classified by explainStoppedReason (the stoppedReason, or
// the RegisterTaskDefinition/RunTask exception's text). Causes: ref peers-and-misconfigurations §C.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type ContainerDefinition, StopTaskCommand } from '@aws-sdk/client-ecs';
import { CreateKeyCommand } from '@aws-sdk/client-kms';
import { DeleteSecretCommand, PutResourcePolicyCommand } from '@aws-sdk/client-secrets-manager';
import { explainStoppedReason } from '../../src/engines/ecs/explain-stopped-reason.js';
import { denyUnlessVpce } from '../../src/testing/doctor-policies.js';
import { allowGetSecret, type EcsWorld, startEcsWorld, webContainer } from '../e2e/support/ecs-world.js';
import { berthBin } from '../integ/berth-process.js';

let world: EcsWorld;
let image: string;
let files: string;
const good = JSON.stringify({ username: 'owner', password: 'owner-pw' });
let counter = 0;
const unique = (name: string) => `${name}${++counter}`;

before(async () => {
  world = await startEcsWorld();
  image = await world.pushWebImage('owner', 'owner-pw', 'app');
  files = mkdtempSync(join(tmpdir(), 'berth-doctor-live-'));
});

after(async () => {
  await world?.close();
  if (files) rmSync(files, { recursive: true, force: true });
});

interface Finding {
  rule: string;
  severity: string;
  message: string;
  ecs?: string;
}

/** `berth doctor --task-definition ID --format json` with the caller's credentials (`berth env`). */
function doctor(id: string): { code: number | null; findings: Finding[]; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [berthBin, 'doctor', '--task-definition', id, '--format', 'json'], {
    encoding: 'utf8',
    env: { ...process.env, ...world.berth.env },
  });
  const findings = run.status === 0 || run.status === 1 ? (JSON.parse(run.stdout).findings as Finding[]) : [];
  return { code: run.status, findings, stdout: run.stdout, stderr: run.stderr };
}

/** The walkthrough's container, with these credentials (none: no repositoryCredentials) and overrides. */
function container(
  credentialsParameter?: string,
  overrides: Partial<ContainerDefinition> = {},
): ContainerDefinition {
  const { repositoryCredentials, ...rest } = webContainer(image, credentialsParameter ?? '');
  return { ...rest, ...(credentialsParameter ? { repositoryCredentials } : {}), ...overrides };
}

/** What berth's ECS does with the task: the cause explainStoppedReason gives, or 'runs'. */
async function runtimeVerdict(definition: ContainerDefinition[], roles: { execution?: string }) {
  let family: string;
  try {
    family = await world.registerFargate(unique('doctor'), definition, roles);
  } catch (error) {
    return {
      verdict: explainStoppedReason((error as Error).message)?.code ?? 'unexplained',
      text: (error as Error).message,
    };
  }
  try {
    const task = await world.runAndSettle(family);
    if (task.lastStatus === 'RUNNING') {
      await world.ecs.send(new StopTaskCommand({ task: task.taskArn! }));
      return { verdict: 'runs', text: 'RUNNING', family };
    }
    const text = task.stoppedReason ?? '';
    const code = explainStoppedReason(text)?.code ?? 'unexplained';
    // The text alone cannot tell a refused login from no login (both are a 401 on berth's Basic registry): without
    // repositoryCredentials, the refusal's cause is C12 (a private image pulled anonymously), not C11.
    const anonymous = definition.every((c) => c.repositoryCredentials === undefined);
    return { verdict: code === 'C11' && anonymous ? 'C12' : code, text, family };
  } catch (error) {
    return {
      verdict: explainStoppedReason((error as Error).message)?.code ?? 'unexplained',
      text: (error as Error).message,
      family,
    };
  }
}

interface LiveCase {
  readonly name: string;
  /** The rule both sides must name, or undefined for a setup that runs. */
  readonly rule?: string;
  readonly setup: () => Promise<{ containers: ContainerDefinition[]; execution?: string }>;
}

const cases: readonly LiveCase[] = [
  {
    name: 'the walkthrough done right',
    setup: async () => {
      const secret = await world.createSecret(unique('ok/'), good);
      return {
        containers: [container(secret)],
        execution: await world.createRole(unique('okExec'), allowGetSecret(secret)),
      };
    },
  },
  {
    name: 'C1: the execution role has no GetSecretValue',
    rule: 'C1',
    setup: async () => ({
      containers: [container(await world.createSecret(unique('c1/'), good))],
      execution: await world.createRole(unique('c1Exec')),
    }),
  },
  {
    name: 'C2: repositoryCredentials without an execution role',
    rule: 'C2',
    setup: async () => ({ containers: [container(await world.createSecret(unique('c2/'), good))] }),
  },
  {
    name: 'C3: the execution role trusts ecs.amazonaws.com',
    rule: 'C3',
    setup: async () => {
      const secret = await world.createSecret(unique('c3/'), good);
      const trust = JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { Service: 'ecs.amazonaws.com' }, Action: 'sts:AssumeRole' },
        ],
      });
      return {
        containers: [container(secret)],
        execution: await world.createRole(unique('c3Exec'), allowGetSecret(secret), trust),
      };
    },
  },
  {
    name: 'C4: a customer managed key without kms:Decrypt',
    rule: 'C4',
    setup: async () => {
      const { KeyMetadata } = await world.kms.send(new CreateKeyCommand({}));
      const secret = await world.createSecret(unique('c4/'), good, KeyMetadata!.Arn);
      return {
        containers: [container(secret)],
        execution: await world.createRole(unique('c4Exec'), allowGetSecret(secret)),
      };
    },
  },
  {
    name: 'C6: a partial ARN, the policy on the full ARN',
    rule: 'C6',
    setup: async () => {
      const secret = await world.createSecret(unique('c6/'), good);
      return {
        containers: [container(secret.slice(0, -7))],
        execution: await world.createRole(unique('c6Exec'), allowGetSecret(secret)),
      };
    },
  },
  {
    name: 'C7: the secret does not exist',
    rule: 'C7',
    setup: async () => {
      const missing = `arn:aws:secretsmanager:us-east-1:000000000000:secret:${unique('missing')}-AbCdEf`;
      return {
        containers: [container(missing)],
        execution: await world.createRole(unique('c7Exec'), allowGetSecret(missing)),
      };
    },
  },
  {
    name: 'C8: a malformed credentialsParameter',
    rule: 'C8',
    setup: async () => ({
      containers: [container('registry owner')],
      execution: await world.createRole(unique('c8Exec')),
    }),
  },
  ...(
    [
      ['C9', 'plain text', 'owner:owner-pw'],
      ['C10', 'wrong key names', '{"user":"owner","token":"owner-pw"}'],
    ] as const
  ).map(
    ([rule, what, value]): LiveCase => ({
      name: `${rule}: ${what}`,
      rule,
      setup: async () => {
        const secret = await world.createSecret(unique('c9/'), value);
        return {
          containers: [container(secret)],
          execution: await world.createRole(unique('c9Exec'), allowGetSecret(secret)),
        };
      },
    }),
  ),
  {
    name: 'C11: valid JSON, wrong password for the registry',
    rule: 'C11',
    setup: async () => {
      const secret = await world.createSecret(
        unique('c11/'),
        JSON.stringify({ username: 'owner', password: 'wrong' }),
      );
      return {
        containers: [container(secret)],
        execution: await world.createRole(unique('c11Exec'), allowGetSecret(secret)),
      };
    },
  },
  {
    name: 'C12: a private image without credentials',
    rule: 'C12',
    setup: async () => ({ containers: [container()], execution: await world.createRole(unique('c12Exec')) }),
  },
  {
    name: 'C12: credentials on an ECR image',
    rule: 'C12',
    setup: async () => {
      const secret = await world.createSecret(unique('c12/'), good);
      return {
        containers: [container(secret, { image: '000000000000.dkr.ecr.us-east-1.amazonaws.com/app:latest' })],
        execution: await world.createRole(unique('c12EcrExec'), allowGetSecret(secret)),
      };
    },
  },
  {
    name: 'C14: a Deny in the secret resource policy',
    rule: 'C14',
    setup: async () => {
      const secret = await world.createSecret(unique('c14/'), good);
      await world.secrets.send(
        new PutResourcePolicyCommand({ SecretId: secret, ResourcePolicy: JSON.stringify(denyUnlessVpce) }),
      );
      return {
        containers: [container(secret)],
        execution: await world.createRole(unique('c14Exec'), allowGetSecret(secret)),
      };
    },
  },
  {
    name: 'C15: the secret is scheduled for deletion',
    rule: 'C15',
    setup: async () => {
      const secret = await world.createSecret(unique('c15/'), good);
      await world.secrets.send(new DeleteSecretCommand({ SecretId: secret, RecoveryWindowInDays: 7 }));
      return {
        containers: [container(secret)],
        execution: await world.createRole(unique('c15Exec'), allowGetSecret(secret)),
      };
    },
  },
];

describe('doctor and runtime agree', () => {
  for (const entry of cases) {
    test(entry.name, async () => {
      const { containers, execution } = await entry.setup();
      // The doctor reads the definition from a file (a definition ECS refuses cannot be registered), the rest live.
      const file = join(files, `${unique('definition')}.json`);
      writeFileSync(
        file,
        JSON.stringify({
          family: 'doctor-case',
          requiresCompatibilities: ['FARGATE'],
          ...(execution ? { executionRoleArn: execution } : {}),
          containerDefinitions: containers,
        }),
      );
      const checked = doctor(file);
      assert.ok(checked.code === 0 || checked.code === 1, `doctor exited ${checked.code}: ${checked.stderr}`);
      const errors = checked.findings.filter((f) => f.severity === 'error').map((f) => f.rule);
      const runtime = await runtimeVerdict(containers, execution ? { execution } : {});
      const detail = `doctor: ${JSON.stringify(checked.findings, null, 1)}\nruntime: ${runtime.text}`;
      if (entry.rule === undefined) {
        assert.equal(runtime.verdict, 'runs', detail);
        assert.deepEqual(errors, [], detail);
        assert.equal(checked.code, 0);
      } else {
        assert.equal(runtime.verdict, entry.rule, detail);
        assert.deepEqual(errors, [entry.rule], detail);
        assert.equal(checked.code, 1);
      }
      // The registry password is never printed.
      assert.doesNotMatch(checked.stdout + checked.stderr, /owner-pw/);
      // A registered definition is read by family:revision too, with the same verdict.
      if (runtime.family !== undefined) {
        const byName = doctor(runtime.family);
        assert.deepEqual(
          byName.findings.filter((f) => f.severity === 'error').map((f) => f.rule),
          errors,
          byName.stderr,
        );
      }
    });
  }
});

test('a task definition that does not exist is bad input (exit 2)', () => {
  const run = doctor('no-such-family:1');
  assert.equal(run.code, 2);
  assert.match(run.stderr, /no-such-family:1/);
});
