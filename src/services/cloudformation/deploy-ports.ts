import type { Caller } from '../../aws/index.js';
import type { DeployCredentials } from './resource-provisioner.js';

/**
 * What CloudFormation needs of the rest of berth besides the resource providers, each acting through berth's public
 * APIs with the stack operation's credentials (so IAM decides as on AWS): the part file supplies them.
 */
export interface DeployPorts {
  /**
   * The credentials a stack operation acts with: RoleARN assumed as `cloudformation.amazonaws.com` (its trust
   * policy checked as AWS does), else a session of the caller. Undefined when the role cannot be assumed.
   */
  credentials(request: {
    readonly caller: Caller;
    readonly account: string;
    readonly roleArn?: string;
  }): Promise<DeployCredentials | undefined>;
  /** SSM GetParameters (WithDecryption): the values of the names found. */
  readParameters(
    names: readonly string[],
    credentials: DeployCredentials,
    region: string,
  ): Promise<ReadonlyMap<string, string>>;
  /** `{{resolve:ssm|ssm-secure|secretsmanager:…}}` → values; references that cannot be read are left out. */
  resolveDynamicReferences(
    references: readonly string[],
    credentials: DeployCredentials,
    region: string,
  ): Promise<ReadonlyMap<string, string>>;
  /** EC2 DescribeAvailabilityZones: the region's available zone names, alphabetical. */
  availabilityZones(credentials: DeployCredentials, region: string): Promise<readonly string[]>;
  /**
   * A TemplateURL's text, read from berth's S3 as the caller (never from the internet); an object S3 will not give
   * rejects with `cfnErrors.templateUnreadable` (ValidationError), not an internal failure.
   */
  fetchTemplate(url: string, credentials: DeployCredentials, region: string): Promise<string>;
}
