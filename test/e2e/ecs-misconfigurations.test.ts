// Each misconfiguration of reference/peers-and-misconfigurations.md §C that berth reproduces locally, through the AWS
// SDK against a real `berth up`, runc and berth's registry, asserting the exact text ECS gives: a RegisterTaskDefinition
// or RunTask exception (§C2, C3, C8, C12, C21) or the stopped task's stoppedReason (§C1, C4, C6, C7, C9, C10, C11,
// C12, C14, C15). Fargate texts: reference/ecs-private-auth.md §3.3 and §7; EC2 texts: §3.1.
// C5 (another account) needs a second account, which one berth endpoint does not serve; C13 (VPC routing) has no
// local equivalent; C16–C20 concern registries and tools berth does not emulate.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type ContainerDefinition, RegisterTaskDefinitionCommand, type Task } from '@aws-sdk/client-ecs';
import { CreateKeyCommand } from '@aws-sdk/client-kms';
import { DeleteSecretCommand, PutResourcePolicyCommand } from '@aws-sdk/client-secrets-manager';
import { allowGetSecret, type EcsWorld, startEcsWorld } from './support/ecs-world.js';

let world: EcsWorld;
let image: string;
const account = '000000000000';
const asmPrefix =
  'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: ' +
  'unable to retrieve secret from asm: service call has been retried 1 time(s): ';
const statusSuffix = / status code: 400, request id: [0-9a-f-]{36}$/;
const good = JSON.stringify({ username: 'owner', password: 'owner-pw' });

before(async () => {
  world = await startEcsWorld();
  image = await world.pushWebImage('owner', 'owner-pw', 'app');
});

after(async () => {
  await world?.close();
});

let counter = 0;
const unique = (name: string) => `${name}${++counter}`;
const taskId = (task: Task) => task.taskArn!.split('/').pop()!;

function container(
  credentialsParameter?: string,
  overrides: Partial<ContainerDefinition> = {},
): ContainerDefinition {
  return {
    name: 'app',
    image,
    essential: true,
    ...(credentialsParameter ? { repositoryCredentials: { credentialsParameter } } : {}),
    ...overrides,
  };
}

/** Registers and runs a one-container Fargate task; returns the stopped task. */
async function runToStop(credentialsParameter: string | undefined, execution: string, overrides = {}) {
  const family = await world.registerFargate(
    unique('misconfig'),
    [container(credentialsParameter, overrides)],
    {
      execution,
    },
  );
  const task = await world.runAndSettle(family);
  assert.equal(task.lastStatus, 'STOPPED', `expected the task to fail, it is ${task.lastStatus}`);
  assert.equal(task.stopCode, 'TaskFailedToStart');
  return task;
}

function assertAsmFailure(task: Task, middle: string) {
  const reason = task.stoppedReason ?? '';
  assert.ok(reason.startsWith(asmPrefix + middle), `stoppedReason: ${reason}`);
  // Containers that depended on the secret never pulled: no reason, no exit code, no pull timestamps (§1.8, §5.4).
  assert.equal(task.containers?.[0]?.lastStatus, 'STOPPED');
  assert.equal(task.containers?.[0]?.reason, undefined);
  assert.equal(task.containers?.[0]?.exitCode, undefined);
  assert.equal(task.pullStartedAt, undefined);
}

