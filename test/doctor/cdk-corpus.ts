// The doctor's CloudFormation corpus, synthesized in-process by the real aws-cdk-lib (offline, env-agnostic stacks):
// the seed-002/003 shapes done right, and one misconfiguration per rule (ref peers-and-misconfigurations §C).
import { App, SecretValue, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { denyUnlessVpce } from '../../src/testing/doctor-policies.js';

export interface CorpusCase {
  readonly name: string;
  /** The rule that must be the only finding (error or warning), or undefined for a correct setup. */
  readonly rule?: string;
  readonly severity?: 'error' | 'warning';
  readonly build: (stack: Stack) => void;
}

const image = 'ghcr.io/acme/web:1';

/** `{"username":"bot","password":<generated>}`: the shape the agent wants. */
function registrySecret(
  stack: Stack,
  props: Partial<secretsmanager.SecretProps> = {},
): secretsmanager.Secret {
  return new secretsmanager.Secret(stack, 'RegistrySecret', {
    generateSecretString: {
      secretStringTemplate: JSON.stringify({ username: 'bot' }),
      generateStringKey: 'password',
    },
    ...props,
  });
}

function fargate(stack: Stack, props: ecs.FargateTaskDefinitionProps = {}): ecs.FargateTaskDefinition {
  return new ecs.FargateTaskDefinition(stack, 'Task', { cpu: 256, memoryLimitMiB: 512, ...props });
}

function web(task: ecs.TaskDefinition, from: string, credentials?: secretsmanager.ISecret): void {
  task.addContainer('web', {
    image: ecs.ContainerImage.fromRegistry(from, credentials ? { credentials } : undefined),
  });
}

/** A hand-wired execution role trusted by `principal`, with `statements`. */
function role(
  stack: Stack,
  statements: iam.PolicyStatement[],
  principal = 'ecs-tasks.amazonaws.com',
): iam.Role {
  const created = new iam.Role(stack, 'ExecutionRole', { assumedBy: new iam.ServicePrincipal(principal) });
  for (const statement of statements) created.addToPolicy(statement);
  return created;
}

/** A container whose repositoryCredentials are set on the L1 property, as hand-written templates set them. */
function webWithParameter(task: ecs.TaskDefinition, credentialsParameter: string): void {
  web(task, image);
  (task.node.defaultChild as ecs.CfnTaskDefinition).addPropertyOverride(
    'ContainerDefinitions.0.RepositoryCredentials.CredentialsParameter',
    credentialsParameter,
  );
}

/** A Fargate service of the correct task in a one-AZ VPC whose only subnets are of `subnetType`. */
function service(
  stack: Stack,
  network: { natGateways: number; subnetType: ec2.SubnetType; assignPublicIp?: boolean },
): void {
  const subnets = [{ name: 'tasks', subnetType: network.subnetType }];
  // Private subnets with egress need public ones for their NAT gateway.
  if (network.subnetType === ec2.SubnetType.PRIVATE_WITH_EGRESS) {
    subnets.push({ name: 'public', subnetType: ec2.SubnetType.PUBLIC });
  }
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    maxAzs: 1,
    natGateways: network.natGateways,
    subnetConfiguration: subnets,
  });
  const task = fargate(stack);
  web(task, image, registrySecret(stack));
  new ecs.FargateService(stack, 'Service', {
    cluster: new ecs.Cluster(stack, 'Cluster', { vpc }),
    taskDefinition: task,
    vpcSubnets: { subnetType: network.subnetType },
    assignPublicIp: network.assignPublicIp ?? false,
  });
}

const getSecret = (resource: string) =>
  new iam.PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [resource] });

