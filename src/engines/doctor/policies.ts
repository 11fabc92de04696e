import { isBerthError } from '../../errors/index.js';
import { firstUnknown, type TemplateValue, Unknown } from '../cloudformation/index.js';
import { type Policy, type PolicyKind, parsePolicy } from '../iam/index.js';
import type { Maybe, PolicyDocument } from './chain-model.js';

/**
 * A policy document compiled for the IAM engine, or an Unknown saying why it cannot be: a value the input could not
 * resolve, or a document IAM would refuse (MalformedPolicyDocument — then the deploy itself fails first).
 */
export function compilePolicy(source: PolicyDocument, kind: PolicyKind, pointer: string): Maybe<Policy> {
  const { document, name } = source;
  if (document instanceof Unknown) return document;
  const unknown = firstUnknown(document as TemplateValue);
  if (unknown)
    return new Unknown(
      `the policy ${name} has a value that is not known: ${unknown.reason}`,
      unknown.pointer,
    );
  try {
    return parsePolicy(document, { kind, name });
  } catch (error) {
    if (!isBerthError(error) || error.code !== 'BERTH_MALFORMED_POLICY') throw error;
    return new Unknown(`IAM would refuse the policy ${name}: ${error.message}`, pointer);
  }
}

/** The known policies of a list, and the first unknown one if any. */
export function compilePolicies(
  sources: readonly PolicyDocument[],
  kind: PolicyKind,
  pointer: string,
): { readonly known: Policy[]; readonly unknown?: Unknown } {
  const known: Policy[] = [];
  let unknown: Unknown | undefined;
  for (const source of sources) {
    const policy = compilePolicy(source, kind, pointer);
    if (policy instanceof Unknown) unknown ??= policy;
    else known.push(policy);
  }
  return unknown === undefined ? { known } : { known, unknown };
}

/** A key policy as KMS installs it when none is given: the account's root gets kms:*, delegating to IAM. */
export function defaultKeyPolicy(partition: string, account: string): unknown {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'Enable IAM User Permissions',
        Effect: 'Allow',
        Principal: { AWS: `arn:${partition}:iam::${account}:root` },
        Action: 'kms:*',
        Resource: '*',
      },
    ],
  };
}
