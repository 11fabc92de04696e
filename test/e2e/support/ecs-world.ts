// One real `berth up` and the AWS SDK v3 clients a platform engineer would use against it, plus the steps of the ECS
// private-registry walkthrough as small functions: registry user + pushed image, secret, execution role, Fargate task
// definition, RunTask and waiting for the task to settle. Every step goes through the public API (SDK, CLI, skopeo).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type ContainerDefinition,
  DescribeTasksCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  type RunTaskCommandInput,
  type Task,
} from '@aws-sdk/client-ecs';
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { KMSClient } from '@aws-sdk/client-kms';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { type BerthProcess, berthBin, startBerth, testTaskCidr } from '../../integ/berth-process.js';
import { pushLayout } from '../../integ/support/skopeo.js';
import { buildWebImage, type WebImage } from './web-image.js';

export const ecsTasksTrust = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' },
  ],
});

export function allowGetSecret(resource: string | string[], extra: object[] = []): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: resource }, ...extra],
  });
}

export interface EcsWorld {
  readonly berth: BerthProcess;
  readonly registryHost: string;
  readonly web: WebImage;
  readonly ecs: ECSClient;
  readonly iam: IAMClient;
  readonly secrets: SecretsManagerClient;
  readonly kms: KMSClient;
  /** `berth registry …` against this berth's state dir. */
  cli(args: string[], input?: string): { code: number | null; stdout: string; stderr: string };
  /** Adds a registry user and pushes the web image to `<user>/<repo>:latest`; returns the image reference. */
  pushWebImage(user: string, password: string, repo: string): Promise<string>;
  createSecret(name: string, value: string, kmsKeyId?: string): Promise<string>;
  /** A role trusting ecs-tasks.amazonaws.com (or `trust`) with one inline policy (when given). */
  createRole(name: string, policy?: string, trust?: string): Promise<string>;
  /** Registers a Fargate (awsvpc) task definition with these containers; returns `family:revision`. */
  registerFargate(
    family: string,
    containers: ContainerDefinition[],
    roles: { execution?: string; task?: string },
  ): Promise<string>;
  /** RunTask (Fargate, awsvpc) and waits until the task is RUNNING or STOPPED. */
  runAndSettle(taskDefinition: string, extra?: Partial<RunTaskCommandInput>): Promise<Task>;
  waitFor(taskArn: string, done: (task: Task) => boolean): Promise<Task>;
  close(): Promise<void>;
}

export async function startEcsWorld(): Promise<EcsWorld> {
  const layouts = mkdtempSync(join(tmpdir(), 'berth-e2e-layout-'));
  const web = await buildWebImage(layouts);
  const berth = await startBerth({ taskCidr: testTaskCidr() });
  const config = {
    endpoint: berth.endpoint,
    region: berth.region,
    credentials: berth.credentials,
  };
  const ecs = new ECSClient(config);
  const iam = new IAMClient(config);
  const secrets = new SecretsManagerClient(config);
  const kms = new KMSClient(config);
  const registryHost = `127.0.0.1:${berth.port}`;
  const users = new Set<string>();

  const cli = (args: string[], input = '') => {
    const ran = spawnSync(process.execPath, [berthBin, ...args, '--state', berth.stateDir], {
      input,
      encoding: 'utf8',
    });
    return { code: ran.status, stdout: ran.stdout, stderr: ran.stderr };
  };

  const waitFor = async (taskArn: string, done: (task: Task) => boolean): Promise<Task> => {
    // A hang guard, not a timing assertion: tasks settle in well under a second here.
    const deadline = Date.now() + 60_000;
    for (;;) {
      const { tasks } = await ecs.send(new DescribeTasksCommand({ tasks: [taskArn] }));
      const task = tasks?.[0];
      if (task && done(task)) return task;
      if (Date.now() > deadline) throw new Error(`task did not settle: ${JSON.stringify(task, null, 2)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  return {
    berth,
    registryHost,
    web,
    ecs,
    iam,
    secrets,
    kms,
    cli,
    async pushWebImage(user, password, repo) {
      if (!users.has(user)) {
        const added = cli(['registry', 'user', 'add', user, '--password-stdin'], `${password}\n`);
        if (added.code !== 0) throw new Error(`registry user add failed: ${added.stderr}`);
        users.add(user);
      }
      const reference = `${registryHost}/${user}/${repo}:latest`;
      await pushLayout(web.layoutDir, 'web', reference, { username: user, password });
      return reference;
    },
    async createSecret(name, value, kmsKeyId) {
      const created = await secrets.send(
        new CreateSecretCommand({
          Name: name,
          SecretString: value,
          ...(kmsKeyId ? { KmsKeyId: kmsKeyId } : {}),
        }),
      );
      return created.ARN!;
    },
    async createRole(name, policy, trust = ecsTasksTrust) {
      const role = await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trust }));
      if (policy)
        await iam.send(
          new PutRolePolicyCommand({ RoleName: name, PolicyName: 'inline', PolicyDocument: policy }),
        );
      return role.Role!.Arn!;
    },
    async registerFargate(family, containers, roles) {
      const registered = await ecs.send(
        new RegisterTaskDefinitionCommand({
          family,
          requiresCompatibilities: ['FARGATE'],
          networkMode: 'awsvpc',
          cpu: '256',
          memory: '512',
          ...(roles.execution ? { executionRoleArn: roles.execution } : {}),
          ...(roles.task ? { taskRoleArn: roles.task } : {}),
          containerDefinitions: containers,
        }),
      );
      const definition = registered.taskDefinition!;
      return `${definition.family}:${definition.revision}`;
    },
    async runAndSettle(taskDefinition, extra = {}) {
      const ran = await ecs.send(
        new RunTaskCommand({
          taskDefinition,
          launchType: 'FARGATE',
          networkConfiguration: {
            awsvpcConfiguration: {
              subnets: ['subnet-0123456789abcdef0'],
              securityGroups: ['sg-0123456789abcdef0'],
            },
          },
          ...extra,
        }),
      );
      const taskArn = ran.tasks?.[0]?.taskArn;
      if (!taskArn) throw new Error(`RunTask started nothing: ${JSON.stringify(ran.failures)}`);
      return waitFor(taskArn, (task) => task.lastStatus === 'RUNNING' || task.lastStatus === 'STOPPED');
    },
    waitFor,
    async close() {
      for (const client of [ecs, iam, secrets, kms]) client.destroy();
      await berth.stop({ removeState: true });
      rmSync(layouts, { recursive: true, force: true });
    },
  };
}
