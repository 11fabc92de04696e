import { splitArn } from '../arn/index.js';
import { type OperatorName, parseOperatorName } from './conditions/condition-block.js';
import { malformed, malformedMessages as say } from './malformed.js';
import type { PolicyKind } from './policy.js';
import type { PrincipalElement } from './principal-element.js';

/** A statement as written, checked against the grammar of its policy kind but not yet compiled. */
export interface StatementText {
  sid?: string;
  effect: 'Allow' | 'Deny';
  action?: string[];
  notAction?: string[];
  resource?: string[];
  notResource?: string[];
  principal?: PrincipalElement;
  notPrincipal?: PrincipalElement;
  condition: { operatorText: string; operator: OperatorName; key: string; values: string[] }[];
}

const statementKeys = new Set([
  'Sid',
  'Effect',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Principal',
  'NotPrincipal',
  'Condition',
]);

/** Reads one Statement entry. reference/aws-iam-and-protocols.md §1.8 and §1.14. */
export function readStatement(raw: unknown, kind: PolicyKind): StatementText {
  if (!isObject(raw)) throw malformed(say.syntax);
  for (const key of Object.keys(raw)) if (!statementKeys.has(key)) throw malformed(say.syntax);
  if (raw.Effect !== 'Allow' && raw.Effect !== 'Deny') throw malformed(say.syntax);
  const sid = readSid(raw.Sid, kind);

  if (raw.Action !== undefined && raw.NotAction !== undefined) throw malformed(say.syntax);
  const action = optionalList(raw.Action);
  const notAction = optionalList(raw.NotAction);
  if (!action?.length && !notAction?.length) throw malformed(say.missingActions);
  for (const name of [...(action ?? []), ...(notAction ?? [])]) checkAction(name);

  if (raw.Resource !== undefined && raw.NotResource !== undefined) throw malformed(say.syntax);
  const resource = optionalList(raw.Resource);
  const notResource = optionalList(raw.NotResource);
  if (kind === 'trust') {
    if (resource) throw malformed(say.prohibitedField('Resource'));
    if (notResource) throw malformed(say.prohibitedField('NotResource'));
  } else if (kind !== 'key' && !resource?.length && !notResource?.length) {
    // A key policy statement without Resource is accepted but has no effect (ref aws-iam-and-protocols §1.12).
    throw malformed(say.missingResources);
  }
  for (const value of [...(resource ?? []), ...(notResource ?? [])]) checkResource(value);

  if (raw.Principal !== undefined && raw.NotPrincipal !== undefined) throw malformed(say.syntax);
  const principal = raw.Principal === undefined ? undefined : readPrincipal(raw.Principal);
  const notPrincipal = raw.NotPrincipal === undefined ? undefined : readPrincipal(raw.NotPrincipal);
  if (kind === 'identity' && (principal || notPrincipal)) throw malformed(say.principalInIdentityPolicy);
  if (kind === 'trust' && notPrincipal) throw malformed(say.prohibitedField('NotPrincipal'));
  if (kind !== 'identity' && !principal && !notPrincipal) throw malformed(say.missingPrincipal);

  return {
    sid,
    effect: raw.Effect,
    action,
    notAction,
    resource,
    notResource,
    principal,
    notPrincipal,
    condition: readCondition(raw.Condition),
  };
}

function readSid(value: unknown, kind: PolicyKind): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw malformed(say.syntax);
  // IAM's own documents take only letters and digits; key and resource policies allow more (spaces, dashes).
  if ((kind === 'identity' || kind === 'trust') && !/^[0-9A-Za-z]*$/.test(value))
    throw malformed(say.sidNotAlphanumeric);
  return value;
}

function optionalList(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  const list = Array.isArray(value) ? value : [value];
  for (const item of list) if (typeof item !== 'string') throw malformed(say.syntax);
  return list as string[];
}

function checkAction(name: string): void {
  if (name === '*') return;
  const colons = name.split(':').length - 1;
  if (colons === 0) throw malformed(say.vendorPrefix);
  if (colons > 1) throw malformed(say.oneColon);
  const [vendor, action] = name.split(':') as [string, string];
  if (!/^[A-Za-z0-9-]+$/.test(vendor) || !/^[A-Za-z0-9*?_-]+$/.test(action)) throw malformed(say.syntax);
}

function checkResource(value: string): void {
  if (value === '*') return;
  if (!value.startsWith('arn:') || !splitArn(value)) throw malformed(say.resourceFormat(value));
}

function readPrincipal(value: unknown): PrincipalElement {
  const element: PrincipalElement = {
    wildcard: false,
    aws: [],
    service: [],
    federated: [],
    canonicalUser: [],
  };
  if (value === '*') return { ...element, wildcard: true };
  if (!isObject(value)) throw malformed(say.syntax);
  for (const [type, entries] of Object.entries(value)) {
    const list = optionalList(entries) ?? [];
    for (const entry of list) {
      if (type === 'AWS') {
        if (entry === '*') element.wildcard = true;
        else if (isAwsPrincipal(entry)) element.aws.push(entry);
        else throw malformed(say.invalidPrincipal(type, entry));
      } else if (type === 'Service') {
        if (!/^[a-z0-9.-]+\.amazonaws\.com(\.cn)?$/.test(entry))
          throw malformed(say.invalidPrincipal(type, entry));
        element.service.push(entry);
      } else if (type === 'Federated') element.federated.push(entry);
      else if (type === 'CanonicalUser') element.canonicalUser.push(entry);
      else throw malformed(say.syntax);
    }
  }
  return element;
}

/** An account id, an IAM or STS principal ARN, or a unique id (what IAM shows once the named entity is gone). */
function isAwsPrincipal(value: string): boolean {
  if (/^\d{12}$/.test(value) || /^A[A-Z]{3}[A-Z0-9]{16,}$/.test(value)) return true;
  const fields = splitArn(value);
  if (fields?.[0] !== 'arn' || !/^\d{12}$/.test(fields[4]) || value.includes('*')) return false;
  const [, , service, region, , resource] = fields;
  if (region !== '') return false;
  if (service === 'iam') return resource === 'root' || /^(user|role)\/.+/.test(resource);
  return service === 'sts' && /^(assumed-role\/[^/]+\/.+|federated-user\/.+)$/.test(resource);
}

function readCondition(value: unknown): StatementText['condition'] {
  if (value === undefined) return [];
  if (!isObject(value)) throw malformed(say.syntax);
  const clauses: StatementText['condition'] = [];
  for (const [operatorText, block] of Object.entries(value)) {
    // IAM rejects an operator it does not know; which text it gives is not documented, so the catch-all is used.
    const operator = parseOperatorName(operatorText);
    if (!operator || !isObject(block)) throw malformed(say.syntax);
    for (const [key, raw] of Object.entries(block)) {
      if (!key.includes(':')) throw malformed(say.vendorPrefix);
      const list = Array.isArray(raw) ? raw : [raw];
      if (list.length === 0) throw malformed(say.syntax);
      const values = list.map((item) => {
        if (typeof item === 'string') return item;
        if (typeof item === 'number' || typeof item === 'boolean') return String(item);
        throw malformed(say.syntax);
      });
      clauses.push({ operatorText, operator, key, values });
    }
  }
  return clauses;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
