// ECS test fixtures over ecsHarness: a recording agent (the control plane's real boundary), a harness with an
// execution role, a Fargate definition pulling a private image with registry credentials, and RunTask for it.
import type { ECSClient, RegisterTaskDefinitionCommandInput, RunTaskCommandInput } from '@aws-sdk/client-ecs';
import { RunTaskCommand } from '@aws-sdk/client-ecs';
import { CreateRoleCommand } from '@aws-sdk/client-iam';
import type { TaskAgentPort, TaskLaunch } from '../engines/ecs/index.js';
import { ecsHarness, ecsTasksPrincipal } from './ecs-harness.js';
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

/** A harness with a recording agent and an execution role `exec` trusting `principal` (ecs-tasks by default). */
export async function ecsSetup(principal = ecsTasksPrincipal) {
  const agent = recordingAgent();
  const h = ecsHarness(agent.port);
  const { ecs, iam } = h.clients();
  await iam.send(
    new CreateRoleCommand({ RoleName: 'exec', AssumeRolePolicyDocument: trustText({ Service: principal }) }),
  );
  return { h, agent, ecs, iam };
}

/** Family `web` for Fargate, pulling a private Docker Hub image with registry credentials (reference §0). */
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
