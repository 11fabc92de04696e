import {
  type CloudFormationTemplate,
  type TemplateResource,
  type TemplateValue,
  Unknown,
} from '../../../engines/cloudformation/index.js';
import {
  type ChainModel,
  type ContainerNode,
  defaultKeyPolicy,
  type KeyNode,
  type Maybe,
  type PolicyDocument,
  type RoleNode,
  type SecretNode,
  type SecretValueShape,
  type TaskDefinitionNode,
} from '../../../engines/doctor/index.js';
import { findAwsManagedPolicy } from '../../../engines/iam/index.js';
import { templateNetworks } from './template-network.js';
import { list, ofType, record, text } from './template-values.js';

/**
 * A resolved CloudFormation template → the doctor's chain model (ref cloudformation-cdk §5.2, §5.3 for the
 * properties): task definitions with their containers, roles with inline policies, AWS::IAM::Policy and
 * ManagedPolicy attachments and AWS managed policies from the catalogue, secrets with their resource policies and
 * value shapes, KMS keys with aliases and key policies, and the services' network paths.
 */
export function templateModel(template: CloudFormationTemplate, file: string): ChainModel {
  const { resources, scope } = template;
  const at = (pointer: string) => ({ file, pointer });
  // A role, secret or key whose ARN is not known cannot be matched to references; those references stay Unknown.
  const named = (r: TemplateResource, attribute: string) =>
    typeof template.attribute(r.logicalId, attribute) === 'string';
  const roles = ofType(resources, 'AWS::IAM::Role')
    .filter((role) => named(role, 'Arn'))
    .map((role) => roleNode(template, role, at(role.pointer)));
  const secrets = ofType(resources, 'AWS::SecretsManager::Secret')
    .filter((secret) => named(secret, 'Id'))
    .map((s) => secretNode(template, s, at(s.pointer)));
  const keys = ofType(resources, 'AWS::KMS::Key').map((key): KeyNode => {
    const aliases = ofType(resources, 'AWS::KMS::Alias')
      .filter((alias) =>
        [template.ref(key.logicalId), template.attribute(key.logicalId, 'Arn')].includes(
          alias.properties.TargetKeyId!,
        ),
      )
      .map((alias) => text(alias.properties.AliasName))
      .filter((name): name is string => typeof name === 'string');
    return {
      arn: template.attribute(key.logicalId, 'Arn') as string,
      keyId: template.ref(key.logicalId) as string,
      aliases,
      policy: key.properties.KeyPolicy ?? defaultKeyPolicy(scope.partition, scope.accountId),
      awsManaged: false,
      location: at(key.pointer),
    };
  });
  const networks = templateNetworks(template, file);
  const taskDefinitions = ofType(resources, 'AWS::ECS::TaskDefinition').map((task): TaskDefinitionNode => {
    const p = task.properties;
    const executionRoleArn = text(p.ExecutionRoleArn);
    const ref = template.ref(task.logicalId);
    return {
      name: typeof p.Family === 'string' ? p.Family : task.logicalId,
      ...(executionRoleArn === undefined ? {} : { executionRoleArn }),
      fargate: list(p.RequiresCompatibilities).includes('FARGATE'),
      containers: list(p.ContainerDefinitions).map((definition, index) =>
        containerNode(record(definition), at(`${task.pointer}/Properties/ContainerDefinitions/${index}`)),
      ),
      networks: networks.filter((n) => n.taskDefinition === ref).map((n) => n.path),
      location: at(task.pointer),
    };
  });
  return {
    account: scope.accountId,
    region: scope.region,
    partition: scope.partition,
    complete: false,
    taskDefinitions,
    roles,
    secrets,
    keys,
  };
}

function containerNode(
  definition: Readonly<Record<string, TemplateValue>>,
  location: ContainerNode['location'],
): ContainerNode {
  const credentials = text(record(definition.RepositoryCredentials).CredentialsParameter);
  return {
    name: typeof definition.Name === 'string' ? definition.Name : '(unnamed)',
    image: text(definition.Image) ?? '',
    ...(credentials === undefined ? {} : { credentialsParameter: credentials }),
    location,
  };
}

