import { createHash } from 'node:crypto';
import { stringOrUnknown, type TemplateValue, Unknown } from './template-value.js';

/** Where the stack is: what `AWS::AccountId`, `AWS::Region`, … are, and the stack's name. */
export interface StackScope {
  readonly accountId: string;
  readonly region: string;
  readonly partition: string;
  readonly stackName: string;
}

/**
 * The six characters Secrets Manager appends to a secret's name are random and known only after create (ref
 * cloudformation-cdk §5.2). A template's secret gets this placeholder instead: the ARN then has the right shape, so a
 * policy on `name-??????` matches it as it will match the real one, and readers can tell it is a placeholder.
 */
export const placeholderSecretSuffix = 'PHLDR0';

/** The random part of names CloudFormation generates (`<stack>-<logicalId>-<RANDOM>`, §5.2), as a placeholder. */
const generatedSuffix = 'PLACEHOLDER';

type Attributes = Readonly<Record<string, TemplateValue>>;

/** A resource's `Ref` value and its `Fn::GetAtt` attributes, known before deploy or placeholders of the right shape. */
export interface PhysicalValues {
  readonly ref: TemplateValue;
  readonly attributes: Attributes;
}

/** A resource property, resolved when asked for (only name properties are, so that no cycle is followed). */
export type PropertyReader = (name: string) => TemplateValue | undefined;
type Describe = (logicalId: string, p: PropertyReader, scope: StackScope) => PhysicalValues;

/** A name property, or the name CloudFormation generates, at most `max` characters. */
function nameOf(value: TemplateValue | undefined, logicalId: string, scope: StackScope, max = 64) {
  const given = stringOrUnknown(value);
  if (given !== undefined) return given;
  return `${scope.stackName}-${logicalId}`.slice(0, max - generatedSuffix.length - 1) + `-${generatedSuffix}`;
}

/** An IAM path property, `/` by default. */
function pathOf(value: TemplateValue | undefined): string | Unknown {
  return stringOrUnknown(value) ?? '/';
}

function hex(logicalId: string, length: number): string {
  return createHash('sha256').update(logicalId).digest('hex').slice(0, length);
}

/** `arn:<partition>:<service>:<region>:<account>:<resource>`, or the Unknown inside the resource part. */
function arn(scope: StackScope, service: string, region: string, resource: string | Unknown): TemplateValue {
  if (resource instanceof Unknown) return resource;
  return `arn:${scope.partition}:${service}:${region}:${scope.accountId}:${resource}`;
}

function joined(...parts: (string | Unknown)[]): string | Unknown {
  const unknown = parts.find((part): part is Unknown => part instanceof Unknown);
  return unknown ?? parts.join('');
}

const ec2Id =
  (prefix: string, idAttribute?: string): Describe =>
  (logicalId) => {
    const id = `${prefix}-${hex(logicalId, 17)}`;
    return { ref: id, attributes: idAttribute === undefined ? {} : { [idAttribute]: id } };
  };

