import { ecsErrors } from './errors.js';
import type { NetworkRecordsPort, NetworkScope } from './network-records-port.js';
import type { AwsvpcConfiguration } from './run-task-request.js';

/**
 * The awsvpc configuration's subnets and security groups checked against EC2's records, as ECS asks EC2 before it
 * places a task: an unknown id is ECS's InvalidParameterException quoting EC2's own error, and the groups must be
 * in the subnets' VPC.
 */
export async function checkAwsvpcRecords(
  records: (() => Promise<NetworkRecordsPort>) | undefined,
  scope: NetworkScope,
  config: AwsvpcConfiguration | undefined,
): Promise<void> {
  if (!records || !config || config.subnets.length === 0) return;
  const port = await records();
  const subnets = port.subnets(scope, config.subnets);
  const missingSubnets = config.subnets.filter((id) => !subnets.some((s) => s.id === id));
  if (missingSubnets.length > 0) throw ecsErrors.invalidParameter(awsvpcTexts.subnetNotFound(missingSubnets));
  const groupIds = config.securityGroups ?? [];
  const groups = port.securityGroups(scope, groupIds);
  const missingGroups = groupIds.filter((id) => !groups.some((g) => g.id === id));
  if (missingGroups.length > 0) throw ecsErrors.invalidParameter(awsvpcTexts.groupNotFound(missingGroups));
  const vpcId = subnets[0]!.vpcId;
  const elsewhere = groups.find((g) => g.vpcId !== vpcId);
  if (elsewhere) throw ecsErrors.invalidParameter(awsvpcTexts.groupInOtherVpc(elsewhere.id));
}

export const awsvpcTexts = {
  /**
   * [OBS] serverless/serverless-fargate#20 (CreateService through CloudFormation): "Error retrieving subnet
   * information for [birdzview]: The subnet ID 'birdzview' does not exist (ErrorCode: InvalidSubnetID.NotFound)".
   */
  subnetNotFound: (ids: readonly string[]) =>
    `Error retrieving subnet information for [${ids.join(', ')}]: The subnet ID '${ids[0]}' does not exist ` +
    '(ErrorCode: InvalidSubnetID.NotFound)',
  /** [INF] the subnet text's form with EC2's InvalidGroup.NotFound text. */
  groupNotFound: (ids: readonly string[]) =>
    `Error retrieving security group information for [${ids.join(', ')}]: The security group '${ids[0]}' does ` +
    'not exist (ErrorCode: InvalidGroup.NotFound)',
  /** [INF] recalled from user reports of ECS InvalidParameterException, not verified in a source. */
  groupInOtherVpc: (id: string) =>
    `Security group ${id} does not appear to belong to the same VPC as the input subnets.`,
} as const;
