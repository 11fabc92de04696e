// Terraform JSON plans for the doctor, written from Terraform's documented "JSON Output Format" (format_version 1.2:
// planned_values.root_module.resources[].values, resource_changes[].change.after_unknown, configuration's
// expressions[].references) with the AWS provider's attribute names. One correct base and one mutation per rule
// (ref peers-and-misconfigurations §C), as the CDK corpus has.
import { defaultKeyPolicy } from '../../src/engines/doctor/index.js';
import { allowing, trustFor } from '../../src/testing/doctor-policies.js';

export interface PlanResource {
  readonly type: string;
  readonly name: string;
  values: Record<string, unknown>;
  /** Attributes known only after apply, with the configuration references that feed them. */
  unknown: Record<string, string[]>;
}

const account = '111122223333';
const secretArn = `arn:aws:secretsmanager:us-east-1:${account}:secret:registry/ghcr-AbC123`;
const keyArn = `arn:aws:kms:us-east-1:${account}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const roleArn = `arn:aws:iam::${account}:role/web-execution`;

const trust = (service: string) => JSON.stringify(trustFor(service));
const allow = (action: string, resource: string) => JSON.stringify(allowing(action, resource));

function resource(
  type: string,
  name: string,
  values: Record<string, unknown>,
  unknown: Record<string, string[]> = {},
): PlanResource {
  return { type, name, values, unknown };
}

function containers(image: string, credentialsParameter?: string): string {
  return JSON.stringify([
    {
      name: 'web',
      image,
      essential: true,
      ...(credentialsParameter === undefined ? {} : { repositoryCredentials: { credentialsParameter } }),
    },
  ]);
}

/** An existing setup being changed: ARNs are known (the common `terraform plan` against live infrastructure). */
export function basePlan(): PlanResource[] {
  return [
    resource('aws_iam_role', 'execution', {
      name: 'web-execution',
      path: '/',
      arn: roleArn,
      assume_role_policy: trust('ecs-tasks.amazonaws.com'),
    }),
    resource('aws_iam_role_policy', 'read_registry', {
      name: 'read-registry',
      role: 'web-execution',
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: secretArn },
          { Effect: 'Allow', Action: 'kms:Decrypt', Resource: keyArn },
        ],
      }),
    }),
    resource('aws_kms_key', 'registry', {
      arn: keyArn,
      key_id: '1234abcd-12ab-34cd-56ef-1234567890ab',
      policy: JSON.stringify(defaultKeyPolicy('aws', account)),
    }),
    resource('aws_secretsmanager_secret', 'registry', {
      name: 'registry/ghcr',
      arn: secretArn,
      id: secretArn,
      kms_key_id: keyArn,
      policy: '',
    }),
    resource('aws_secretsmanager_secret_version', 'registry', {
      secret_id: secretArn,
      secret_string: JSON.stringify({ username: 'bot', password: 'ghp_0123456789' }),
    }),
    resource('aws_ecs_task_definition', 'web', {
      family: 'web',
      requires_compatibilities: ['FARGATE'],
      network_mode: 'awsvpc',
      cpu: '256',
      memory: '512',
      execution_role_arn: roleArn,
      container_definitions: containers('ghcr.io/acme/web:1', secretArn),
    }),
  ];
}

/** A plan that creates everything: ids and ARNs are known after apply, linked by configuration references. */
export function createPlan(): PlanResource[] {
  return [
    resource(
      'aws_iam_role',
      'execution',
      { name: 'web-execution', path: '/', assume_role_policy: trust('ecs-tasks.amazonaws.com') },
      { arn: [], id: [] },
    ),
    resource('aws_iam_role_policy_attachment', 'managed', {
      role: 'web-execution',
      policy_arn: 'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy',
    }),
    resource(
      'aws_ecs_task_definition',
      'web',
      {
        family: 'web',
        requires_compatibilities: ['FARGATE'],
        container_definitions: containers('public.ecr.aws/nginx/nginx:1'),
      },
      { execution_role_arn: ['aws_iam_role.execution.arn', 'aws_iam_role.execution'], arn: [] },
    ),
    resource('aws_subnet', 'private', { vpc_id: 'vpc-0abc' }, { id: [] }),
    resource(
      'aws_route_table',
      'private',
      {
        vpc_id: 'vpc-0abc',
        route: [{ cidr_block: '0.0.0.0/0', nat_gateway_id: 'nat-0abc', gateway_id: '' }],
      },
      { id: [] },
    ),
    resource(
      'aws_route_table_association',
      'private',
      {},
      {
        subnet_id: ['aws_subnet.private.id', 'aws_subnet.private'],
        route_table_id: ['aws_route_table.private.id', 'aws_route_table.private'],
      },
    ),
    resource(
      'aws_ecs_service',
      'web',
      { name: 'web', network_configuration: [{ assign_public_ip: false }] },
      {
        task_definition: ['aws_ecs_task_definition.web.arn', 'aws_ecs_task_definition.web'],
      },
    ),
  ];
}

/** `terraform show -json` of these resources. */
export function planJson(resources: readonly PlanResource[]): string {
  // Every section names a resource the same way.
  const head = (r: PlanResource) => ({
    address: `${r.type}.${r.name}`,
    mode: 'managed',
    type: r.type,
    name: r.name,
  });
  // A list attribute holding references (network_configuration.subnets) is written by the caller into values.
  return JSON.stringify({
    format_version: '1.2',
    terraform_version: '1.9.8',
    planned_values: {
      root_module: {
        resources: resources.map((r) => ({
          ...head(r),
          provider_name: 'registry.terraform.io/hashicorp/aws',
          schema_version: 0,
          values: r.values,
          sensitive_values: {},
        })),
      },
    },
    resource_changes: resources.map((r) => ({
      ...head(r),
      change: {
        actions: Object.keys(r.unknown).length > 0 ? ['create'] : ['update'],
        before: null,
        after: r.values,
        after_unknown: Object.fromEntries(Object.keys(r.unknown).map((key) => [key, true])),
      },
    })),
    configuration: {
      root_module: {
        resources: resources.map((r) => ({
          ...head(r),
          expressions: Object.fromEntries(
            Object.entries(r.unknown)
              .filter(([, references]) => references.length > 0)
              .map(([key, references]) => [key, { references }]),
          ),
        })),
      },
    },
  });
}

export const planFacts = { account, secretArn, keyArn, roleArn, trust, allow, containers } as const;
