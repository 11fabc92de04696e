import { existsSync, readFileSync } from 'node:fs';
import { Unknown } from '../../../engines/cloudformation/index.js';
import {
  type ChainModel,
  type ContainerNode,
  imageHost,
  type KeyNode,
  type NetworkPath,
  type RoleNode,
  type SecretNode,
} from '../../../engines/doctor/index.js';
import type { PasswordCredentials } from '../../../registry/client/index.js';
import { badInput } from '../../cli-error.js';
import type { DoctorOptions } from './doctor-command.js';
import { liveSubnets } from './live-network.js';
import { liveRole } from './live-role.js';
import { type LiveSecret, liveKey, liveSecret } from './live-secret.js';
import { registryLogin } from './registry-login.js';

interface LiveTaskDefinition {
  readonly taskDefinitionArn?: string;
  readonly family?: string;
  readonly executionRoleArn?: string;
  readonly requiresCompatibilities?: readonly string[];
  readonly containerDefinitions?: readonly {
    name?: string;
    image?: string;
    repositoryCredentials?: { credentialsParameter?: string };
  }[];
}

/**
 * A live account → the doctor's chain model, through the standard credential chain and AWS_ENDPOINT_URL (or
 * --endpoint-url), with read-only calls: ECS Describe*, IAM Get/List, Secrets Manager DescribeSecret/
 * GetResourcePolicy/GetSecretValue (the value only to check its shape and log in), KMS DescribeKey/GetKeyPolicy/
 * ListAliases, EC2 DescribeSubnets/DescribeRouteTables/DescribeVpcEndpoints (a service's network path, C13). The same code reads `berth up` and AWS. The model is complete: what is not found does not exist.
 */
export async function liveModel(options: DoctorOptions): Promise<ChainModel> {
  const [ecsSdk, iamSdk, secretsSdk, kmsSdk, ec2Sdk] = await Promise.all([
    import('@aws-sdk/client-ecs'),
    import('@aws-sdk/client-iam'),
    import('@aws-sdk/client-secrets-manager'),
    import('@aws-sdk/client-kms'),
    import('@aws-sdk/client-ec2'),
  ]);
  const region = options.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1';
  const config = { region, ...(options.endpointUrl === undefined ? {} : { endpoint: options.endpointUrl }) };
  const ecs = new ecsSdk.ECSClient(config);
  const ec2 = { client: new ec2Sdk.EC2Client(config), sdk: ec2Sdk };
  const iam = new iamSdk.IAMClient(config);
  const clients = { secrets: new secretsSdk.SecretsManagerClient(config), kms: new kmsSdk.KMSClient(config) };
  try {
    const { definition, networks } = await readTaskDefinition(ecs, ecsSdk, ec2, options);
    const account =
      options.accountId ??
      accountOf(definition.taskDefinitionArn) ??
      accountOf(definition.executionRoleArn) ??
      '000000000000';
    const roles: RoleNode[] = [];
    if (definition.executionRoleArn) {
      const role = await liveRole(iam, definition.executionRoleArn);
      if (role) roles.push(role);
    }
    const secrets: SecretNode[] = [];
    const keys: KeyNode[] = [];
    const containers: ContainerNode[] = [];
    for (const [index, c] of (definition.containerDefinitions ?? []).entries()) {
      const credentialsParameter = c.repositoryCredentials?.credentialsParameter;
      const found = credentialsParameter ? await secretFor(clients, credentialsParameter) : undefined;
      const secret = found?.node;
      if (secret && !secrets.some((s) => s.arn === secret.arn)) secrets.push(secret);
      if (secret?.kmsKeyId && typeof secret.kmsKeyId === 'string') {
        const key = await liveKey(clients, secret.kmsKeyId);
        if (!(key instanceof Unknown)) keys.push(key);
        else secrets[secrets.indexOf(secret)] = { ...secret, kmsKeyId: key };
      }
      const image = c.image ?? '';
      const location = {
        file: definition.taskDefinitionArn ?? options.taskDefinition ?? '',
        pointer: `/containerDefinitions/${index}`,
      };
      containers.push({
        name: c.name ?? `container ${index}`,
        image,
        ...(credentialsParameter ? { credentialsParameter } : {}),
        location,
        ...(await login(image, credentialsParameter, found?.login)),
      });
    }
    const name = definition.family ?? options.taskDefinition ?? 'task definition';
    return {
      account,
      region,
      partition: 'aws',
      complete: true,
      taskDefinitions: [
        {
          name,
          ...(definition.executionRoleArn ? { executionRoleArn: definition.executionRoleArn } : {}),
          fargate: (definition.requiresCompatibilities ?? []).includes('FARGATE'),
          containers,
          networks,
          location: { file: definition.taskDefinitionArn ?? name, pointer: '' },
        },
      ],
      roles,
      secrets,
      keys,
    };
  } finally {
    for (const client of [ecs, ec2.client, iam, clients.secrets, clients.kms]) client.destroy();
  }
}

