import {
  AttachRolePolicyCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  DeletePolicyCommand,
  DeletePolicyVersionCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  GetRoleCommand,
  IAMClient,
  ListPolicyVersionsCommand,
  PutRolePolicyCommand,
  UpdateAssumeRolePolicyCommand,
  UpdateRoleCommand,
} from '@aws-sdk/client-iam';
import { ProvisionError } from '../../services/cloudformation/index.js';
import {
  isNotFound,
  type Properties,
  type ProviderCall,
  policyText,
  type ResourceProvider,
  tagList,
  text,
  using,
} from './provider.js';

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.map((v) => String(v)) : []);
const inlinePolicies = (value: unknown) =>
  (Array.isArray(value) ? value : []).map((p: { PolicyName?: unknown; PolicyDocument?: unknown }) => ({
    name: String(p.PolicyName),
    document: policyText(p.PolicyDocument) ?? '{}',
  }));

/** Runs an IAM call; its error message (IAM's own text) becomes the resource's reason. */
const iam = using(IAMClient);

const ignoreMissing = (error: unknown) => {
  if (!isNotFound(error, 'NoSuchEntityException', 'NoSuchEntity')) throw error;
};

/** Inline policies and managed-policy attachments brought from `previous` to `next`. */
async function syncRolePolicies(role: string, next: Properties, previous: Properties, call: ProviderCall) {
  const before = inlinePolicies(previous.Policies);
  const after = inlinePolicies(next.Policies);
  for (const p of before) {
    if (!after.some((q) => q.name === p.name)) {
      await iam(call, (c) => c.send(new DeleteRolePolicyCommand({ RoleName: role, PolicyName: p.name })));
    }
  }
  for (const p of after) {
    await iam(call, (c) =>
      c.send(new PutRolePolicyCommand({ RoleName: role, PolicyName: p.name, PolicyDocument: p.document })),
    );
  }
  const wasAttached = strings(previous.ManagedPolicyArns);
  const attached = strings(next.ManagedPolicyArns);
  for (const arn of wasAttached) {
    if (!attached.includes(arn)) {
      await iam(call, (c) => c.send(new DetachRolePolicyCommand({ RoleName: role, PolicyArn: arn })));
    }
  }
  for (const arn of attached) {
    if (!wasAttached.includes(arn)) {
      await iam(call, (c) => c.send(new AttachRolePolicyCommand({ RoleName: role, PolicyArn: arn })));
    }
  }
}

/**
 * AWS::IAM::Role (Ref = name; GetAtt Arn, RoleId), AWS::IAM::Policy (inline policies put on roles; Ref = a generated
 * id) and AWS::IAM::ManagedPolicy (Ref = ARN), through IAM's API as the stack's credentials (ref cloudformation-cdk
 * §5.2, §8.2). RoleName and Path are create-only (cfn-lint provider schemas).
 */
const role: ResourceProvider = {
  createOnly: ['RoleName', 'Path'],
  create: async (properties, call) => {
    const name = text(properties.RoleName) ?? call.generatedName(64);
    const out = await iam(call, (c) =>
      c.send(
        new CreateRoleCommand({
          RoleName: name,
          AssumeRolePolicyDocument: policyText(properties.AssumeRolePolicyDocument) ?? '{}',
          ...(text(properties.Path) ? { Path: text(properties.Path) } : {}),
          ...(text(properties.Description) ? { Description: text(properties.Description) } : {}),
          ...(properties.MaxSessionDuration
            ? { MaxSessionDuration: Number(properties.MaxSessionDuration) }
            : {}),
          ...(text(properties.PermissionsBoundary)
            ? { PermissionsBoundary: text(properties.PermissionsBoundary) }
            : {}),
          Tags: tagList(properties.Tags, call.context),
        }),
      ),
    );
    await syncRolePolicies(name, properties, {}, call);
    return { physicalId: name, attributes: { Arn: out.Role?.Arn, RoleId: out.Role?.RoleId } };
  },
  update: async (physicalId, properties, previous, call) => {
    await iam(call, (c) =>
      c.send(
        new UpdateAssumeRolePolicyCommand({
          RoleName: physicalId,
          PolicyDocument: policyText(properties.AssumeRolePolicyDocument) ?? '{}',
        }),
      ),
    );
    await iam(call, (c) =>
      c.send(
        new UpdateRoleCommand({
          RoleName: physicalId,
          Description: text(properties.Description) ?? '',
          ...(properties.MaxSessionDuration
            ? { MaxSessionDuration: Number(properties.MaxSessionDuration) }
            : {}),
        }),
      ),
    );
    await syncRolePolicies(physicalId, properties, previous, call);
    const out = await iam(call, (c) => c.send(new GetRoleCommand({ RoleName: physicalId })));
    return { physicalId, attributes: { Arn: out.Role?.Arn, RoleId: out.Role?.RoleId } };
  },
  delete: async (physicalId, properties, call) => {
    try {
      await syncRolePolicies(physicalId, {}, properties, call);
      await call.client(IAMClient).send(new DeleteRoleCommand({ RoleName: physicalId }));
    } catch (error) {
      if (
        !isNotFound(error, 'NoSuchEntityException', 'NoSuchEntity') &&
        !/cannot be found|does not exist/.test((error as Error).message)
      ) {
        throw new ProvisionError((error as Error).message);
      }
    }
  },
};

