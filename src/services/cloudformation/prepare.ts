import type { Authorizer, RequestContext } from '../../aws/index.js';
import {
  type CheckedTemplate,
  checkTemplate,
  chooseParameterValues,
  missingCapabilities,
  resolveSsmParameters,
  StackEvaluation,
} from '../../engines/cloudformation/index.js';
import type { DeployPorts } from './deploy-ports.js';
import type { StackRecord } from './domain/records.js';
import { cfnErrors } from './errors.js';
import type { StackInput } from './input/read-stack-input.js';
import type { DeployCredentials } from './resource-provisioner.js';
import type { DeployPlan } from './stack-run.js';

/** A request's template and parameters, checked and ready to deploy, with the credentials the operation acts with. */
export interface Prepared {
  readonly checked: CheckedTemplate;
  readonly plan: DeployPlan;
  readonly noEcho: readonly string[];
  readonly credentials: DeployCredentials;
  readonly roleArn?: string;
}

/**
 * What CloudFormation checks before it answers CreateStack, UpdateStack or CreateChangeSet (ref cloudformation-cdk
 * §4.2, §4.5): the stack role (iam:PassRole for the caller, then assumed as cloudformation.amazonaws.com), the
 * template (body, URL read from berth's S3, or the previous one), capabilities, parameter values and constraints,
 * SSM-typed parameters read now, and the Rules. Any failure is a synchronous ValidationError.
 */
export async function prepare(
  deps: { readonly ports: DeployPorts; readonly authorizer: Authorizer; readonly partition: string },
  ctx: RequestContext,
  input: StackInput,
  existing?: StackRecord,
): Promise<Prepared> {
  const roleArn = input.roleArn ?? existing?.roleArn;
  if (input.roleArn !== undefined) {
    await deps.authorizer.authorize(ctx, { action: 'iam:PassRole', resource: input.roleArn });
  }
  const credentials = await deps.ports.credentials({
    caller: ctx.caller,
    account: ctx.accountId,
    ...(roleArn === undefined ? {} : { roleArn }),
  });
  if (!credentials) throw cfnErrors.roleNotAssumable(roleArn ?? '');
  const body = await templateBody(deps.ports, input, existing, credentials, ctx.region);
  const checked = checkTemplate(body);
  const missing = missingCapabilities(checked.summary.capabilities, input.capabilities);
  if (missing.length > 0) throw cfnErrors.insufficientCapabilities(missing);
  const declarations = checked.summary.parameters;
  const parameters = chooseParameterValues(declarations, input.parameters, existing?.parameters);
  const { resolved, ssm } = await resolveSsmParameters(declarations, parameters, (names) =>
    deps.ports.readParameters(names, credentials, ctx.region),
  );
  const scope = {
    accountId: ctx.accountId,
    region: ctx.region,
    partition: deps.partition,
    stackName: input.stackName,
  };
  const noFacts = {
    stackId: existing?.stackId ?? '',
    resource: () => undefined,
    exports: {},
    availabilityZones: [],
    dynamicReferences: new Map<string, string>(),
  };
  new StackEvaluation(checked.text.root, scope, resolved, noFacts).checkRules();
  return {
    checked,
    plan: { templateBody: body, parameters, resolvedSsm: ssm },
    noEcho: declarations.filter((d) => d.noEcho).map((d) => d.key),
    credentials,
    ...(roleArn === undefined ? {} : { roleArn }),
  };
}

async function templateBody(
  ports: DeployPorts,
  input: StackInput,
  existing: StackRecord | undefined,
  credentials: DeployCredentials,
  region: string,
): Promise<string> {
  const given = [input.templateBody, input.templateUrl, input.usePreviousTemplate ? true : undefined];
  if (given.filter((g) => g !== undefined).length !== 1) throw cfnErrors.oneTemplate();
  if (input.templateBody !== undefined) return input.templateBody;
  if (input.templateUrl !== undefined) return ports.fetchTemplate(input.templateUrl, credentials, region);
  if (existing?.templateBody === undefined) throw cfnErrors.oneTemplate();
  return existing.templateBody;
}
