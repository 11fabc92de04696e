import {
  type Decision,
  evaluate,
  type MatchedStatement,
  type Policy,
  type RequestContext,
  type RequestPrincipal,
} from '../../../engines/iam/index.js';
import { type Span, statementPositions } from './statement-positions.js';

/** One policy taking part in a simulation, with where it came from as IAM's simulator names it. */
export interface SimulationSource {
  /** Parsed with `name` = sourceId, so that matched statements can be traced back. */
  readonly policy: Policy;
  readonly text: string;
  /** The inline policy's name, a managed policy's ARN, or `PolicyInputList.N`. */
  readonly sourceId: string;
  /** IAM's PolicySourceType: user, role, aws-managed, user-managed, resource, none. */
  readonly sourceType: string;
}

export interface SimulationInput {
  readonly principal: RequestPrincipal;
  readonly identity: readonly SimulationSource[];
  readonly boundary?: SimulationSource;
  readonly resourcePolicy?: SimulationSource;
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  readonly resourceOwner?: string;
  readonly context: RequestContext;
}

const decisions: Record<Decision['result'], string> = {
  Allow: 'allowed',
  ExplicitDeny: 'explicitDeny',
  ImplicitDeny: 'implicitDeny',
};

/**
 * IAM's policy simulator over the engine: every action against every resource, with the statements that decided
 * (the Allow statements for `allowed`, the Deny statements for `explicitDeny`, none for `implicitDeny`), where they
 * sit in their documents, and the condition keys the policies ask for that the context does not give.
 */
export function simulate(input: SimulationInput): Record<string, unknown>[] {
  const sources = [...input.identity, input.boundary, input.resourcePolicy].filter((s) => s !== undefined);
  const spans = new Map<SimulationSource, Span[]>(
    sources.map((source) => [source, statementPositions(source.text)]),
  );
  const results: Record<string, unknown>[] = [];
  for (const action of input.actions) {
    for (const resource of input.resources) {
      const decision = evaluate(
        {
          principal: input.principal,
          action,
          resource,
          resourceAccount: input.resourceOwner ?? (resource === '*' ? input.principal.account : undefined),
          context: input.context,
        },
        {
          identity: input.identity.map((source) => source.policy),
          boundary: input.boundary?.policy,
          resource: input.resourcePolicy?.policy,
        },
      );
      const deciding = decision.matched.filter((m) => decidingEffect(decision) === m.effect);
      results.push({
        EvalActionName: action,
        EvalResourceName: resource,
        EvalDecision: decisions[decision.result],
        MatchedStatements: deciding.flatMap((m) => matchedStatement(m, input, spans)),
        MissingContextValues: missingKeys(sources, action, resource, input.context),
      });
    }
  }
  return results;
}

function decidingEffect(decision: Decision): 'Allow' | 'Deny' | undefined {
  if (decision.result === 'Allow') return 'Allow';
  return decision.result === 'ExplicitDeny' ? 'Deny' : undefined;
}

function matchedStatement(
  matched: MatchedStatement,
  input: SimulationInput,
  spans: Map<SimulationSource, Span[]>,
): Record<string, unknown>[] {
  const candidates =
    matched.policyType === 'boundary'
      ? [input.boundary]
      : matched.policyType === 'resource'
        ? [input.resourcePolicy]
        : input.identity;
  const source = candidates.find((s) => s?.policy.name === matched.policyName);
  if (!source) return [];
  const span = spans.get(source)?.[matched.index];
  return [
    {
      SourcePolicyId: source.sourceId,
      SourcePolicyType: source.sourceType,
      StartPosition: span?.start,
      EndPosition: span?.end,
    },
  ];
}

/** Condition keys of statements that apply to the action and resource, absent from the context. */
function missingKeys(
  sources: readonly SimulationSource[],
  action: string,
  resource: string,
  context: RequestContext,
): string[] {
  const missing = new Map<string, string>();
  for (const source of sources) {
    for (const statement of source.policy.statements) {
      if (!statement.matchesAction(action) || !statement.matchesResource(resource, context)) continue;
      for (const clause of statement.condition) {
        if (context.get(clause.key) === undefined) missing.set(clause.key.toLowerCase(), clause.key);
      }
    }
  }
  return [...missing.values()];
}
