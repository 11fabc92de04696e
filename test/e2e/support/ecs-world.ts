// One real `berth up` and the AWS SDK v3 clients a platform engineer would use against it, plus the steps of the ECS
// private-registry walkthrough as small functions: registry user + pushed image, secret, execution role, Fargate task
// definition, RunTask and waiting for the task to settle. Every step goes through the public API (SDK, CLI, skopeo).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  type ContainerDefinition,
  DescribeTasksCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
  type RegisterTaskDefinitionCommandInput,
  RunTaskCommand,
  type RunTaskCommandInput,
  type Task,
} from '@aws-sdk/client-ecs';
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { KMSClient } from '@aws-sdk/client-kms';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { type BerthProcess, berthBin, startBerth, testTaskCidr } from '../../integ/berth-process.js';
import { pushLayout } from '../../integ/support/skopeo.js';
import { defaultSubnetOf } from './default-subnet.js';
import { buildWebImage, type WebImage, webPort } from './web-image.js';

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

/** The walkthrough's one container: the web image, its port, and the secret holding the registry login. */
export function webContainer(image: string, secretArn: string): ContainerDefinition {
  return {
    name: 'web',
    image,
    essential: true,
    portMappings: [{ containerPort: webPort, hostPort: webPort, protocol: 'tcp' }],
    repositoryCredentials: { credentialsParameter: secretArn },
  };
}

export interface PrivateImage {
  readonly image: string;
  readonly secretArn: string;
  readonly executionRoleArn: string;
}

export interface EcsWorld {
  /** The berth running now (another process after restartBerth()). */
  readonly berth: BerthProcess;
  readonly registryHost: string;
  readonly web: WebImage;
  readonly ecs: ECSClient;
  readonly iam: IAMClient;
  readonly secrets: SecretsManagerClient;
  readonly kms: KMSClient;
  /** The default VPC's first default subnet: ECS refuses subnets EC2 does not have, as on AWS. */
  readonly subnet: string;
  /** `berth registry …` against this berth's state dir. */
  cli(args: string[], input?: string): { code: number | null; stdout: string; stderr: string };
  /** Adds a registry user and pushes the web image to `<user>/<repo>:latest`; returns the image reference. */
  pushWebImage(user: string, password: string, repo: string): Promise<string>;
  createSecret(name: string, value: string, kmsKeyId?: string): Promise<string>;
  /**
   * The walkthrough's set-up in one call, for tests about what comes after it: registry user `name` with the web
   * image pushed to `<name>/web`, its credentials in secret `registry/<name>`, and execution role `<name>Execution`
   * allowed to read exactly that secret.
   */
  privateWebImage(name: string): Promise<PrivateImage>;
  /** A role trusting ecs-tasks.amazonaws.com (or `trust`) with one inline policy (when given). */
  createRole(name: string, policy?: string, trust?: string): Promise<string>;
  /** Registers a Fargate (awsvpc) task definition with these containers; returns `family:revision`. */
  registerFargate(
    family: string,
    containers: ContainerDefinition[],
    roles: { execution?: string; task?: string },
  ): Promise<string>;
  /** Registers any task definition (EC2, bridge or host mode, …); returns `family:revision`. */
  registerTaskDefinition(input: RegisterTaskDefinitionCommandInput): Promise<string>;
  /** RunTask (Fargate, awsvpc) and waits until the task is RUNNING or STOPPED. */
  runAndSettle(taskDefinition: string, extra?: Partial<RunTaskCommandInput>): Promise<Task>;
  /** RunTask with the EC2 launch type and no network configuration (bridge and host modes); waits as above. */
  runEc2AndSettle(taskDefinition: string): Promise<Task>;
  waitFor(taskArn: string, done: (task: Task) => boolean): Promise<Task>;
  /**
   * Ends this berth with `signal` (SIGKILL: a crash) and starts `berth up` again on the same state dir, port and task
   * range; the clients and cli() go on working against the new process.
   */
  restartBerth(signal: NodeJS.Signals): Promise<void>;
  close(): Promise<void>;
}

