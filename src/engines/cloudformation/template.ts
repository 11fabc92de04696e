import type { StackScope } from './physical-ids.js';
import { Resolver } from './resolver.js';
import { pointerSegment, type TextPosition } from './template-error.js';
import { readTemplateText, type TemplateText } from './template-text.js';
import { isRecord, type TemplateValue, type Unknown } from './template-value.js';

export interface TemplateOptions {
  /** `AWS::AccountId`; default 000000000000, berth's own account (placeholder for an env-agnostic template). */
  readonly accountId?: string;
  readonly region?: string;
  readonly partition?: string;
  readonly stackName?: string;
  /** Parameter values by name, as `--parameter-overrides` would give them; others take their Default. */
  readonly parameters?: Readonly<Record<string, string>>;
}

/** One resource with its properties resolved. */
export interface TemplateResource {
  readonly logicalId: string;
  readonly type: string;
  /** `/Resources/<logicalId>` */
  readonly pointer: string;
  /** Whether the stack creates it: its Condition's value; true without one. */
  readonly created: boolean | Unknown;
  readonly properties: Readonly<Record<string, TemplateValue>>;
}

/** A template read and resolved for one account, region and stack name. */
export interface CloudFormationTemplate {
  readonly text: TemplateText;
  readonly scope: StackScope;
  readonly resources: readonly TemplateResource[];
  /** A resource's Ref value (Unknown when it is not known before deploy). */
  ref(logicalId: string): TemplateValue;
  attribute(logicalId: string, name: string): TemplateValue;
  positionOf(pointer: string): TextPosition | undefined;
}

/** Reads a template's text and resolves it. Throws BERTH_INVALID_TEMPLATE for a text that is not a template. */
export function loadTemplate(text: string, options: TemplateOptions = {}): CloudFormationTemplate {
  return resolveTemplate(readTemplateText(text), options);
}

export function resolveTemplate(text: TemplateText, options: TemplateOptions = {}): CloudFormationTemplate {
  const scope: StackScope = {
    accountId: options.accountId ?? '000000000000',
    region: options.region ?? 'us-east-1',
    partition: options.partition ?? 'aws',
    stackName: options.stackName ?? 'stack',
  };
  const resolver = new Resolver(text.root, scope, options.parameters);
  const declared = text.root.Resources as Readonly<Record<string, unknown>>;
  const resources: TemplateResource[] = [];
  for (const logicalId of Object.keys(declared)) {
    const declaration = declared[logicalId];
    if (!isRecord(declaration) || typeof declaration.Type !== 'string') continue;
    const pointer = `/Resources/${pointerSegment(logicalId)}`;
    const condition = declaration.Condition;
    const created =
      typeof condition === 'string' ? resolver.condition(condition, `${pointer}/Condition`) : true;
    const properties = resolver.resolve(declaration.Properties ?? {}, `${pointer}/Properties`);
    resources.push({
      logicalId,
      type: declaration.Type,
      pointer,
      created,
      properties: isRecord(properties) ? properties : {},
    });
  }
  return {
    text,
    scope,
    resources,
    ref: (logicalId) => {
      const value = resolver.ref(logicalId, `/Resources/${pointerSegment(logicalId)}`);
      return typeof value === 'symbol' ? null : value;
    },
    attribute: (logicalId, name) =>
      resolver.getAtt(logicalId, name, `/Resources/${pointerSegment(logicalId)}`),
    positionOf: (pointer) => text.positionOf(pointer),
  };
}
