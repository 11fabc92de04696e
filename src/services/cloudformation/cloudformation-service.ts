import { type QueryServiceDefinition, withOperations } from '../../aws/index.js';
import { ChangeSets } from './change-sets.js';
import { CloudFormationContext, type CloudFormationDeps } from './cloudformation-context.js';
import { cloudformationRouting } from './cloudformation-routing.js';
import { cfnEngineErrors } from './errors.js';
import { cloudformationHandlers } from './handlers.js';
import { Stacks } from './stacks.js';

export interface CloudFormationService {
  readonly definition: QueryServiceDefinition;
  /** Ends operations a previous `berth up` left running (berth up's start, before any request). */
  recover(): void;
  /** Resolves once no stack operation runs (tests; berth up's stop). */
  idle(): Promise<void>;
  /** Aborts long waits of running operations (berth up stops). */
  close(): void;
}

/**
 * CloudFormation (AWS Query, Version 2010-05-15, signing name `cloudformation`), ref cloudformation-cdk §4: stacks and
 * change sets whose operations run in the background, deploying through the resource providers it is given.
 */
export function createCloudFormationService(deps: CloudFormationDeps): CloudFormationService {
  const x = new CloudFormationContext(deps);
  const stacks = new Stacks(x);
  const changeSets = new ChangeSets(x, stacks);
  return {
    definition: withOperations(
      cloudformationRouting,
      cloudformationHandlers(x, stacks, changeSets),
      cfnEngineErrors,
    ),
    recover: () => x.recover(),
    idle: () => x.idle(),
    close: () => x.close(),
  };
}
