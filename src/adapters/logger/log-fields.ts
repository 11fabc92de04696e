import { isBerthError } from '../../errors/index.js';

/**
 * The only fields a log line can carry. Every logger method copies these by name from what it is given and drops
 * everything else, so a header, a request body, a secret or a token cannot reach a log line by being passed along
 * in an object: redaction by construction, not by pattern matching on the way out.
 */
export interface LogFields {
  readonly requestId?: string;
  readonly service?: string;
  readonly operation?: string;
  readonly status?: number;
  readonly durationMs?: number;
  readonly callerArn?: string;
  /** An AWS or registry error code (`AccessDeniedException`), or a BerthError code. */
  readonly errorCode?: string;
  readonly method?: string;
  /** A request path without its query (a presigned URL carries X-Amz-Signature and the session token there). */
  readonly path?: string;
  readonly endpoint?: string;
  /** The HTTPS listener's endpoint. */
  readonly tlsEndpoint?: string;
  readonly stateDir?: string;
  readonly accountId?: string;
  readonly region?: string;
  /** The access key id, never its secret: like CloudTrail's `accessKeyId`, it names a key without granting it. */
  readonly accessKeyId?: string;
  readonly credentialSource?: string;
}

const stringFields = [
  'requestId',
  'service',
  'operation',
  'callerArn',
  'errorCode',
  'method',
  'path',
  'endpoint',
  'tlsEndpoint',
  'stateDir',
  'accountId',
  'region',
  'accessKeyId',
  'credentialSource',
] as const;
const numberFields = ['status', 'durationMs'] as const;
const maxLength = 256;

/** Copies the allow-listed fields, typed and length-capped; anything else in `fields` is ignored. */
export function pickLogFields(fields: LogFields | undefined): Record<string, string | number> {
  const picked: Record<string, string | number> = {};
  if (!fields) return picked;
  for (const name of stringFields) {
    const value = fields[name];
    if (typeof value === 'string')
      picked[name] = value.length > maxLength ? value.slice(0, maxLength) : value;
  }
  for (const name of numberFields) {
    const value = fields[name];
    if (typeof value === 'number' && Number.isFinite(value)) {
      picked[name] = name === 'durationMs' ? Math.round(value * 1000) / 1000 : value;
    }
  }
  return picked;
}

/**
 * What is logged of an error: its class, its code, and where it was thrown — not its message, which may quote
 * input (a secret value in a failed parse, a token in a bad header). The message stays with the caller.
 */
export function describeError(error: unknown): Record<string, string> {
  if (!(error instanceof Error)) return { errorName: typeof error };
  const described: Record<string, string> = { errorName: error.name };
  if (isBerthError(error)) described['errorCode'] = error.code;
  else {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Za-z0-9_]{1,64}$/.test(code)) described['errorCode'] = code;
  }
  const frames = (error.stack ?? '')
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .slice(0, 12)
    .map((line) => line.trim());
  if (frames.length) described['stack'] = frames.join('\n');
  return described;
}
