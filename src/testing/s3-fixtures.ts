// S3 tests' view of the control-plane harness: S3 beside IAM/STS (for callers with policies), object data in memory,
// path-style clients as root or as an IAM user made with the policy statements a test gives.
import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  IAMClient,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { S3Client } from '@aws-sdk/client-s3';
import { iamStsPart } from '../cli/control-plane/index.js';
import { servicePart } from '../cli/control-plane/service-part.js';
import { createS3Service, MemoryObjectBodies, s3Routing } from '../services/s3/index.js';
import {
  type Credentials,
  controlPlaneHarness,
  harnessClientConfig,
  harnessRoot,
} from './control-plane-harness.js';

export function s3Harness() {
  const bodies = new MemoryObjectBodies();
  const s3Part = servicePart(s3Routing, async (deps) => createS3Service({ ...deps, bodies }));
  const h = controlPlaneHarness({ parts: [iamStsPart, s3Part] });
  const s3Client = (credentials: Credentials = harnessRoot) =>
    new S3Client({ ...harnessClientConfig(h.handle, h.clock, credentials), forcePathStyle: true });
  return {
    ...h,
    bodies,
    s3: s3Client(),
    /** An S3 client of a new IAM user `name` whose only policy is `statements` (none: no policy at all). */
    async userClient(name: string, ...statements: Record<string, unknown>[]) {
      const iam = h.client(IAMClient);
      await iam.send(new CreateUserCommand({ UserName: name }));
      if (statements.length > 0) {
        const document = JSON.stringify({ Version: '2012-10-17', Statement: statements });
        await iam.send(
          new PutUserPolicyCommand({ UserName: name, PolicyName: 's3', PolicyDocument: document }),
        );
      }
      const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: name }));
      return s3Client({ accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! });
    },
  };
}
