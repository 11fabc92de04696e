import { randomUUID } from 'node:crypto';
import type { ResourceProvider } from './provider.js';

/**
 * Resources that exist only in CloudFormation: CDK's analytics (`AWS::CDK::Metadata`, which must create and delete
 * cleanly, ref cloudformation-cdk §5.1) and `AWS::CloudFormation::WaitConditionHandle` (a signal URL nothing here
 * signals). Both are records without a service behind them.
 */
const noop: ResourceProvider = {
  create: async () => ({ physicalId: randomUUID(), attributes: {} }),
  update: async (physicalId) => ({ physicalId, attributes: {} }),
  delete: async () => undefined,
};

export const cloudformationProviders: Readonly<Record<string, ResourceProvider>> = {
  'AWS::CDK::Metadata': noop,
  'AWS::CloudFormation::WaitConditionHandle': noop,
};
