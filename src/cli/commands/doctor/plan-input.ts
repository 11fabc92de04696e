import { Unknown } from '../../../engines/cloudformation/index.js';
import type {
  ChainModel,
  ContainerNode,
  KeyNode,
  Maybe,
  PolicyDocument,
  RoleNode,
  SecretNode,
} from '../../../engines/doctor/index.js';
import { defaultKeyPolicy } from '../../../engines/doctor/index.js';
import { findAwsManagedPolicy } from '../../../engines/iam/index.js';
import { networkPath } from './plan-network.js';
import { array, object, type PlanResource, planError, readPlan } from './plan-resources.js';

/**
 * A Terraform JSON plan → the doctor's chain model: the AWS provider's resources for the chain (issue 15's list),
 * with JSON-string attributes (container_definitions, policies) parsed. ARNs known only after apply are rebuilt
 * where the name decides them (an IAM role), or get the secret placeholder suffix; other references are matched by
 * the configuration's reference symbols.
 */
export function planModel(
  text: string,
  file: string,
  scope: { accountId: string; region: string },
): ChainModel {
  const resources = readPlan(text);
  const of = (type: string) => resources.filter((r) => r.type === type);
  const at = (r: PlanResource) => ({ file, pointer: r.address });
  const str = (r: PlanResource, name: string): Maybe<string> | undefined => {
    const value = r.attr(name);
    return typeof value === 'string' || value instanceof Unknown ? value : undefined;
  };
  const partition = 'aws';

  const roles = of('aws_iam_role').map((role): RoleNode => {
    const name = String(str(role, 'name') ?? role.address);
    const arn =
      known(str(role, 'arn')) ??
      `arn:${partition}:iam::${scope.accountId}:role${String(str(role, 'path') ?? '/')}${name}`;
    const matches = (value: unknown) =>
      value === name ||
      value === arn ||
      value === `(known after apply: ${role.address}.name)` ||
      value === `(known after apply: ${role.address}.id)`;
    const inline = array(role.attr('inline_policy')).map(
      (p, i): PolicyDocument => ({
        name: String(object(p).name ?? `inline_policy/${i}`),
        document: json(object(p).policy, `${role.address}.inline_policy`),
      }),
    );
    const rolePolicies = of('aws_iam_role_policy')
      .filter((p) => matches(p.attr('role')))
      .map(
        (p): PolicyDocument => ({
          name: String(str(p, 'name') ?? p.address),
          document: json(p.attr('policy'), p.address),
        }),
      );
    const attachedArns = [
      ...array(role.attr('managed_policy_arns')),
      ...of('aws_iam_role_policy_attachment')
        .filter((a) => matches(a.attr('role')))
        .map((a) => a.attr('policy_arn')),
    ];
    const boundary = role.attr('permissions_boundary');
    return {
      arn,
      name,
      trustPolicy: json(role.attr('assume_role_policy'), `${role.address}.assume_role_policy`),
      policies: [
        ...inline,
        ...rolePolicies,
        ...attachedArns.map((a) => managed(a, of('aws_iam_policy'), role.address)),
      ],
      ...(typeof boundary === 'string'
        ? { boundary: managed(boundary, of('aws_iam_policy'), role.address) }
        : {}),
      location: at(role),
    };
  });

  const secrets = of('aws_secretsmanager_secret').map((secret): SecretNode => {
    const name = String(str(secret, 'name') ?? secret.address);
    const arn =
      known(str(secret, 'arn')) ??
      `arn:${partition}:secretsmanager:${scope.region}:${scope.accountId}:secret:${name}-PHLDR0`;
    const ids = [
      arn,
      str(secret, 'arn'),
      str(secret, 'id'),
      `(known after apply: ${secret.address}.arn)`,
      `(known after apply: ${secret.address}.id)`,
    ];
    const version = of('aws_secretsmanager_secret_version').find((v) =>
      ids.includes(v.attr('secret_id') as string),
    );
    const policy = of('aws_secretsmanager_secret_policy').find((p) =>
      ids.includes(p.attr('secret_arn') as string),
    );
    const inlinePolicy = secret.attr('policy');
    const kmsKeyId = str(secret, 'kms_key_id');
    return {
      arn,
      name,
      ...(kmsKeyId === undefined ? {} : { kmsKeyId }),
      ...(policy
        ? { resourcePolicy: json(policy.attr('policy'), policy.address) }
        : typeof inlinePolicy === 'string' && inlinePolicy !== ''
          ? { resourcePolicy: json(inlinePolicy, secret.address) }
          : {}),
      value: secretValue(version),
      location: at(secret),
    };
  });

  const keys = of('aws_kms_key').map((key): KeyNode => {
    const keyId = String(str(key, 'key_id') ?? `(known after apply: ${key.address}.key_id)`);
    const arn = known(str(key, 'arn')) ?? `(known after apply: ${key.address}.arn)`;
    const policy = key.attr('policy');
    return {
      arn,
      keyId,
      aliases: of('aws_kms_alias')
        .filter((a) => [keyId, arn].includes(a.attr('target_key_id') as string))
        .map((a) => String(a.attr('name'))),
      policy:
        policy === undefined
          ? defaultKeyPolicy(partition, scope.accountId)
          : json(policy, `${key.address}.policy`),
      awsManaged: false,
      location: at(key),
    };
  });

  const networks = of('aws_ecs_service').flatMap((service) =>
    array(service.attr('network_configuration')).map((config) => ({
      taskDefinition: service.attr('task_definition'),
      path: networkPath(service, object(config), resources, file),
    })),
  );

  const taskDefinitions = of('aws_ecs_task_definition').map((task) => {
    const executionRoleArn = str(task, 'execution_role_arn');
    const ids = [str(task, 'arn'), str(task, 'family'), `(known after apply: ${task.address}.arn)`];
    return {
      name: String(str(task, 'family') ?? task.address),
      ...(executionRoleArn === undefined ? {} : { executionRoleArn: roleReference(executionRoleArn, roles) }),
      fargate: array(task.attr('requires_compatibilities')).includes('FARGATE'),
      containers: containers(task, file),
      networks: networks
        .filter(
          (n) =>
            ids.includes(n.taskDefinition as string) || String(n.taskDefinition).startsWith(`${ids[1]}:`),
        )
        .map((n) => n.path),
      location: at(task),
    };
  });
  return {
    account: scope.accountId,
    region: scope.region,
    partition,
    complete: false,
    taskDefinitions,
    roles,
    secrets,
    keys,
  };
}

