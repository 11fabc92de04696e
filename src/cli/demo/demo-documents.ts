// The documents of the walkthrough, as a platform engineer writes them for AWS: the execution role's trust policy
// and least-privilege inline policy, and the Fargate task definition with repositoryCredentials.
import type { RegisterTaskDefinitionCommandInput } from '@aws-sdk/client-ecs';
import { webPort } from './web-image.js';

/** Lets ECS tasks (the agent, on the task's behalf) assume the role. */
export const ecsTasksTrustPolicy = {
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' },
  ],
};

/** GetSecretValue on exactly one secret, named by its full ARN (with the 6-character suffix). */
export function readSecretPolicy(secretArn: string) {
  return {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: secretArn }],
  };
}

export interface WebTaskDefinition {
  readonly family: string;
  readonly image: string;
  readonly secretArn: string;
  readonly executionRoleArn: string;
  readonly taskRoleArn?: string;
}

/** A Fargate task (awsvpc, 0.25 vCPU, 512 MiB) running the web image with the registry credentials' secret. */
export function webTaskDefinition(spec: WebTaskDefinition): RegisterTaskDefinitionCommandInput {
  return {
    family: spec.family,
    requiresCompatibilities: ['FARGATE'],
    networkMode: 'awsvpc',
    cpu: '256',
    memory: '512',
    executionRoleArn: spec.executionRoleArn,
    ...(spec.taskRoleArn === undefined ? {} : { taskRoleArn: spec.taskRoleArn }),
    containerDefinitions: [
      {
        name: 'web',
        image: spec.image,
        essential: true,
        portMappings: [{ containerPort: webPort, protocol: 'tcp' }],
        repositoryCredentials: { credentialsParameter: spec.secretArn },
      },
    ],
  };
}