function accountOf(arn: string | undefined): string | undefined {
  const account = arn?.split(':')[4];
  return account && /^\d{12}$/.test(account) ? account : undefined;
}

async function secretFor(
  clients: Parameters<typeof liveSecret>[0],
  id: string,
): Promise<LiveSecret | undefined> {
  try {
    return await liveSecret(clients, id);
  } catch (error) {
    // Refused or malformed (C8's ValidationException): the rules decide from the parameter itself.
    if ((error as { name?: string }).name === 'ValidationException') return undefined;
    throw error;
  }
}

/** C11/C12 live: log in to a non-ECR registry as the agent would, with the secret's credentials or anonymously. */
async function login(
  image: string,
  credentialsParameter: string | undefined,
  credentials: PasswordCredentials | undefined,
) {
  const host = imageHost(image);
  if (host.kind === 'ecr' || image === '') return {};
  if (credentialsParameter === undefined) {
    const anonymous = await registryLogin(image, undefined);
    return anonymous.outcome === 'ok' ? {} : { anonymousPull: anonymous };
  }
  return credentials ? { registryLogin: await registryLogin(image, credentials) } : {};
}

async function readTaskDefinition(
  ecs: import('@aws-sdk/client-ecs').ECSClient,
  sdk: typeof import('@aws-sdk/client-ecs'),
  ec2: { client: import('@aws-sdk/client-ec2').EC2Client; sdk: typeof import('@aws-sdk/client-ec2') },
  options: DoctorOptions,
): Promise<{ definition: LiveTaskDefinition; networks: NetworkPath[] }> {
  let id = options.taskDefinition;
  const networks: NetworkPath[] = [];
  if (options.service !== undefined) {
    const { services } = await ecs.send(
      new sdk.DescribeServicesCommand({ cluster: options.cluster, services: [options.service] }),
    );
    const service = services?.[0];
    if (!service) throw badInput(`no service ${options.service} in cluster ${options.cluster}`);
    id ??= service.taskDefinition;
    const awsvpc = service.networkConfiguration?.awsvpcConfiguration;
    if (awsvpc) {
      networks.push({
        name: `service ${options.service}`,
        assignPublicIp: awsvpc.assignPublicIp === 'ENABLED',
        subnets: await liveSubnets(ec2.client, ec2.sdk, awsvpc.subnets ?? [], service.serviceArn ?? ''),
        location: { file: service.serviceArn ?? options.service, pointer: '/networkConfiguration' },
      });
    }
  }
  if (id === undefined) throw badInput('give --task-definition or --service');
  if (id.endsWith('.json') && existsSync(id)) {
    const parsed = JSON.parse(readFileSync(id, 'utf8')) as {
      taskDefinition?: LiveTaskDefinition;
    } & LiveTaskDefinition;
    return { definition: parsed.taskDefinition ?? parsed, networks };
  }
  try {
    const { taskDefinition } = await ecs.send(new sdk.DescribeTaskDefinitionCommand({ taskDefinition: id }));
    return { definition: taskDefinition as LiveTaskDefinition, networks };
  } catch (error) {
    if ((error as { name?: string }).name === 'ClientException')
      throw badInput(`${id}: ${(error as Error).message}`);
    throw error;
  }
}
