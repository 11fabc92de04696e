import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { tryParseArn } from '../../engines/arn/index.js';
import {
  accessDeniedMessage,
  type Decision,
  type EvaluationRequest,
  evaluate,
  findAwsManagedPolicy,
  type Policy,
  type PolicyKind,
  parsePolicy,
  principalContextKeys,
  principalFromArn,
  RequestContext,
} from '../../engines/iam/index.js';
import { isBerthError } from '../../errors/index.js';
import { badInput, exitCodes } from '../cli-error.js';

interface SimulateOptions {
  policy: string[];
  resourcePolicy?: string;
  resourcePolicyKind: PolicyKind;
  boundary?: string;
  sessionPolicy: string[];
  action: string;
  resource: string;
  principal?: string;
  context: string[];
  json?: boolean;
}

/** `berth iam simulate`: one authorization decision, as AWS would make it, with the reason. */
export function addIamSimulateCommand(iam: Command): void {
  iam
    .command('simulate')
    .description(
      'decide whether a request is allowed by the given policies, and say why (exit 0 allowed, 1 denied, 2 bad input)',
    )
    .option(
      '--policy <file>',
      'identity-based policy JSON file, or an AWS managed policy ARN (repeatable)',
      collect,
      [],
    )
    .option(
      '--resource-policy <file>',
      "the resource's own policy JSON (secret resource policy, trust or key policy)",
    )
    .option('--resource-policy-kind <kind>', 'resource | trust | key', 'resource')
    .option('--boundary <file>', "the principal's permissions boundary JSON")
    .option('--session-policy <file>', 'a session policy JSON (repeatable)', collect, [])
    .requiredOption('--action <action>', 'service:Action, e.g. secretsmanager:GetSecretValue')
    .requiredOption('--resource <arn>', 'resource ARN, or * for actions without a resource')
    .option('--principal <arn>', 'caller ARN (user, root, assumed-role session) or service principal name')
    .option(
      '--context <key=value>',
      'a condition key value (repeat a key for a multivalued key)',
      collect,
      [],
    )
    .option('--json', 'print the decision as JSON')
    .action((options: SimulateOptions) => {
      process.exitCode = simulate(options);
    });
}

function simulate(options: SimulateOptions): number {
  const request = buildRequest(options);
  const decision = evaluate(request, {
    identity: options.policy.map((file) => readPolicy(file, 'identity')),
    resource: options.resourcePolicy
      ? readPolicy(options.resourcePolicy, resourceKind(options.resourcePolicyKind))
      : undefined,
    boundary: options.boundary ? readPolicy(options.boundary, 'identity') : undefined,
    session: options.sessionPolicy.length
      ? options.sessionPolicy.map((file) => readPolicy(file, 'identity'))
      : undefined,
  });
  const message = decision.result === 'Allow' ? undefined : accessDeniedMessage(request, decision);
  if (options.json) {
    const { result, reason, matched } = decision;
    console.log(
      JSON.stringify({ decision: result, allowed: result === 'Allow', reason, message, matched }, null, 2),
    );
  } else {
    console.log(describe(decision, message));
  }
  return decision.result === 'Allow' ? exitCodes.ok : exitCodes.denied;
}

function buildRequest(options: SimulateOptions): EvaluationRequest {
  if (options.resource !== '*' && !tryParseArn(options.resource))
    throw badInput(`--resource '${options.resource}' is not an ARN or *`);
  const account = tryParseArn(options.resource)?.account || '000000000000';
  const principalText = options.principal ?? `arn:aws:iam::${account}:user/simulated`;
  const principal = principalFromArn(principalText);
  if (!principal) {
    throw badInput(
      `--principal '${principalText}' is not a user, root or assumed-role ARN, nor a service principal`,
    );
  }
  if (!/^[A-Za-z0-9-]+:[A-Za-z0-9]+$/.test(options.action))
    throw badInput(`--action '${options.action}' is not service:Action`);
  const given = new Map<string, string[]>();
  for (const pair of options.context) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw badInput(`--context '${pair}' is not key=value`);
    const key = pair.slice(0, eq);
    given.set(key, [...(given.get(key) ?? []), pair.slice(eq + 1)]);
  }
  const values: Record<string, string | string[]> = { ...principalContextKeys(principal) };
  for (const [key, list] of given) values[key] = list.length === 1 ? list[0]! : list;
  return {
    principal,
    action: options.action,
    resource: options.resource,
    context: new RequestContext(values),
  };
}

/** A policy from a file, or an AWS managed policy by its ARN (identity policies only). */
function readPolicy(file: string, kind: PolicyKind): Policy {
  const managed = kind === 'identity' ? findAwsManagedPolicy(file) : undefined;
  if (managed) return parsePolicy(managed.document, { kind, name: managed.arn });
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw badInput(`cannot read policy file ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  try {
    return parsePolicy(text, { kind, name: file });
  } catch (error) {
    if (isBerthError(error)) throw badInput(`${file}: MalformedPolicyDocument: ${error.message}`);
    throw error;
  }
}

function resourceKind(kind: string): PolicyKind {
  if (kind === 'resource' || kind === 'trust' || kind === 'key') return kind;
  throw badInput(`--resource-policy-kind must be resource, trust or key, not '${kind}'`);
}

function describe(decision: Decision, message: string | undefined): string {
  const verdict = {
    Allow: 'ALLOWED',
    ExplicitDeny: 'DENIED (explicit deny)',
    ImplicitDeny: 'DENIED (implicit deny)',
  }[decision.result];
  const lines = [`Decision: ${verdict}`];
  if (message) lines.push(message);
  lines.push(decision.matched.length ? 'Statements that applied:' : 'No statement applied to this request.');
  for (const m of decision.matched) {
    const sid = m.sid ? ` (Sid ${m.sid})` : '';
    lines.push(
      `  ${m.effect.padEnd(5)} ${m.policyType} policy ${m.policyName ?? ''} statement ${m.index}${sid}`,
    );
  }
  return lines.join('\n');
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