async function putOnRoles(properties: Properties, previous: Properties, call: ProviderCall) {
  const name = String(properties.PolicyName ?? previous.PolicyName);
  const roles = strings(properties.Roles);
  for (const r of strings(previous.Roles)) {
    if (!roles.includes(r) || previous.PolicyName !== properties.PolicyName) {
      await call
        .client(IAMClient)
        .send(new DeleteRolePolicyCommand({ RoleName: r, PolicyName: String(previous.PolicyName) }))
        .catch(ignoreMissing);
    }
  }
  if (strings(properties.Users).length > 0 || strings(properties.Groups).length > 0) {
    throw new ProvisionError(
      'berth puts AWS::IAM::Policy on Roles only (Users and Groups are not supported)',
    );
  }
  for (const r of roles) {
    await iam(call, (c) =>
      c.send(
        new PutRolePolicyCommand({
          RoleName: r,
          PolicyName: name,
          PolicyDocument: policyText(properties.PolicyDocument) ?? '{}',
        }),
      ),
    );
  }
}

const policy: ResourceProvider = {
  createOnly: [],
  create: async (properties, call) => {
    await putOnRoles(properties, {}, call);
    // CloudFormation names the physical resource `<stack>-<logical id, cut>-<RANDOM>` (observed shape).
    return { physicalId: call.generatedName(64), attributes: {} };
  },
  update: async (physicalId, properties, previous, call) => {
    await putOnRoles(properties, previous, call);
    return { physicalId, attributes: {} };
  },
  delete: async (_physicalId, properties, call) => {
    await putOnRoles({ PolicyName: properties.PolicyName, Roles: [] }, properties, call).catch(ignoreMissing);
  },
};

async function attachManaged(arn: string, properties: Properties, previous: Properties, call: ProviderCall) {
  const roles = strings(properties.Roles);
  for (const r of strings(previous.Roles)) {
    if (!roles.includes(r)) {
      await call
        .client(IAMClient)
        .send(new DetachRolePolicyCommand({ RoleName: r, PolicyArn: arn }))
        .catch(ignoreMissing);
    }
  }
  for (const r of roles) {
    if (!strings(previous.Roles).includes(r)) {
      await iam(call, (c) => c.send(new AttachRolePolicyCommand({ RoleName: r, PolicyArn: arn })));
    }
  }
}

const managedPolicy: ResourceProvider = {
  createOnly: ['ManagedPolicyName', 'Path'],
  create: async (properties, call) => {
    const out = await iam(call, (c) =>
      c.send(
        new CreatePolicyCommand({
          PolicyName: text(properties.ManagedPolicyName) ?? call.generatedName(128),
          PolicyDocument: policyText(properties.PolicyDocument) ?? '{}',
          ...(text(properties.Path) ? { Path: text(properties.Path) } : {}),
          ...(text(properties.Description) ? { Description: text(properties.Description) } : {}),
        }),
      ),
    );
    const arn = out.Policy!.Arn!;
    await attachManaged(arn, properties, {}, call);
    return { physicalId: arn, attributes: { PolicyArn: arn, PolicyId: out.Policy?.PolicyId } };
  },
  update: async (physicalId, properties, previous, call) => {
    if (policyText(properties.PolicyDocument) !== policyText(previous.PolicyDocument)) {
      // A managed policy keeps at most five versions: the oldest non-default one goes first.
      const versions = await iam(call, (c) =>
        c.send(new ListPolicyVersionsCommand({ PolicyArn: physicalId })),
      );
      const old = (versions.Versions ?? []).filter((v) => !v.IsDefaultVersion);
      if ((versions.Versions ?? []).length >= 5 && old.length > 0) {
        await iam(call, (c) =>
          c.send(new DeletePolicyVersionCommand({ PolicyArn: physicalId, VersionId: old.at(-1)!.VersionId })),
        );
      }
      await iam(call, (c) =>
        c.send(
          new CreatePolicyVersionCommand({
            PolicyArn: physicalId,
            PolicyDocument: policyText(properties.PolicyDocument) ?? '{}',
            SetAsDefault: true,
          }),
        ),
      );
    }
    await attachManaged(physicalId, properties, previous, call);
    return { physicalId, attributes: { PolicyArn: physicalId } };
  },
  delete: async (physicalId, properties, call) => {
    await attachManaged(physicalId, {}, properties, call);
    const versions = await call
      .client(IAMClient)
      .send(new ListPolicyVersionsCommand({ PolicyArn: physicalId }))
      .catch(() => undefined);
    for (const v of versions?.Versions ?? []) {
      if (!v.IsDefaultVersion) {
        await iam(call, (c) =>
          c.send(new DeletePolicyVersionCommand({ PolicyArn: physicalId, VersionId: v.VersionId })),
        );
      }
    }
    await call
      .client(IAMClient)
      .send(new DeletePolicyCommand({ PolicyArn: physicalId }))
      .catch(ignoreMissing);
  },
};

export const iamProviders: Readonly<Record<string, ResourceProvider>> = {
  'AWS::IAM::Role': role,
  'AWS::IAM::Policy': policy,
  'AWS::IAM::ManagedPolicy': managedPolicy,
};