export async function startEcsWorld(): Promise<EcsWorld> {
  const layouts = mkdtempSync(join(tmpdir(), 'berth-e2e-layout-'));
  const web = await buildWebImage(layouts);
  const taskCidr = testTaskCidr();
  let berth = await startBerth({ taskCidr });
  // A temporary state dir sits alone in its temporary parent (tempStateDir), which close() removes after a restart.
  const stateParent = dirname(berth.stateDir);
  let restarted = false;
  const config = {
    endpoint: berth.endpoint,
    region: berth.region,
    credentials: berth.credentials,
  };
  const ecs = new ECSClient(config);
  const iam = new IAMClient(config);
  const secrets = new SecretsManagerClient(config);
  const kms = new KMSClient(config);
  const subnet = await defaultSubnetOf(config);
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

  const register = async (input: RegisterTaskDefinitionCommandInput) => {
    const definition = (await ecs.send(new RegisterTaskDefinitionCommand(input))).taskDefinition!;
    return `${definition.family}:${definition.revision}`;
  };

  const runAndSettle = async (taskDefinition: string, input: Partial<RunTaskCommandInput>) => {
    const ran = await ecs.send(new RunTaskCommand({ taskDefinition, ...input }));
    const taskArn = ran.tasks?.[0]?.taskArn;
    if (!taskArn) throw new Error(`RunTask started nothing: ${JSON.stringify(ran.failures)}`);
    return waitFor(taskArn, (task) => task.lastStatus === 'RUNNING' || task.lastStatus === 'STOPPED');
  };

  const world: EcsWorld = {
    get berth() {
      return berth;
    },
    registryHost,
    web,
    ecs,
    iam,
    secrets,
    kms,
    subnet,
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
    async privateWebImage(name) {
      const password = `${name}-registry-pw`;
      const image = await world.pushWebImage(name, password, 'web');
      const secretArn = await world.createSecret(
        `registry/${name}`,
        JSON.stringify({ username: name, password }),
      );
      const executionRoleArn = await world.createRole(`${name}Execution`, allowGetSecret(secretArn));
      return { image, secretArn, executionRoleArn };
    },
    async createRole(name, policy, trust = ecsTasksTrust) {
      const role = await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trust }));
      if (policy)
        await iam.send(
          new PutRolePolicyCommand({ RoleName: name, PolicyName: 'inline', PolicyDocument: policy }),
        );
      return role.Role!.Arn!;
    },
    registerFargate(family, containers, roles) {
      return register({
        family,
        requiresCompatibilities: ['FARGATE'],
        networkMode: 'awsvpc',
        cpu: '256',
        memory: '512',
        ...(roles.execution ? { executionRoleArn: roles.execution } : {}),
        ...(roles.task ? { taskRoleArn: roles.task } : {}),
        containerDefinitions: containers,
      });
    },
    registerTaskDefinition: register,
    runAndSettle(taskDefinition, extra = {}) {
      return runAndSettle(taskDefinition, {
        launchType: 'FARGATE',
        networkConfiguration: {
          awsvpcConfiguration: { subnets: [subnet] },
        },
        ...extra,
      });
    },
    runEc2AndSettle(taskDefinition) {
      return runAndSettle(taskDefinition, { launchType: 'EC2' });
    },
    waitFor,
    async restartBerth(signal) {
      const { stateDir, port } = berth;
      await berth.stop({ signal, removeState: false });
      restarted = true;
      berth = await startBerth({ state: stateDir, port, taskCidr });
    },
    async close() {
      for (const client of [ecs, iam, secrets, kms]) client.destroy();
      await berth.stop({ removeState: true });
      if (restarted) rmSync(stateParent, { recursive: true, force: true });
      rmSync(layouts, { recursive: true, force: true });
    },
  };
  return world;
}
