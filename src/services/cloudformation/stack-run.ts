import {
  type DeployFacts,
  dynamicReferencesIn,
  type PhysicalValues,
  readTemplateText,
  type TemplateText,
} from '../../engines/cloudformation/index.js';
import type { Clock, Random } from '../../ports/index.js';
import type { DeployPorts } from './deploy-ports.js';
import { randomUuid } from './domain/ids.js';
import type { ResourceRecord, StackRecord } from './domain/records.js';
import type { DeployCredentials, ProvisionContext, ResourceProvisioner } from './resource-provisioner.js';
import { type CloudFormationStore, scopeOf } from './store.js';

export interface DeployDeps {
  readonly store: CloudFormationStore;
  readonly clock: Clock;
  readonly random: Random;
  readonly partition: string;
  readonly provisioner: ResourceProvisioner;
  readonly ports: DeployPorts;
}

/** The template and parameter values one stack operation deploys. */
export interface DeployPlan {
  readonly templateBody: string;
  readonly parameters: Readonly<Record<string, string>>;
  readonly resolvedSsm: Readonly<Record<string, string>>;
}

/**
 * One stack operation as it runs: the stack's record and its resources' records kept in the store at every step,
 * the events CloudFormation writes (ref cloudformation-cdk §4.4), the facts its template is evaluated with, and the
 * ProvisionContext each provider call gets.
 */
export class StackRun {
  readonly deps: DeployDeps;
  readonly credentials: DeployCredentials;
  readonly signal: AbortSignal;
  readonly token: string | undefined;
  /** The exports the operation's template read (Fn::ImportValue). */
  readonly imported = new Set<string>();
  #stack: StackRecord;

  constructor(
    deps: DeployDeps,
    stack: StackRecord,
    credentials: DeployCredentials,
    signal: AbortSignal,
    token?: string,
  ) {
    this.deps = deps;
    this.#stack = stack;
    this.credentials = credentials;
    this.signal = signal;
    this.token = token;
  }

  get stack(): StackRecord {
    return this.#stack;
  }

  now(): string {
    return this.deps.clock.now().toISOString();
  }

  /** Changes the stack record (and writes the stack's event when the status changes). */
  update(changes: Partial<StackRecord>): void {
    const before = this.#stack;
    this.#stack = { ...before, ...changes };
    this.deps.store.putStack(this.#stack);
  }

  status(status: string, reason?: string): void {
    const { statusReason: _, ...rest } = this.#stack;
    this.#stack = { ...rest, status, ...(reason === undefined ? {} : { statusReason: reason }) };
    this.deps.store.putStack(this.#stack);
    this.#event(this.#stack.stackName, 'AWS::CloudFormation::Stack', status, reason, this.#stack.stackId);
  }

  resources(): ResourceRecord[] {
    return this.deps.store.resources(this.#stack);
  }

  resource(logicalId: string): ResourceRecord | undefined {
    return this.deps.store.resource(this.#stack, logicalId);
  }

  /** Stores a resource's new state and writes its event. */
  record(resource: ResourceRecord, status: string, reason?: string): ResourceRecord {
    const { statusReason: _, ...rest } = resource;
    const next: ResourceRecord = {
      ...rest,
      status,
      timestamp: this.now(),
      ...(reason === undefined ? {} : { statusReason: reason }),
    };
    this.deps.store.putResource(this.#stack, next);
    this.#event(next.logicalId, next.type, status, reason, next.physicalId);
    return next;
  }

  /** An event of a resource that is not (or no longer) the stack's record (a replaced physical resource). */
  event(resource: ResourceRecord, status: string, reason?: string): void {
    this.#event(resource.logicalId, resource.type, status, reason, resource.physicalId);
  }

  forget(logicalId: string): void {
    this.deps.store.deleteResource(this.#stack, logicalId);
  }

  #event(logicalId: string, type: string, status: string, reason?: string, physicalId?: string): void {
    const sequence = this.#stack.eventCount + 1;
    this.#stack = { ...this.#stack, eventCount: sequence };
    this.deps.store.transaction(() => {
      this.deps.store.putStack(this.#stack);
      this.deps.store.addEvent(this.#stack, sequence, {
        EventId: randomUuid(this.deps.random),
        StackId: this.#stack.stackId,
        StackName: this.#stack.stackName,
        LogicalResourceId: logicalId,
        ...(physicalId === undefined ? {} : { PhysicalResourceId: physicalId }),
        ResourceType: type,
        Timestamp: this.now(),
        ResourceStatus: status,
        ...(reason === undefined ? {} : { ResourceStatusReason: reason }),
        ...(this.token === undefined ? {} : { ClientRequestToken: this.token }),
      });
    });
  }

  context(logicalId: string): ProvisionContext {
    const { stackName, stackId, account, region, tags } = this.#stack;
    return {
      stackName,
      stackId,
      account,
      region,
      logicalId,
      credentials: this.credentials,
      stackTags: Object.fromEntries(tags.map((tag) => [tag.Key, tag.Value])),
      signal: this.signal,
    };
  }

  /**
   * What the plan's template is evaluated with: the created resources (read live, so a resource created a moment ago
   * counts), the region's exports, and — read once, before evaluation — its availability zones and dynamic
   * references, through berth's APIs with the operation's credentials.
   */
  async facts(plan: DeployPlan): Promise<{ text: TemplateText; facts: DeployFacts }> {
    const text = readTemplateText(plan.templateBody);
    const { account, region } = this.#stack;
    const references = [...new Set(dynamicReferencesIn(plan.templateBody))];
    const [dynamicReferences, availabilityZones] = await Promise.all([
      references.length === 0
        ? new Map<string, string>()
        : this.deps.ports.resolveDynamicReferences(references, this.credentials, region),
      plan.templateBody.includes('GetAZs') ? this.deps.ports.availabilityZones(this.credentials, region) : [],
    ]);
    // Each export read through Fn::ImportValue is noted: the stack then imports it (ListImports, and the export
    // cannot be removed while it does).
    const exports: Record<string, string> = {};
    for (const e of this.deps.store.exports(scopeOf({ account, region }))) {
      Object.defineProperty(exports, e.name, {
        enumerable: true,
        get: () => {
          this.imported.add(e.name);
          return e.value;
        },
      });
    }
    return {
      text,
      facts: {
        stackId: this.#stack.stackId,
        resource: (logicalId) => valuesOf(this.resource(logicalId)),
        exports,
        availabilityZones,
        dynamicReferences,
      },
    };
  }
}

/** A resource's Ref and attributes while it exists. */
export function valuesOf(resource: ResourceRecord | undefined): PhysicalValues | undefined {
  if (resource?.physicalId === undefined || !isLive(resource)) return undefined;
  return { ref: resource.physicalId, attributes: resource.attributes as PhysicalValues['attributes'] };
}

/** Whether the physical resource exists (created and not deleted). */
export function isLive(resource: ResourceRecord): boolean {
  return (
    resource.physicalId !== undefined &&
    !['DELETE_COMPLETE', 'DELETE_SKIPPED'].includes(resource.status) &&
    !(resource.status === 'CREATE_FAILED')
  );
}