export const corpus: readonly CorpusCase[] = [
  {
    name: 'CMK, fromRegistry with credentials (CDK grants read and decrypt)',
    build: (stack) => {
      const key = new kms.Key(stack, 'Key');
      web(fargate(stack), image, registrySecret(stack, { encryptionKey: key }));
    },
  },
  {
    name: 'default key (aws/secretsmanager), fromRegistry with credentials',
    build: (stack) => web(fargate(stack), image, registrySecret(stack)),
  },
  {
    name: 'hand-wired execution role with GetSecretValue on the secret',
    build: (stack) => {
      const secret = registrySecret(stack);
      webWithParameter(
        fargate(stack, { executionRole: role(stack, [getSecret(secret.secretArn)]) }),
        secret.secretArn,
      );
    },
  },
  {
    name: 'service in private subnets behind a NAT gateway',
    build: (stack) => service(stack, { natGateways: 1, subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }),
  },
  {
    name: 'service in public subnets with a public IP',
    build: (stack) =>
      service(stack, { natGateways: 0, subnetType: ec2.SubnetType.PUBLIC, assignPublicIp: true }),
  },
  {
    name: 'C1: GetSecretValue granted to the task role only',
    rule: 'C1',
    build: (stack) => {
      const secret = registrySecret(stack);
      const task = fargate(stack, { executionRole: role(stack, []) });
      secret.grantRead(task.taskRole);
      webWithParameter(task, secret.secretArn);
    },
  },
  {
    name: 'C2: repositoryCredentials and no execution role (L1)',
    rule: 'C2',
    build: (stack) => {
      const secret = registrySecret(stack);
      new ecs.CfnTaskDefinition(stack, 'Task', {
        requiresCompatibilities: ['FARGATE'],
        networkMode: 'awsvpc',
        cpu: '256',
        memory: '512',
        containerDefinitions: [
          { name: 'web', image, repositoryCredentials: { credentialsParameter: secret.secretArn } },
        ],
      });
    },
  },
  {
    name: 'C3: execution role trusted by ecs.amazonaws.com',
    rule: 'C3',
    build: (stack) => {
      const secret = registrySecret(stack);
      const task = fargate(stack, { executionRole: role(stack, [], 'ecs.amazonaws.com') });
      web(task, image, secret);
    },
  },
  {
    name: 'C4: CMK, GetSecretValue by hand without kms:Decrypt',
    rule: 'C4',
    build: (stack) => {
      const key = new kms.Key(stack, 'Key');
      const secret = registrySecret(stack, { encryptionKey: key });
      webWithParameter(
        fargate(stack, { executionRole: role(stack, [getSecret(secret.secretArn)]) }),
        secret.secretArn,
      );
    },
  },
  {
    name: 'C5: a secret of another account by ARN',
    rule: 'C5',
    severity: 'warning',
    build: (stack) => {
      const secret = secretsmanager.Secret.fromSecretCompleteArn(
        stack,
        'Shared',
        'arn:aws:secretsmanager:us-east-1:444455556666:secret:shared/registry-AbC123',
      );
      web(fargate(stack), image, secret);
    },
  },
  {
    name: 'C6: fromSecretNameV2 (partial ARN, policy on name-??????)',
    rule: 'C6',
    build: (stack) => {
      const secret = secretsmanager.Secret.fromSecretNameV2(stack, 'ByName', 'registry/ghcr');
      web(fargate(stack), image, secret);
    },
  },
  {
    name: 'C8: credentialsParameter with a space',
    rule: 'C8',
    build: (stack) => {
      webWithParameter(fargate(stack, { executionRole: role(stack, []) }), 'registry ghcr');
    },
  },
  {
    name: 'C9: the token stored as plain text',
    rule: 'C9',
    build: (stack) => {
      const secret = new secretsmanager.Secret(stack, 'RegistrySecret', {
        secretStringValue: SecretValue.unsafePlainText('ghp_0123456789'),
      });
      web(fargate(stack), image, secret);
    },
  },
  {
    name: 'C10: "user" instead of "username"',
    rule: 'C10',
    build: (stack) => {
      const secret = new secretsmanager.Secret(stack, 'RegistrySecret', {
        secretObjectValue: {
          user: SecretValue.unsafePlainText('bot'),
          password: SecretValue.unsafePlainText('ghp_0123456789'),
        },
      });
      web(fargate(stack), image, secret);
    },
  },
  {
    name: 'C12: credentials on an ECR image',
    rule: 'C12',
    build: (stack) =>
      web(fargate(stack), '111122223333.dkr.ecr.us-east-1.amazonaws.com/web:1', registrySecret(stack)),
  },
  {
    name: 'C13: service in isolated subnets (no NAT, no endpoints)',
    rule: 'C13',
    build: (stack) => service(stack, { natGateways: 0, subnetType: ec2.SubnetType.PRIVATE_ISOLATED }),
  },
  {
    name: 'C14: resource policy denies GetSecretValue unless through a VPC endpoint',
    rule: 'C14',
    build: (stack) => {
      const secret = registrySecret(stack);
      secret.addToResourcePolicy(
        new iam.PolicyStatement({
          effect: iam.Effect.DENY,
          principals: [new iam.AnyPrincipal()],
          actions: ['secretsmanager:GetSecretValue'],
          resources: ['*'],
          conditions: denyUnlessVpce.Statement[0]!.Condition,
        }),
      );
      web(fargate(stack), image, secret);
    },
  },
  {
    name: 'C16: anonymous Docker Hub image',
    rule: 'C16',
    severity: 'warning',
    build: (stack) => web(fargate(stack), 'nginx:1.27'),
  },
  {
    name: 'C17: registry on a private address, Fargate',
    rule: 'C17',
    severity: 'warning',
    build: (stack) => web(fargate(stack), '10.0.0.5:5000/web:1', registrySecret(stack)),
  },
];

/** The CloudFormation template of one case, as `cdk synth` writes it (`<stack>.template.json`). */
export function synthesize(entry: CorpusCase, outdir: string): unknown {
  const app = new App({ outdir });
  const stack = new Stack(app, 'DoctorCase');
  entry.build(stack);
  return app.synth().getStackByName('DoctorCase').template;
}
