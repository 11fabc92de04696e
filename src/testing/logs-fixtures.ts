// CloudWatch Logs tests' view of the control-plane harness: the logs part beside IAM/STS (for callers with policies),
// a Logs client as root or as an IAM user made with the policy statements a test gives.
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  IAMClient,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { iamStsPart } from '../cli/control-plane/index.js';
import { awsParts } from '../cli/wiring.js';
import {
  type ControlPlaneHarnessOptions,
  controlPlaneHarness,
  harnessAccount,
} from './control-plane-harness.js';

export const logsAccount = harnessAccount;
/** The logs part as `berth up` wires it. */
const logsPart = awsParts.find((part) => part.name === 'logs')!;

/** `signatureClock: 'real'` for tests that move the clock by days with clients made before. */
export function logsHarness(options: Pick<ControlPlaneHarnessOptions, 'signatureClock'> = {}) {
  const h = controlPlaneHarness({ ...options, parts: [iamStsPart, logsPart] });
  return {
    ...h,
    logs: h.client(CloudWatchLogsClient),
    /** A Logs client of a new IAM user `name` whose only policy is `statements`. */
    async userClient(name: string, ...statements: Record<string, unknown>[]) {
      const iam = h.client(IAMClient);
      await iam.send(new CreateUserCommand({ UserName: name }));
      const document = JSON.stringify({ Version: '2012-10-17', Statement: statements });
      await iam.send(
        new PutUserPolicyCommand({ UserName: name, PolicyName: 'logs', PolicyDocument: document }),
      );
      const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: name }));
      return h.client(CloudWatchLogsClient, {
        accessKeyId: AccessKey!.AccessKeyId!,
        secretAccessKey: AccessKey!.SecretAccessKey!,
      });
    },
  };
}
