import { type QueryInputReader, readQueryTags } from '../../../aws/index.js';
import type { ParameterInput } from '../../../engines/cloudformation/index.js';

/** Where a request's template comes from: exactly one of the three (checked when acting, with AWS's text). */
export interface TemplateSource {
  readonly templateBody?: string;
  readonly templateUrl?: string;
  readonly usePreviousTemplate?: boolean;
}

/** The members CreateStack, UpdateStack and CreateChangeSet share (ref cloudformation-cdk §4.2). */
export interface StackInput extends TemplateSource {
  readonly stackName: string;
  readonly parameters: readonly ParameterInput[];
  readonly capabilities: readonly string[];
  readonly roleArn?: string;
  readonly tags?: readonly { readonly Key: string; readonly Value: string }[];
  readonly notificationArns: readonly string[];
}

// botocore: StackName 1–255 (the pattern is checked by CloudFormation's own text, not by the model); TemplateBody
// min 1; RoleARN 20–2048; ClientRequestToken 1–128 `[a-zA-Z0-9][-a-zA-Z0-9]*`.
export const stackNameRule = { required: true, min: 1 } as const;
export const tokenRule = {
  min: 1,
  max: 128,
  pattern: /^[a-zA-Z0-9][-a-zA-Z0-9]*$/,
  patternText: '[a-zA-Z0-9][-a-zA-Z0-9]*',
} as const;

export function readTemplateSource(r: QueryInputReader): TemplateSource {
  const templateBody = r.string('TemplateBody', { min: 1 });
  const templateUrl = r.string('TemplateURL', { min: 1, max: 5120 });
  const usePreviousTemplate = r.boolean('UsePreviousTemplate');
  return {
    ...(templateBody === undefined ? {} : { templateBody }),
    ...(templateUrl === undefined ? {} : { templateUrl }),
    ...(usePreviousTemplate === undefined ? {} : { usePreviousTemplate }),
  };
}

/**
 * The shared members. Unknown members (CLI 2.1149's `DeploymentConfig.Mode`, §1.2) are not read, so they are
 * ignored as AWS's newer models would accept them. Tags absent (undefined) differ from `Tags=` (none).
 */
export function readStackInput(r: QueryInputReader): StackInput {
  const roleArn = r.string('RoleARN', { min: 20, max: 2048 });
  const tagsGiven = r.list('Tags') !== undefined;
  return {
    stackName: r.string('StackName', stackNameRule),
    ...readTemplateSource(r),
    parameters: readParameters(r),
    capabilities: r.strings('Capabilities') ?? [],
    ...(roleArn === undefined ? {} : { roleArn }),
    ...(tagsGiven ? { tags: readQueryTags(r) } : {}),
    notificationArns: r.strings('NotificationARNs') ?? [],
  };
}

function readParameters(r: QueryInputReader): ParameterInput[] {
  return (r.list('Parameters') ?? []).map((item) => {
    const p = r.nested(item, 'Parameters');
    const value = p.string('ParameterValue');
    const usePreviousValue = p.boolean('UsePreviousValue');
    return {
      key: p.string('ParameterKey') ?? '',
      ...(value === undefined ? {} : { value }),
      ...(usePreviousValue ? { usePreviousValue } : {}),
    };
  });
}