/** ref cloudformation-cdk §5.2, one row per type. */
const describers: Readonly<Record<string, Describe>> = {
  'AWS::IAM::Role': (id, p, s) => {
    const name = nameOf(p('RoleName'), id, s);
    const path = pathOf(p('Path'));
    return { ref: name, attributes: { Arn: arn(s, 'iam', '', joined('role', path, name)) } };
  },
  'AWS::IAM::ManagedPolicy': (id, p, s) => {
    const path = pathOf(p('Path'));
    const policyArn = arn(s, 'iam', '', joined('policy', path, nameOf(p('ManagedPolicyName'), id, s, 128)));
    return { ref: policyArn, attributes: { PolicyArn: policyArn } };
  },
  'AWS::IAM::Policy': (id, p, s) => ({ ref: nameOf(p('PolicyName'), id, s, 128), attributes: {} }),
  'AWS::KMS::Key': (id, _p, s) => {
    const keyId = `${hex(id, 8)}-${hex(`${id}/1`, 4)}-4${hex(`${id}/2`, 3)}-8${hex(`${id}/3`, 3)}-${hex(`${id}/4`, 12)}`;
    return { ref: keyId, attributes: { Arn: arn(s, 'kms', s.region, `key/${keyId}`), KeyId: keyId } };
  },
  'AWS::KMS::Alias': (_id, p) => ({ ref: stringOrUnknown(p('AliasName')) ?? null, attributes: {} }),
  'AWS::SecretsManager::Secret': (id, p, s) => {
    const name = nameOf(p('Name'), id, s, 512);
    const secretArn = arn(
      s,
      'secretsmanager',
      s.region,
      joined('secret:', name, `-${placeholderSecretSuffix}`),
    );
    return { ref: secretArn, attributes: { Id: secretArn } };
  },
  'AWS::ECS::TaskDefinition': (id, p, s) => {
    const family = nameOf(p('Family'), id, s, 255);
    const definitionArn = arn(s, 'ecs', s.region, joined('task-definition/', family, ':1'));
    return { ref: definitionArn, attributes: { TaskDefinitionArn: definitionArn } };
  },
  'AWS::ECS::Cluster': (id, p, s) => {
    const name = nameOf(p('ClusterName'), id, s, 255);
    return { ref: name, attributes: { Arn: arn(s, 'ecs', s.region, joined('cluster/', name)) } };
  },
  'AWS::ECS::Service': (id, p, s) => {
    const name = nameOf(p('ServiceName'), id, s, 255);
    const serviceArn = arn(s, 'ecs', s.region, joined('service/', name));
    return { ref: serviceArn, attributes: { Name: name, ServiceArn: serviceArn } };
  },
  'AWS::Logs::LogGroup': (id, p, s) => {
    const name = nameOf(p('LogGroupName'), id, s, 512);
    return { ref: name, attributes: { Arn: arn(s, 'logs', s.region, joined('log-group:', name, ':*')) } };
  },
  'AWS::ECR::Repository': (id, p, s) => {
    const name = nameOf(p('RepositoryName'), id, s, 256);
    return {
      ref: name,
      attributes: {
        Arn: arn(s, 'ecr', s.region, joined('repository/', name)),
        RepositoryUri: joined(`${s.accountId}.dkr.ecr.${s.region}.amazonaws.com/`, name),
      },
    };
  },
  'AWS::EC2::VPC': ec2Id('vpc', 'VpcId'),
  'AWS::EC2::Subnet': (id, p) => {
    const subnetId = `subnet-${hex(id, 17)}`;
    return { ref: subnetId, attributes: { SubnetId: subnetId, VpcId: p('VpcId') ?? null } };
  },
  'AWS::EC2::RouteTable': ec2Id('rtb', 'RouteTableId'),
  'AWS::EC2::InternetGateway': ec2Id('igw', 'InternetGatewayId'),
  'AWS::EC2::NatGateway': ec2Id('nat', 'NatGatewayId'),
  'AWS::EC2::SecurityGroup': (id, p) => {
    const groupId = `sg-${hex(id, 17)}`;
    return { ref: groupId, attributes: { GroupId: groupId, VpcId: p('VpcId') ?? null } };
  },
  'AWS::EC2::VPCEndpoint': ec2Id('vpce', 'Id'),
  'AWS::EC2::EIP': (id) => ({ ref: '198.51.100.1', attributes: { AllocationId: `eipalloc-${hex(id, 17)}` } }),
};

/** The Ref value and attributes of a resource; for a type berth does not model, both are Unknown. */
export function physicalValues(
  type: string,
  logicalId: string,
  property: PropertyReader,
  scope: StackScope,
  pointer: string,
): PhysicalValues | Unknown {
  const describe = describers[type];
  if (describe === undefined) return new Unknown(`berth does not model the values of ${type}`, pointer);
  return describe(logicalId, property, scope);
}
