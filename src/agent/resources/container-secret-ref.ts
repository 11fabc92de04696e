import { BerthError } from '../../errors/index.js';
import { messages } from '../messages.js';
import { decodeGoJsonMap, formatGoValue, GoJsonError, type GoJsonValue } from './go-json.js';

const texts = messages.agentResource;

/** What one `secrets[].valueFrom` asks of Secrets Manager (ref ecs-private-auth §6.6). */
export interface AsmSecretRef {
  /** The SecretId sent: the whole valueFrom, or the ARN rebuilt without the `:json-key:stage:version` suffix. */
  readonly secretId: string;
  /** The region of the ARN (ECS sends the secret's region with it, ref ecs-private-auth §1.1). */
  readonly region: string;
  readonly jsonKey?: string;
  readonly versionStage?: string;
  readonly versionId?: string;
}

/** A valueFrom or secret value the agent cannot use; `text` is the agent's error text for it. */
export class ContainerSecretError extends BerthError {
  readonly text: string;

  constructor(text: string) {
    super('BERTH_INVALID_ARGUMENT', text);
    this.name = 'ContainerSecretError';
    this.text = text;
  }
}

/**
 * Which service a valueFrom names. ECS's control plane decides the provider; a Secrets Manager ARN goes to Secrets
 * Manager and anything else (an SSM parameter name or ARN) to Parameter Store [INF from the API docs: "the full ARN
 * of the Secrets Manager secret or the full ARN or name of the parameter in the SSM Parameter Store"].
 */
export function secretProvider(valueFrom: string): 'asm' | 'ssm' {
  return /^arn:[^:]*:secretsmanager:/.test(valueFrom) ? 'asm' : 'ssm';
}

/**
 * The agent's getASMParametersFromInput (ref ecs-private-auth §6.6): the valueFrom must be an ARN (Go `arn.Parse`: prefix
 * `arn:` and six `:`-separated sections, the last holding the rest); its resource is either `secret:<id>` (the
 * whole valueFrom is the SecretId) or exactly `secret:<id>:<json-key>:<version-stage>:<version-id>` (empty fields
 * allowed); any other shape is refused.
 */
export function parseAsmSecretRef(valueFrom: string): AsmSecretRef {
  if (!valueFrom.startsWith('arn:')) {
    throw new ContainerSecretError(texts.unusableValueFrom(valueFrom, 'arn: invalid prefix'));
  }
  const sections = splitN(valueFrom, ':', 6);
  if (sections.length !== 6) {
    throw new ContainerSecretError(texts.unusableValueFrom(valueFrom, 'arn: not enough sections'));
  }
  const [, partition, service, region, account, resource] = sections as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const parts = resource.split(':');
  if (parts.length === 2) return { secretId: valueFrom, region };
  if (parts.length !== 5) {
    throw new ContainerSecretError(texts.unusableValueFrom(valueFrom, texts.invalidSecretArnFormat));
  }
  const [type, id, jsonKey, versionStage, versionId] = parts as [string, string, string, string, string];
  return {
    secretId: `arn:${partition}:${service}:${region}:${account}:${type}:${id}`,
    region,
    ...(jsonKey === '' ? {} : { jsonKey }),
    ...(versionStage === '' ? {} : { versionStage }),
    ...(versionId === '' ? {} : { versionId }),
  };
}

/**
 * The value the container gets (GetSecretFromASMWithInput): the SecretString as is, or with a json-key the
 * member of the JSON object rendered with Go's `%v` (ref ecs-private-auth §6.6). Go reads a missing SecretString as `""`
 * without a key; with a key the agent dereferences it, which berth reads as `""` too [INF].
 */
export function secretValueFor(ref: AsmSecretRef, secretString: string | undefined): string {
  if (ref.jsonKey === undefined) return secretString ?? '';
  let members: Map<string, GoJsonValue>;
  try {
    members = decodeGoJsonMap(secretString ?? '');
  } catch (error) {
    if (error instanceof GoJsonError) throw new ContainerSecretError(error.message);
    throw error;
  }
  const value = members.get(ref.jsonKey);
  if (value === undefined) throw new ContainerSecretError(texts.missingJsonKey(ref.jsonKey));
  return formatGoValue(value);
}

/** Go's strings.SplitN: at most `n` parts, the last holding the remainder. */
function splitN(text: string, separator: string, n: number): string[] {
  const parts = text.split(separator);
  if (parts.length <= n) return parts;
  return [...parts.slice(0, n - 1), parts.slice(n - 1).join(separator)];
}
