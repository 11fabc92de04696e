import type { OperationSpec } from '../../aws/index.js';
import type { IamRuntime } from './iam-runtime.js';
import { roleAccess, userAccess } from './operations/holder-access.js';
import { holderOperations } from './operations/holder-operations.js';
import { policyOperations } from './operations/policy-operations.js';
import { roleOperations } from './operations/role-operations.js';
import { simulateOperations } from './operations/simulate-operations.js';
import { userOperations } from './operations/user-operations.js';

/**
 * Every IAM operation berth serves, by its Query Action name. Each authorizes itself (`authorize: 'handler'`):
 * IAM's resource ARNs carry the entity's path, known only once the entity is loaded.
 */
export function iamHandlers(rt: IamRuntime): Record<string, OperationSpec> {
  return {
    ...roleOperations(rt),
    ...holderOperations(rt, roleAccess(rt)),
    ...userOperations(rt),
    ...holderOperations(rt, userAccess(rt)),
    ...policyOperations(rt),
    ...simulateOperations(rt),
  };
}
