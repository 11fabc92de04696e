import { randomBytes } from 'node:crypto';
import {
  type ProvisionContext,
  ProvisionError,
  type ProvisionedResource,
} from '../../services/cloudformation/index.js';
import { type ClientConfig, clientConfig, type ProvisioningEndpoint } from './clients.js';

export type Properties = Readonly<Record<string, unknown>>;

/** What a provider call gets: where and as whom it runs, and SDK clients of berth acting so. */
export interface ProviderCall {
  readonly context: ProvisionContext;
  client<C>(Client: new (config: ClientConfig) => C): C;
  /**
   * The name CloudFormation generates for a resource without one: `<stack>-<logicalId>-<RANDOM>` cut to `max`
   * characters (cfn-doc aws-properties-name.md; ref cloudformation-cdk §5.2).
   */
  generatedName(max?: number): string;
}

/**
 * One resource type (CloudFormation's registry handler contract, LocalStack's ResourceProvider, ref
 * cloudformation-cdk §6.1): create, update in place, delete. A change to a `createOnly` property, or any change when
 * the type has no `update`, replaces the resource.
 */
export interface ResourceProvider {
  readonly createOnly?: readonly string[];
  create(properties: Properties, call: ProviderCall): Promise<ProvisionedResource>;
  update?(
    physicalId: string,
    properties: Properties,
    previous: Properties,
    call: ProviderCall,
  ): Promise<ProvisionedResource>;
  /** Deleting what is already gone succeeds. */
  delete(physicalId: string, properties: Properties, call: ProviderCall): Promise<void>;
}

export function providerCall(endpoint: ProvisioningEndpoint, context: ProvisionContext): ProviderCall {
  return {
    context,
    client: (Client) => new Client(clientConfig(endpoint, context.credentials, context.region)),
    generatedName: (max = 64) => generatedName(context, max),
  };
}

/**
 * `<StackName>-<LogicalId>-<RANDOM>` as CloudFormation generates physical names (e.g.
 * `MyStack-MyECSCluster-NT5EUXTNTXXD`, ref cloudformation-cdk §5.2), cut to `limit`: the stack and logical parts share
 * what the 12-character suffix leaves.
 */
export function generatedName(context: ProvisionContext, limit: number): string {
  const suffix = randomSuffix();
  const room = limit - suffix.length - 2;
  const { stackName, logicalId } = context;
  if (stackName.length + logicalId.length <= room) return `${stackName}-${logicalId}-${suffix}`;
  const stackPart = Math.min(stackName.length, Math.max(Math.floor(room / 2), room - logicalId.length));
  return `${stackName.slice(0, stackPart)}-${logicalId.slice(0, room - stackPart)}-${suffix}`;
}

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** The 12 upper-case letters and digits CloudFormation appends to generated names (observed shape). */
export function randomSuffix(length = 12): string {
  return Array.from(randomBytes(length), (byte) => alphabet[byte % alphabet.length]).join('');
}

/** A property as a string, or undefined. */
export function text(value: unknown): string | undefined {
  return typeof value === 'string'
    ? value
    : typeof value === 'number' || typeof value === 'boolean'
      ? String(value)
      : undefined;
}

/** A policy document property (an object in templates, sometimes a JSON string) as the JSON text IAM takes. */
export function policyText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** CloudFormation's `Tags: [{Key, Value}]`, plus the stack's own tags, as SDK tag lists. */
export function tagList(value: unknown, context: ProvisionContext): { Key: string; Value: string }[] {
  const own = Array.isArray(value) ? (value as { Key?: unknown; Value?: unknown }[]) : [];
  const tags = new Map(Object.entries(context.stackTags));
  for (const tag of own) if (typeof tag.Key === 'string') tags.set(tag.Key, text(tag.Value) ?? '');
  return [...tags].map(([Key, Value]) => ({ Key, Value }));
}

/** Whether an SDK error says the thing is already gone (delete then succeeds). */
export function isNotFound(error: unknown, ...names: string[]): boolean {
  const name = (error as { name?: string })?.name ?? '';
  return names.includes(name) || /NotFound|NoSuch/.test(name);
}

/**
 * Calls of one SDK client whose failures become the resource's reason (the service's own message, as CloudFormation
 * shows the handler's message): `const iam = using(IAMClient); await iam(call, (c) => c.send(…))`.
 */
export function using<C>(Client: new (config: ClientConfig) => C) {
  return async <T>(call: ProviderCall, send: (client: C) => Promise<T>): Promise<T> => {
    try {
      return await send(call.client(Client));
    } catch (error) {
      throw new ProvisionError((error as Error).message);
    }
  };
}

/** A delete whose "not found" answer (`names`, or any *NotFound/NoSuch* error) means done; other failures are reasons. */
export async function deleted(work: Promise<unknown>, ...names: string[]): Promise<void> {
  try {
    await work;
  } catch (error) {
    if (!isNotFound(error, ...names)) throw new ProvisionError((error as Error).message);
  }
}
