// SSM tests' view of the control-plane harness: the ssm part beside IAM/STS (callers with policies) and KMS (for
// SecureString), an SSM client as root or as an IAM user made with the policy statements a test gives.
import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  IAMClient,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { KMSClient } from '@aws-sdk/client-kms';
import { SSMClient } from '@aws-sdk/client-ssm';
import { iamStsPart, kmsSecretsPart, ssmPart } from '../cli/control-plane/index.js';
import { controlPlaneHarness, harnessAccount } from './control-plane-harness.js';

export const ssmAccount = harnessAccount;
export const parameterArn = (name: string) =>
  `arn:aws:ssm:us-east-1:${ssmAccount}:parameter/${name.replace(/^\//, '')}`;

export function ssmHarness() {
  const h = controlPlaneHarness({ parts: [iamStsPart, kmsSecretsPart, ssmPart] });
  return {
    ...h,
    ssm: h.client(SSMClient),
    kms: h.client(KMSClient),
    /** SSM and KMS clients of a new IAM user `name` whose only policy is `statements`. */
    async user(name: string, ...statements: Record<string, unknown>[]) {
      const iam = h.client(IAMClient);
      await iam.send(new CreateUserCommand({ UserName: name }));
      const document = JSON.stringify({ Version: '2012-10-17', Statement: statements });
      await iam.send(
        new PutUserPolicyCommand({ UserName: name, PolicyName: 'ssm', PolicyDocument: document }),
      );
      const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: name }));
      const credentials = {
        accessKeyId: AccessKey!.AccessKeyId!,
        secretAccessKey: AccessKey!.SecretAccessKey!,
      };
      return { ssm: h.client(SSMClient, credentials), kms: h.client(KMSClient, credentials) };
    },
  };
}
