import { isBerthError } from '../../errors/index.js';
import { type DependencyGraph, dependencyGraph } from './dependency-graph.js';
import { type ParameterDeclaration, parameterDeclarations } from './parameters.js';
import { rejected } from './template-rejection.js';
import { readTemplateText, type TemplateText } from './template-text.js';

/** What ValidateTemplate and GetTemplateSummary report of a template (ref cloudformation-cdk §4.2). */
export interface TemplateSummary {
  readonly description?: string;
  readonly version?: string;
  readonly parameters: readonly ParameterDeclaration[];
  /** The capabilities its IAM resources (or transforms) require. */
  readonly capabilities: readonly Capability[];
  readonly capabilitiesReason?: string;
  readonly resourceTypes: readonly string[];
  readonly declaredTransforms: readonly string[];
}

export type Capability = 'CAPABILITY_IAM' | 'CAPABILITY_NAMED_IAM' | 'CAPABILITY_AUTO_EXPAND';

/** A template CloudFormation accepts: its text, its summary and its dependency graph. */
export interface CheckedTemplate {
  readonly body: string;
  readonly text: TemplateText;
  readonly summary: TemplateSummary;
  readonly graph: DependencyGraph;
}

const sections = new Set([
  'AWSTemplateFormatVersion',
  'Description',
  'Metadata',
  'Parameters',
  'Rules',
  'Mappings',
  'Conditions',
  'Transform',
  'Resources',
  'Outputs',
  'Hooks',
]);
const resourceMembers = new Set([
  'Type',
  'Properties',
  'DependsOn',
  'Condition',
  'Metadata',
  'DeletionPolicy',
  'UpdateReplacePolicy',
  'CreationPolicy',
  'UpdatePolicy',
  'Version',
]);

/** IAM resource types and the property that names one (a named one needs CAPABILITY_NAMED_IAM). */
const iamTypes: Readonly<Record<string, string | undefined>> = {
  'AWS::IAM::Role': 'RoleName',
  'AWS::IAM::User': 'UserName',
  'AWS::IAM::Group': 'GroupName',
  'AWS::IAM::ManagedPolicy': 'ManagedPolicyName',
  'AWS::IAM::InstanceProfile': 'InstanceProfileName',
  'AWS::IAM::Policy': undefined,
  'AWS::IAM::AccessKey': undefined,
  'AWS::IAM::UserToGroupAddition': undefined,
};

/**
 * Reads and checks a template as CloudFormation's ValidateTemplate does, with its texts: `Template format error:
 * JSON not well-formed. (line L, column C)` / `YAML not well-formed.`, `At least one Resources member must be
 * defined.`, `Invalid template property or properties [X]`, `Invalid template resource property 'X'`, every Resources
 * object's Type, the parameters' declarations, unresolved dependencies and cycles (dependency-graph.ts). The texts
 * are AWS's as users report them ([OBS]); the exact punctuation of the not-well-formed texts is [INF].
 */
export function checkTemplate(body: string): CheckedTemplate {
  const text = readText(body);
  const root = text.root;
  const extra = Object.keys(root).filter((key) => !sections.has(key));
  if (extra.length > 0) throw rejected(`Invalid template property or properties [${extra.join(', ')}]`);
  const resources = root.Resources as Readonly<Record<string, unknown>>;
  if (Object.keys(resources).length === 0) {
    throw rejected('Template format error: At least one Resources member must be defined.');
  }
  const types = new Set<string>();
  for (const [id, declaration] of Object.entries(resources)) {
    const r = declaration as Readonly<Record<string, unknown>> | null;
    if (r === null || typeof r !== 'object' || typeof r.Type !== 'string' || r.Type === '') {
      throw rejected(
        `Template format error: [/Resources/${id}] Every Resources object must contain a Type member.`,
      );
    }
    const bad = Object.keys(r).find((key) => !resourceMembers.has(key));
    if (bad !== undefined) throw rejected(`Invalid template resource property '${bad}'`);
    const condition = r.Condition;
    const conditions = (root.Conditions ?? {}) as Readonly<Record<string, unknown>>;
    if (condition !== undefined && (typeof condition !== 'string' || !Object.hasOwn(conditions, condition))) {
      throw rejected(
        `Template format error: Unresolved dependencies [${String(condition)}]. Cannot reference resources in the Conditions block of the template`,
      );
    }
    types.add(r.Type);
  }
  const parameters = parameterDeclarations(root);
  const graph = dependencyGraph(root);
  const transforms = root.Transform;
  const declaredTransforms =
    typeof transforms === 'string' ? [transforms] : Array.isArray(transforms) ? transforms.map(String) : [];
  const { capabilities, reason } = requiredCapabilities(resources, declaredTransforms);
  return {
    body,
    text,
    graph,
    summary: {
      ...(typeof root.Description === 'string' ? { description: root.Description } : {}),
      ...(typeof root.AWSTemplateFormatVersion === 'string'
        ? { version: root.AWSTemplateFormatVersion }
        : {}),
      parameters,
      capabilities,
      ...(reason === undefined ? {} : { capabilitiesReason: reason }),
      resourceTypes: [...types],
      declaredTransforms,
    },
  };
}

function readText(body: string): TemplateText {
  try {
    return readTemplateText(body);
  } catch (error) {
    if (!isBerthError(error) || error.code !== 'BERTH_INVALID_TEMPLATE') throw error;
    if (error.message.endsWith('it has no Resources object')) {
      throw rejected('Template format error: At least one Resources member must be defined.');
    }
    const at = /at line (\d+), column (\d+)/.exec(error.message);
    const where = at ? ` (line ${at[1]}, column ${at[2]})` : '';
    const format = body.trimStart().startsWith('{') ? 'JSON' : 'YAML';
    throw rejected(`Template format error: ${format} not well-formed.${where}`);
  }
}

function requiredCapabilities(
  resources: Readonly<Record<string, unknown>>,
  transforms: readonly string[],
): { capabilities: Capability[]; reason?: string } {
  const iam: string[] = [];
  let named = false;
  for (const declaration of Object.values(resources)) {
    const { Type: type, Properties: properties } = declaration as { Type: string; Properties?: unknown };
    if (!Object.hasOwn(iamTypes, type)) continue;
    if (!iam.includes(type)) iam.push(type);
    const nameProperty = iamTypes[type];
    if (nameProperty !== undefined && properties !== null && typeof properties === 'object') {
      named ||= (properties as Record<string, unknown>)[nameProperty] !== undefined;
    }
  }
  const capabilities: Capability[] = [];
  if (iam.length > 0) capabilities.push(named ? 'CAPABILITY_NAMED_IAM' : 'CAPABILITY_IAM');
  if (transforms.length > 0) capabilities.push('CAPABILITY_AUTO_EXPAND');
  return iam.length === 0
    ? { capabilities }
    : { capabilities, reason: `The following resource(s) require capabilities: [${iam.join(', ')}]` };
}

/**
 * The capabilities a request lacks (CAPABILITY_NAMED_IAM also acknowledges unnamed IAM resources); the service
 * answers InsufficientCapabilitiesException "Requires capabilities : [CAPABILITY_NAMED_IAM]" (ref cloudformation-cdk
 * §4.5, wording [UNCONFIRMED] there).
 */
export function missingCapabilities(required: readonly Capability[], given: readonly string[]): Capability[] {
  return required.filter((capability) =>
    capability === 'CAPABILITY_IAM'
      ? !given.includes('CAPABILITY_IAM') && !given.includes('CAPABILITY_NAMED_IAM')
      : !given.includes(capability),
  );
}
