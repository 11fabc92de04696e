import { compileArnPattern, compileWildcard, splitArn } from '../arn/index.js';
import { compileClause } from './conditions/condition-block.js';
import type { PolicyKind, PolicyVersion, Statement } from './policy.js';
import { parseVariables } from './policy-variables.js';
import { excludedByNotPrincipal, matchPrincipal } from './principal-element.js';
import type { StatementText } from './read-statement.js';
import type { RequestContext } from './request-context.js';

/** Compiles a checked statement into its matchers, once; evaluation only calls them. */
export function compileStatement(
  text: StatementText,
  index: number,
  version: PolicyVersion,
  kind: PolicyKind,
): Statement {
  const variables = version === '2012-10-17';
  const actionTest = text.action ? anyAction(text.action) : negate(anyAction(text.notAction ?? []));
  const resourceTest = text.resource
    ? anyResource(text.resource, variables)
    : text.notResource
      ? negateResource(anyResource(text.notResource, variables))
      : undefined;
  const clauses = text.condition.map((c) =>
    compileClause(c.operatorText, c.operator, c.key, c.values, variables),
  );
  const { principal, notPrincipal } = text;
  return {
    ...text,
    condition: clauses,
    index,
    matchesAction: actionTest,
    // Trust policies have no Resource: a statement there is about the role it is attached to. A key policy statement
    // without one is accepted but has no effect (ref aws-iam-and-protocols §1.12).
    matchesResource: resourceTest ?? (kind === 'trust' ? () => true : () => false),
    matchesPrincipal: (caller, { hasBoundary } = { hasBoundary: false }) => {
      if (principal) return matchPrincipal(principal, caller);
      if (notPrincipal) {
        // "NotPrincipal with a Deny effect will always deny any IAM principal that has a permissions boundary policy
        // attached" (IAM User Guide, reference_policies_elements_notprincipal.md, key points).
        if (hasBoundary && text.effect === 'Deny') return 'wildcard';
        return excludedByNotPrincipal(notPrincipal, caller) ? 'none' : 'wildcard';
      }
      return 'direct';
    },
    conditionsHold: (context) => clauses.every((clause) => clause.holds(context)),
  };
}

function anyAction(patterns: string[]): (action: string) => boolean {
  if (patterns.includes('*')) return () => true;
  const exact = new Set(patterns.filter((p) => !/[*?]/.test(p)).map((p) => p.toLowerCase()));
  const globs = patterns.filter((p) => /[*?]/.test(p)).map((p) => compileWildcard(p, { ignoreCase: true }));
  return (action) => exact.has(lowerCase(action)) || globs.some((glob) => glob.test(action));
}

/** The action lower-cased, kept for the next statement: one request tests one action against every statement. */
function lowerCase(action: string): string {
  if (action !== lastAction) {
    lastAction = action;
    lastLower = action.toLowerCase();
  }
  return lastLower;
}

let lastAction = '';
let lastLower = '';

function negate(test: (action: string) => boolean): (action: string) => boolean {
  return (action) => !test(action);
}

type ResourceTest = (resource: string, context: RequestContext) => boolean;

function anyResource(patterns: string[], variables: boolean): ResourceTest {
  const tests = patterns.map((pattern) => resourceTest(pattern, variables));
  return (resource, context) => tests.some((test) => test(resource, context));
}

function negateResource(test: ResourceTest): ResourceTest {
  return (resource, context) => !test(resource, context);
}

/**
 * Variables are honoured only in the resource field of an ARN (after the fifth colon); a variable without a value
 * makes the entry match nothing. ref aws-iam-and-protocols §1.8 and §1.10.
 */
function resourceTest(pattern: string, variables: boolean): ResourceTest {
  const fields = splitArn(pattern);
  const template = variables && fields ? parseVariables(fields[5]) : undefined;
  if (!template || !fields) {
    const matcher = compileArnPattern(pattern);
    return (resource) => matcher(resource);
  }
  const prefix = fields.slice(0, 5).join(':');
  return (resource, context) => {
    const resolved = template.resolve(context);
    return resolved !== undefined && compileArnPattern(`${prefix}:${resolved}`)(resource);
  };
}
