import { FrameworkError } from '../../errors.js';

/** `X-Amz-Target: secretsmanager.GetSecretValue` → prefix and operation; undefined when not of that form. */
export function parseJsonTarget(target: string): { prefix: string; operation: string } | undefined {
  const dot = target.lastIndexOf('.');
  if (dot <= 0 || dot === target.length - 1) return undefined;
  return { prefix: target.slice(0, dot), operation: target.slice(dot + 1) };
}

/**
 * The input of an AWS JSON 1.1 request: the body must be one JSON object; an empty body is `{}` (servers must accept
 * it, ref aws-iam-and-protocols §4.1). Anything else is the SerializationException AWS answers with. Member types are not checked
 * here — that is input validation, against the operation's shape.
 */
export function parseJsonBody(body: Buffer): Record<string, unknown> {
  const text = body.toString('utf8');
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new FrameworkError('serialization', '');
  }
  if (Array.isArray(value))
    throw new FrameworkError('serialization', 'Start of list found where not expected');
  if (typeof value !== 'object' || value === null) throw new FrameworkError('serialization', '');
  return value as Record<string, unknown>;
}
