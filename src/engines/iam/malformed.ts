import { BerthError } from '../../errors/index.js';

/**
 * IAM's MalformedPolicyDocument texts (reference/aws-iam-and-protocols.md §1.14). The observed ones are quoted from
 * real IAM responses; "Syntax errors in policy." is IAM's catch-all for grammar it does not accept.
 */
export const malformedMessages = {
  invalidJson: 'This policy contains invalid Json',
  syntax: 'Syntax errors in policy.',
  legacyParsing: 'The policy failed legacy parsing',
  missingActions: 'Policy statement must contain actions.',
  missingResources: 'Policy statement must contain resources.',
  principalInIdentityPolicy: 'Policy document should not specify a principal.',
  missingPrincipal: 'Missing required field Principal',
  prohibitedField: (field: string) => `Has prohibited field ${field}`,
  duplicateSid: 'Statement IDs (SID) in a single policy must be unique.',
  sidNotAlphanumeric:
    'Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*',
  vendorPrefix: 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.',
  oneColon: 'Actions/Condition can contain only one colon.',
  resourceFormat: (resource: string) => `Resource ${resource} must be in ARN format or "*".`,
  invalidPrincipal: (type: string, value: string) => `Invalid principal in policy: "${type}":"${value}"`,
} as const;

export function malformed(message: string): BerthError {
  return new BerthError('BERTH_MALFORMED_POLICY', message);
}