describe('INIT: the secret fetch as the execution role (Fargate)', () => {
  test('C1: the permission is on the task role, not the execution role', async () => {
    const secret = await world.createSecret(unique('c1/'), good);
    const execution = await world.createRole(unique('c1Exec'));
    const taskRole = await world.createRole(unique('c1Task'), allowGetSecret(secret));
    const family = await world.registerFargate(unique('c1'), [container(secret)], {
      execution,
      task: taskRole,
    });
    const task = await world.runAndSettle(family);
    const role = execution.split('/').pop();
    assertAsmFailure(
      task,
      `failed to fetch secret ${secret} from secrets manager: AccessDeniedException: User: ` +
        `arn:aws:sts::${account}:assumed-role/${role}/${taskId(task)} is not authorized to perform: ` +
        `secretsmanager:GetSecretValue on resource: ${secret} because no identity-based policy allows the ` +
        'secretsmanager:GetSecretValue action',
    );
    assert.match(task.stoppedReason!, statusSuffix);
  });

  test('C4: a customer managed key, and the execution role lacks kms:Decrypt', async () => {
    const key = await world.kms.send(new CreateKeyCommand({ Description: 'c4' }));
    const secret = await world.createSecret(unique('c4/'), good, key.KeyMetadata!.KeyId);
    const task = await runToStop(secret, await world.createRole(unique('c4Exec'), allowGetSecret(secret)));
    assertAsmFailure(
      task,
      `failed to fetch secret ${secret} from secrets manager: AccessDeniedException: Access to KMS is not allowed`,
    );
    assert.match(task.stoppedReason!, statusSuffix);
  });

  test('C4 fixed: the same key with kms:Decrypt on the execution role runs', async () => {
    const key = await world.kms.send(new CreateKeyCommand({ Description: 'c4-fixed' }));
    const secret = await world.createSecret(unique('c4f/'), good, key.KeyMetadata!.KeyId);
    const policy = allowGetSecret(secret, [
      { Effect: 'Allow', Action: 'kms:Decrypt', Resource: key.KeyMetadata!.Arn },
    ]);
    const family = await world.registerFargate(unique('c4f'), [container(secret)], {
      execution: await world.createRole(unique('c4fExec'), policy),
    });
    const task = await world.runAndSettle(family);
    assert.equal(task.lastStatus, 'RUNNING', task.stoppedReason);
  });

  test('C6: the task definition names the secret by a partial ARN the policy does not cover', async () => {
    const secret = await world.createSecret(unique('c6-'), good);
    const partial = secret.replace(/-[A-Za-z0-9]{6}$/, '');
    // The policy pins the complete ARN; IAM evaluates the ARN the request names (the partial one).
    const task = await runToStop(partial, await world.createRole(unique('c6Exec'), allowGetSecret(secret)));
    assert.match(task.stoppedReason!, /^ResourceInitializationError: .* on resource: /);
    assert.ok(task.stoppedReason!.includes(`on resource: ${partial} `), task.stoppedReason);
  });

  test('C7: the secret does not exist', async () => {
    const missing = `arn:aws:secretsmanager:us-east-1:${account}:secret:no-such-secret-AbCdEf`;
    const task = await runToStop(missing, await world.createRole(unique('c7Exec'), allowGetSecret(missing)));
    assertAsmFailure(
      task,
      `failed to fetch secret ${missing} from secrets manager: ResourceNotFoundException: ` +
        "Secrets Manager can't find the specified secret.",
    );
    assert.match(task.stoppedReason!, statusSuffix);
  });

  for (const [name, value, text] of [
    [
      'C9 plaintext',
      'owner:owner-pw',
      'asm fetching authorization data: unable to unmarshal secret value, invalid schema',
    ],
    [
      'C9 wrong types',
      '{"username":1,"password":"p"}',
      'asm fetching authorization data: unable to unmarshal secret value, invalid schema',
    ],
    [
      'C10 wrong key names',
      '{"user":"owner","token":"owner-pw"}',
      'asm fetching username: AuthorizationData is malformed, empty field',
    ],
    [
      'C10 empty password',
      '{"username":"owner","password":""}',
      'asm fetching password: AuthorizationData is malformed, empty field',
    ],
  ] as const) {
    test(`${name}: ${text}`, async () => {
      const secret = await world.createSecret(unique('c9/'), value);
      const task = await runToStop(secret, await world.createRole(unique('c9Exec'), allowGetSecret(secret)));
      assertAsmFailure(task, text);
      assert.equal(task.stoppedReason, asmPrefix + text);
    });
  }

  test('C14: the secret resource policy denies explicitly', async () => {
    const secret = await world.createSecret(unique('c14/'), good);
    const execution = await world.createRole(unique('c14Exec'), allowGetSecret(secret));
    await world.secrets.send(
      new PutResourcePolicyCommand({
        SecretId: secret,
        ResourcePolicy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Deny',
              Principal: { AWS: execution },
              Action: 'secretsmanager:GetSecretValue',
              Resource: '*',
            },
          ],
        }),
      }),
    );
    const task = await runToStop(secret, execution);
    assertAsmFailure(
      task,
      `failed to fetch secret ${secret} from secrets manager: AccessDeniedException: User: `,
    );
    assert.ok(
      task.stoppedReason!.includes(
        `is not authorized to perform: secretsmanager:GetSecretValue on resource: ${secret} with an explicit deny in a resource-based policy`,
      ),
      task.stoppedReason,
    );
  });

  test('C15: the secret is scheduled for deletion', async () => {
    const secret = await world.createSecret(unique('c15/'), good);
    await world.secrets.send(new DeleteSecretCommand({ SecretId: secret, RecoveryWindowInDays: 7 }));
    const task = await runToStop(secret, await world.createRole(unique('c15Exec'), allowGetSecret(secret)));
    assertAsmFailure(
      task,
      `failed to fetch secret ${secret} from secrets manager: InvalidRequestException: ` +
        "You can't perform this operation on the secret because it was marked for deletion.",
    );
  });
});

