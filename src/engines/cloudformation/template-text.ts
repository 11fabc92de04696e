import { locateJson } from './json-locator.js';
import { positionAt, type TextPosition, templateError } from './template-error.js';
import { readYamlTemplate } from './yaml-template.js';

/** A template's document as plain values, and where each value is in the text. */
export interface TemplateText {
  readonly format: 'json' | 'yaml';
  /** The document, intrinsic functions in their long form (`{"Fn::GetAtt": ["R", "Arn"]}`). */
  readonly root: Readonly<Record<string, unknown>>;
  /** The line and column where the value at a JSON pointer begins, if the text has it. */
  positionOf(pointer: string): TextPosition | undefined;
}

/**
 * Bounds on hostile input, checked before any work. CloudFormation accepts 1 MB from S3 (ref cloudformation-cdk
 * §4.5); CDK output can exceed it before deploy, so the cap is generous but finite.
 */
export const templateLimits = { maxBytes: 8 * 1024 * 1024, maxDepth: 128, maxNodes: 2_000_000 } as const;

/**
 * Reads a CloudFormation template in JSON or YAML (short-form tags included). A text that starts with `{` is JSON,
 * read by JSON.parse (a hundred times faster than a YAML parser on a CDK template); anything else is YAML. Every
 * failure is BERTH_INVALID_TEMPLATE with the line and column when there is one.
 */
export function readTemplateText(text: string): TemplateText {
  if (text.length > templateLimits.maxBytes) {
    throw templateError(`it is larger than ${templateLimits.maxBytes} characters`);
  }
  const trimmed = text.trimStart();
  const { format, root, positions } = trimmed.startsWith('{') ? readJson(text) : yaml(text);
  if (root === null || typeof root !== 'object' || Array.isArray(root)) {
    throw templateError('the document is not an object');
  }
  const resources = (root as Record<string, unknown>).Resources;
  if (resources === null || typeof resources !== 'object' || Array.isArray(resources)) {
    throw templateError('it has no Resources object', positions.get(''));
  }
  return {
    format,
    root: root as Record<string, unknown>,
    positionOf: (pointer) => positions.get(pointer),
  };
}

function readJson(text: string): { format: 'json'; root: unknown; positions: Map<string, TextPosition> } {
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (error) {
    // V8 says "… at position N" (Node 20) or "… (line L column C)" (Node 22+).
    const message = (error as Error).message;
    const offset = /at position (\d+)/.exec(message)?.[1];
    throw templateError(
      `not JSON (${message.split(/ at position| \(line/)[0]})`,
      offset === undefined ? undefined : positionAt(text, Number(offset)),
    );
  }
  return { format: 'json', root, positions: locateJson(text, templateLimits.maxDepth) };
}

function yaml(text: string): { format: 'yaml'; root: unknown; positions: Map<string, TextPosition> } {
  return { format: 'yaml', ...readYamlTemplate(text, templateLimits) };
}