function known(value: Maybe<string> | undefined): string | undefined {
  return typeof value === 'string' && !value.startsWith('(known after apply') ? value : undefined;
}

/** An execution role ARN that is a reference symbol → the ARN the role was given above. */
function roleReference(value: Maybe<string>, roles: readonly RoleNode[]): Maybe<string> {
  if (typeof value !== 'string' || !value.startsWith('(known after apply: ')) return value;
  const address = value.slice('(known after apply: '.length, value.lastIndexOf('.'));
  const role = roles.find((r) => r.location.pointer === address);
  return role?.arn ?? new Unknown(`${value} is not a role of the plan`, address);
}

/** A JSON-string attribute (policies), parsed; Unknown when not known before apply. */
function json(value: unknown, where: string): Maybe<unknown> {
  if (value instanceof Unknown) return value;
  if (typeof value !== 'string') return new Unknown(`${where} is not in the plan`, where);
  if (value.startsWith('(known after apply')) return new Unknown(`${where} is known only after apply`, where);
  try {
    return JSON.parse(value);
  } catch {
    throw planError(`${where} is not a JSON document`);
  }
}

function managed(arn: unknown, policies: readonly PlanResource[], where: string): PolicyDocument {
  if (typeof arn !== 'string')
    return {
      name: 'a managed policy',
      document: new Unknown(`a managed policy of ${where} is known only after apply`, where),
    };
  const aws = findAwsManagedPolicy(arn);
  if (aws) return { name: aws.name, document: aws.document };
  const own = policies.find((p) => p.attr('arn') === arn);
  if (own)
    return { name: String(own.attr('name') ?? own.address), document: json(own.attr('policy'), own.address) };
  return {
    name: arn,
    document: new Unknown(`the managed policy ${arn} is not in berth's catalogue or the plan`, where),
  };
}

function secretValue(version: PlanResource | undefined): SecretNode['value'] {
  if (version === undefined) return { kind: 'none' };
  const text = version.attr('secret_string');
  if (text instanceof Unknown) return text;
  if (typeof text === 'string' && !text.startsWith('(known after apply')) return { kind: 'string', text };
  if (version.attr('secret_binary') !== undefined) return { kind: 'binary' };
  return new Unknown(`${version.address}.secret_string is known only after apply`, version.address);
}

function containers(task: PlanResource, file: string): ContainerNode[] {
  const raw = task.attr('container_definitions');
  const location = { file, pointer: `${task.address}.container_definitions` };
  if (raw instanceof Unknown || typeof raw !== 'string' || raw.startsWith('(known after apply')) {
    return [
      {
        name: '(container_definitions)',
        image: new Unknown(`${task.address}.container_definitions is known only after apply`, task.address),
        credentialsParameter: new Unknown(
          `${task.address}.container_definitions is known only after apply`,
          task.address,
        ),
        location,
      },
    ];
  }
  const parsed = json(raw, location.pointer);
  if (!Array.isArray(parsed))
    throw planError(`${location.pointer} is not a JSON list of container definitions`);
  return parsed.map((item: unknown, index) => {
    const definition = object(item);
    const credentials = object(definition.repositoryCredentials).credentialsParameter;
    return {
      name: typeof definition.name === 'string' ? definition.name : `container ${index}`,
      image: typeof definition.image === 'string' ? definition.image : '',
      ...(typeof credentials === 'string' ? { credentialsParameter: credentials } : {}),
      location: { file, pointer: `${location.pointer}[${index}]` },
    };
  });
}