describe('PULL: credentials that do not fit the registry', () => {
  test('C11: valid JSON, wrong password for the registry', async () => {
    const secret = await world.createSecret(
      unique('c11/'),
      JSON.stringify({ username: 'owner', password: 'nope' }),
    );
    const task = await runToStop(secret, await world.createRole(unique('c11Exec'), allowGetSecret(secret)));
    const reason = task.stoppedReason ?? '';
    assert.ok(
      reason.startsWith(
        `CannotPullContainerError: pull image manifest has been retried 1 time(s): failed to resolve ref ${image}: `,
      ),
      reason,
    );
    assert.match(reason, /401 Unauthorized$/);
    assert.equal(task.containers?.[0]?.reason, reason);
    assert.ok(task.pullStartedAt && task.pullStoppedAt);
  });

  test('C12: a private image with no credentials at all', async () => {
    const family = await world.registerFargate(unique('c12'), [container()], {});
    const task = await world.runAndSettle(family);
    assert.equal(task.lastStatus, 'STOPPED');
    assert.equal(task.stopCode, 'TaskFailedToStart');
    assert.match(
      task.stoppedReason ?? '',
      /^CannotPullContainerError: pull image manifest has been retried 1 time\(s\): failed to resolve ref .*401 Unauthorized$/,
    );
  });
});

describe('REG and RunTask: refused before anything runs', () => {
  const register = (containers: ContainerDefinition[], extra: Record<string, unknown> = {}) =>
    world.ecs.send(
      new RegisterTaskDefinitionCommand({
        family: unique('reg'),
        requiresCompatibilities: ['FARGATE'],
        networkMode: 'awsvpc',
        cpu: '256',
        memory: '512',
        containerDefinitions: containers,
        ...extra,
      }),
    );

  test('C2: repositoryCredentials without executionRoleArn', async () => {
    await assert.rejects(register([container('registry/whatever')]), {
      name: 'ClientException',
      message:
        'Private repository authentication requires that the task definition specify a value for executionRoleArn.',
    });
  });

  test('C8: a malformed credentialsParameter', async () => {
    const execution = await world.createRole(unique('c8Exec'));
    await assert.rejects(
      register([container('has spaces in it')], { executionRoleArn: execution }),
      (error: Error) => {
        assert.equal(error.name, 'ClientException');
        assert.match(
          error.message,
          /^The repository credentials parameter specified for container 'app' is invalid\./,
        );
        return true;
      },
    );
  });

  test('C12: credentials on an ECR image', async () => {
    const execution = await world.createRole(unique('c12Exec'));
    const ecr = `${account}.dkr.ecr.us-east-1.amazonaws.com/app:latest`;
    await assert.rejects(
      register([container('registry/whatever', { image: ecr })], { executionRoleArn: execution }),
      {
        message:
          'Private repository credentials are not a supported authentication method for ECR repositories.',
      },
    );
  });

  for (const [name, principal] of [
    ['C3', 'ec2.amazonaws.com'],
    ['C21', 'ecs.amazonaws.com'],
  ] as const) {
    test(`${name}: the execution role trusts ${principal}, not ecs-tasks.amazonaws.com`, async () => {
      const secret = await world.createSecret(unique('c3/'), good);
      const trust = JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: principal }, Action: 'sts:AssumeRole' }],
      });
      const execution = await world.createRole(unique('c3Exec'), allowGetSecret(secret), trust);
      const family = await world.registerFargate(unique('c3'), [container(secret)], { execution });
      await assert.rejects(world.runAndSettle(family), {
        message:
          `ECS was unable to assume the role '${execution}' that was provided for this task. Please verify that the ` +
          'role being passed has the proper trust relationship and permissions and that your IAM user has ' +
          'permissions to pass this role.',
      });
    });
  }
});
