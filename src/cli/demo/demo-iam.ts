// IAM steps of the demo: a role ECS tasks may assume, with an inline policy when given; the commands and the
// documents they read are printed before the call.
import { CreateRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { type DemoContext, DemoStepFailed, demoNames } from './demo-context.js';
import { ecsTasksTrustPolicy } from './demo-documents.js';
import { awsLine } from './shell-line.js';

export interface TaskRoleOptions {
  /** The inline policy: the file name its command reads, and the document. */
  readonly policy?: { readonly file: string; readonly document: unknown };
  /** Print the trust policy under the command (the first role does; the others reuse the file). */
  readonly showTrust?: boolean;
}

/** CreateRole trusting ecs-tasks.amazonaws.com, then PutRolePolicy with the policy when there is one. */
export async function createTaskRole(
  context: DemoContext,
  roleName: string,
  { policy, showTrust = false }: TaskRoleOptions = {},
): Promise<string> {
  const { print, iam } = context;
  print.command(
    awsLine('iam', 'create-role', {
      'role-name': roleName,
      'assume-role-policy-document': 'file://ecs-tasks-trust.json',
    }),
  );
  if (showTrust) print.document('ecs-tasks-trust.json', ecsTasksTrustPolicy);
  const created = await iam.send(
    new CreateRoleCommand({
      RoleName: roleName,
      AssumeRolePolicyDocument: JSON.stringify(ecsTasksTrustPolicy),
    }),
  );
  const arn = created.Role?.Arn;
  if (arn === undefined) throw new DemoStepFailed(`CreateRole ${roleName} returned no ARN`);
  if (policy !== undefined) {
    print.command(
      awsLine('iam', 'put-role-policy', {
        'role-name': roleName,
        'policy-name': demoNames.policy,
        'policy-document': `file://${policy.file}`,
      }),
    );
    print.document(policy.file, policy.document);
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: roleName,
        PolicyName: demoNames.policy,
        PolicyDocument: JSON.stringify(policy.document),
      }),
    );
  }
  return arn;
}