/** A managed policy by ARN: AWS's from berth's catalogue, the template's own, or Unknown. */
function managedPolicy(
  template: CloudFormationTemplate,
  arn: TemplateValue,
  pointer: string,
): PolicyDocument {
  const name = typeof arn === 'string' ? arn : 'a managed policy';
  if (arn instanceof Unknown) return { name, document: arn };
  const aws = typeof arn === 'string' ? findAwsManagedPolicy(arn) : undefined;
  if (aws) return { name: aws.name, document: aws.document };
  const own = ofType(template.resources, 'AWS::IAM::ManagedPolicy').find(
    (m) => template.ref(m.logicalId) === arn,
  );
  if (own) return { name: own.logicalId, document: own.properties.PolicyDocument ?? null };
  return {
    name,
    document: new Unknown(`the managed policy ${name} is not in berth's catalogue or the template`, pointer),
  };
}

function roleNode(
  template: CloudFormationTemplate,
  role: TemplateResource,
  location: RoleNode['location'],
): RoleNode {
  const p = role.properties;
  const name = template.ref(role.logicalId);
  const inline = list(p.Policies).map((policy, index): PolicyDocument => {
    const r = record(policy);
    return { name: String(text(r.PolicyName) ?? `Policies/${index}`), document: r.PolicyDocument ?? null };
  });
  const managed = list(p.ManagedPolicyArns).map((arn) =>
    managedPolicy(template, arn, `${role.pointer}/Properties/ManagedPolicyArns`),
  );
  // AWS::IAM::Policy and ManagedPolicy attach themselves to roles by name (CDK's "DefaultPolicy").
  const attached = [
    ...ofType(template.resources, 'AWS::IAM::Policy'),
    ...ofType(template.resources, 'AWS::IAM::ManagedPolicy'),
  ]
    .filter((policy) => list(policy.properties.Roles).includes(name))
    .map(
      (policy): PolicyDocument => ({
        name: policy.logicalId,
        document: policy.properties.PolicyDocument ?? null,
      }),
    );
  const boundary =
    p.PermissionsBoundary === undefined
      ? undefined
      : managedPolicy(template, p.PermissionsBoundary, `${role.pointer}/Properties/PermissionsBoundary`);
  return {
    arn: template.attribute(role.logicalId, 'Arn') as string,
    name: String(name),
    trustPolicy: (p.AssumeRolePolicyDocument ?? null) as Maybe<unknown>,
    policies: [...inline, ...managed, ...attached],
    ...(boundary ? { boundary } : {}),
    location,
  };
}

function secretNode(
  template: CloudFormationTemplate,
  secret: TemplateResource,
  location: SecretNode['location'],
): SecretNode {
  const p = secret.properties;
  const arn = template.ref(secret.logicalId);
  const policies = ofType(template.resources, 'AWS::SecretsManager::ResourcePolicy').filter(
    (r) => r.properties.SecretId === arn,
  );
  const kmsKeyId = text(p.KmsKeyId);
  const name = typeof arn === 'string' ? arn.slice(arn.indexOf(':secret:') + 8, -7) : secret.logicalId;
  return {
    arn: String(arn),
    name,
    ...(kmsKeyId === undefined ? {} : { kmsKeyId }),
    ...(policies[0] ? { resourcePolicy: policies[0].properties.ResourcePolicy ?? null } : {}),
    value: secretValue(p),
    location,
  };
}

function secretValue(p: Readonly<Record<string, TemplateValue>>): Maybe<SecretValueShape> {
  const secretString = text(p.SecretString);
  if (secretString !== undefined)
    return secretString instanceof Unknown ? secretString : { kind: 'string', text: secretString };
  if (p.GenerateSecretString === undefined) return { kind: 'none' };
  const generate = record(p.GenerateSecretString);
  const template = text(generate.SecretStringTemplate);
  const key = text(generate.GenerateStringKey);
  if (template instanceof Unknown) return template;
  if (key instanceof Unknown) return key;
  return {
    kind: 'generated',
    ...(template === undefined ? {} : { template }),
    ...(key === undefined ? {} : { key }),
  };
}
