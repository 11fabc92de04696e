// ECS test fixtures over the control-plane harness: a recording agent (the control plane's real boundary), IAM, STS
// and ECS with an execution role, a Fargate definition pulling a private image with registry credentials, RunTask.
import type { RegisterTaskDefinitionCommandInput, RunTaskCommandInput } from '@aws-sdk/client-ecs';
import { ECSClient, RunTaskCommand } from '@aws-sdk/client-ecs';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import { ecsPort, ecsTasksPrincipal } from '../cli/control-plane/index.js';
import type { TaskAgentPort, TaskLaunch } from '../engines/ecs/index.js';
import { type Credentials, controlPlaneHarness, harnessRoot } from './control-plane-harness.js';
import { account, trustText } from './iam-sts-harness.js';

export const execRoleArn = `arn:aws:iam::${account}:role/exec`;

export const awsvpcNetwork = {
  awsvpcConfiguration: {
    subnets: ['subnet-0abc'],
    securityGroups: ['sg-1'],
    assignPublicIp: 'ENABLED' as const,
  },
};

/** A TaskAgentPort that records what it is asked to do. */
export function recordingAgent() {
  const launched: TaskLaunch[] = [];
  const stopped: Array<[string, string]> = [];
  const port: TaskAgentPort = {
    launch: (task) => launched.push(task),
    stop: (taskArn, reason) => stopped.push([taskArn, reason]),
  };
  return { launched, stopped, port };
}

/** The AWS parts of `berth up` with `agent` as the task agent, and SDK clients for ECS, IAM and STS. */
export async function ecsHarness(agent: TaskAgentPort) {
  const h = controlPlaneHarness({ agent });
  return {
    clock: h.clock,
    persistence: h.persistence,
    /** The ECS service, for the agent's reports (taskStates) and restart recovery (unfinishedTasks). */
    ecs: await h.need(ecsPort),
    clients: (credentials: Credentials = harnessRoot) => ({
      ecs: h.client(ECSClient, credentials),
      iam: h.client(IAMClient, credentials),
      sts: h.client(STSClient, credentials),
    }),
    /** Every stored document, as JSON text, for scanning. */
    storedText: () => h.persistence.dump().join('\n'),
  };
}

/** A harness with a recording agent and an execution role `exec` trusting `principal` (ecs-tasks by default). */
export async function ecsSetup(principal = ecsTasksPrincipal) {
  const agent = recordingAgent();
  const h = await ecsHarness(agent.port);
  const { ecs, iam } = h.clients();
  await iam.send(
    new CreateRoleCommand({ RoleName: 'exec', AssumeRolePolicyDocument: trustText({ Service: principal }) }),
  );
  return { h, agent, ecs, iam };
}

/** Family `web` for Fargate, pulling a private Docker Hub image with registry credentials (ref ecs-private-auth §0). */
export function fargateDefinition(
  extra: Partial<RegisterTaskDefinitionCommandInput> = {},
): RegisterTaskDefinitionCommandInput {
  return {
    family: 'web',
    requiresCompatibilities: ['FARGATE'],
    networkMode: 'awsvpc',
    cpu: '256',
    memory: '512',
    executionRoleArn: 'exec',
    containerDefinitions: [
      {
        name: 'app',
        image: 'docker.io/acme/app:1.0',
        repositoryCredentials: { credentialsParameter: 'dockerhub' },
        command: ['serve'],
        environment: [
          { name: 'MODE', value: 'prod' },
          { name: 'KEEP', value: 'yes' },
        ],
        portMappings: [{ containerPort: 8080 }],
      },
    ],
    ...extra,
  };
}

/** A container definition that passes every rule on EC2. */
export const ec2Container = (extra: Record<string, unknown> = {}) => ({
  name: 'app',
  image: 'nginx:1.27',
  memory: 128,
  ...extra,
});

/** RunTask of `web` on Fargate in cluster `prod`. */
export function runWeb(ecs: ECSClient, extra: Partial<RunTaskCommandInput> = {}) {
  return ecs.send(
    new RunTaskCommand({
      cluster: 'prod',
      taskDefinition: 'web',
      launchType: 'FARGATE',
      networkConfiguration: awsvpcNetwork,
      ...extra,
    }),
  );
}
