import { isBerthError } from '../../errors/index.js';
import { compileStatement } from './compile-statement.js';
import { malformed, malformedMessages as say } from './malformed.js';
import type { Policy, PolicyKind, PolicyVersion } from './policy.js';
import { isObject, readStatement } from './read-statement.js';

export interface ParsePolicyOptions {
  kind: PolicyKind;
  /** How the policy is known (inline name, managed ARN), carried into explanations. */
  name?: string;
  /**
   * What a statement without Resource or NotResource applies to, where the service allows leaving it out: an ECR
   * repository policy's statements apply to their repository (the CDK bootstrap template's have no Resource).
   */
  implicitResource?: string;
}

/**
 * Parses a policy document (JSON text or an already-parsed object), checks it against IAM's grammar for its kind,
 * and compiles it for evaluation. Throws `BERTH_MALFORMED_POLICY` carrying IAM's MalformedPolicyDocument message.
 * reference/aws-iam-and-protocols.md §1.8 and §1.14.
 */
export function parsePolicy(document: string | unknown, options: ParsePolicyOptions): Policy {
  const json = typeof document === 'string' ? parseJson(document) : document;
  if (!isObject(json)) throw malformed(say.syntax);
  for (const key of Object.keys(json)) {
    if (key !== 'Version' && key !== 'Id' && key !== 'Statement') throw malformed(say.syntax);
  }
  const version = readVersion(json.Version);
  if (json.Id !== undefined && typeof json.Id !== 'string') throw malformed(say.syntax);
  const raw = json.Statement;
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  if (list.length === 0) throw malformed(say.syntax);

  const sids = new Set<string>();
  const statements = list.map((item, index) => {
    const statement = readStatement(withImplicitResource(item, options.implicitResource), options.kind);
    if (statement.sid !== undefined && statement.sid !== '') {
      if (sids.has(statement.sid)) throw malformed(say.duplicateSid);
      sids.add(statement.sid);
    }
    return compileStatement(statement, index, version, options.kind);
  });
  return { kind: options.kind, name: options.name, version, id: json.Id, statements };
}

function withImplicitResource(item: unknown, resource: string | undefined): unknown {
  if (resource === undefined || !isObject(item) || 'Resource' in item || 'NotResource' in item) return item;
  return { ...item, Resource: resource };
}

/** Like parsePolicy, but returns the MalformedPolicyDocument message instead of throwing. */
export function validatePolicy(document: string | unknown, options: ParsePolicyOptions): string | undefined {
  try {
    parsePolicy(document, options);
    return undefined;
  } catch (error) {
    if (isBerthError(error) && error.code === 'BERTH_MALFORMED_POLICY') return error.message;
    throw error;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw malformed(say.invalidJson);
  }
}

function readVersion(value: unknown): PolicyVersion {
  // Without a Version, IAM reads the policy as 2008-10-17: policy variables are then plain text (§1.10).
  if (value === undefined) return '2008-10-17';
  if (value === '2012-10-17' || value === '2008-10-17') return value;
  throw malformed(say.legacyParsing);
}
