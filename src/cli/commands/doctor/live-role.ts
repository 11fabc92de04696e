import { Unknown } from '../../../engines/cloudformation/index.js';
import type { PolicyDocument, RoleNode } from '../../../engines/doctor/index.js';
import { findAwsManagedPolicy } from '../../../engines/iam/index.js';

type IamClient = import('@aws-sdk/client-iam').IAMClient;

/** IAM returns policy documents URL-encoded (ref aws-iam-and-protocols, GetRole/GetRolePolicy). */
function document(encoded: string | undefined): unknown {
  return encoded === undefined ? null : JSON.parse(decodeURIComponent(encoded));
}

/**
 * The execution role as IAM describes it: trust policy, inline and attached managed policies (AWS's from berth's
 * catalogue, others by their default version), permissions boundary. Undefined when the role does not exist.
 */
export async function liveRole(iam: IamClient, roleArn: string): Promise<RoleNode | undefined> {
  const sdk = await import('@aws-sdk/client-iam');
  const name = roleArn.slice(roleArn.lastIndexOf('/') + 1);
  let role: import('@aws-sdk/client-iam').Role;
  try {
    role = (await iam.send(new sdk.GetRoleCommand({ RoleName: name }))).Role!;
  } catch (error) {
    if ((error as { name?: string }).name === 'NoSuchEntityException') return undefined;
    throw error;
  }
  const managed = async (arn: string): Promise<PolicyDocument> => {
    const aws = findAwsManagedPolicy(arn);
    if (aws) return { name: aws.name, document: aws.document };
    try {
      const { Policy } = await iam.send(new sdk.GetPolicyCommand({ PolicyArn: arn }));
      const { PolicyVersion } = await iam.send(
        new sdk.GetPolicyVersionCommand({ PolicyArn: arn, VersionId: Policy!.DefaultVersionId! }),
      );
      return { name: Policy!.PolicyName!, document: document(PolicyVersion!.Document) };
    } catch (error) {
      return {
        name: arn,
        document: new Unknown(`the policy ${arn} cannot be read (${(error as Error).name})`, arn),
      };
    }
  };
  const inlineNames = (await iam.send(new sdk.ListRolePoliciesCommand({ RoleName: name }))).PolicyNames ?? [];
  const inline = await Promise.all(
    inlineNames.map(async (policyName) => {
      const got = await iam.send(new sdk.GetRolePolicyCommand({ RoleName: name, PolicyName: policyName }));
      return { name: policyName, document: document(got.PolicyDocument) };
    }),
  );
  const attached =
    (await iam.send(new sdk.ListAttachedRolePoliciesCommand({ RoleName: name }))).AttachedPolicies ?? [];
  const attachedDocuments = await Promise.all(attached.map((p) => managed(p.PolicyArn!)));
  const boundaryArn = role.PermissionsBoundary?.PermissionsBoundaryArn;
  return {
    arn: role.Arn!,
    name: role.RoleName!,
    trustPolicy: document(role.AssumeRolePolicyDocument),
    policies: [...inline, ...attachedDocuments],
    ...(boundaryArn ? { boundary: await managed(boundaryArn) } : {}),
    location: { file: role.Arn!, pointer: role.Arn! },
  };
}
