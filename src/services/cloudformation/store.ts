import type { Persistence } from '../../ports/index.js';
import { type Scope, ScopedCollection } from '../../ports/scoped-collection.js';
import type {
  ChangeSetRecord,
  EventRecord,
  ExportRecord,
  ResourceRecord,
  StackRecord,
} from './domain/records.js';

export const cloudformationCollections = {
  stacks: 'cloudformation-stacks',
  names: 'cloudformation-stack-names',
  resources: 'cloudformation-resources',
  events: 'cloudformation-events',
  changeSets: 'cloudformation-change-sets',
  exports: 'cloudformation-exports',
} as const;

/**
 * CloudFormation's documents per account and region. Keys: a stack by its id's UUID; a live stack's name → that
 * UUID (a deleted stack keeps its document, reachable by id only, as DescribeStacks by ARN needs, ref
 * cloudformation-cdk §1.5); resources `<uuid>/<logicalId>`; events `<uuid>/<10-digit sequence>`; change sets by
 * their id's UUID; exports by name.
 */
export class CloudFormationStore {
  readonly #p: Persistence;
  readonly stacks: ScopedCollection<StackRecord>;
  readonly #names: ScopedCollection<{ readonly uuid: string }>;
  readonly #resources: ScopedCollection<ResourceRecord>;
  readonly #events: ScopedCollection<EventRecord>;
  readonly #changeSets: ScopedCollection<ChangeSetRecord>;
  readonly #exports: ScopedCollection<ExportRecord>;

  constructor(persistence: Persistence) {
    this.#p = persistence;
    const c = cloudformationCollections;
    this.stacks = new ScopedCollection(persistence, c.stacks);
    this.#names = new ScopedCollection(persistence, c.names);
    this.#resources = new ScopedCollection(persistence, c.resources);
    this.#events = new ScopedCollection(persistence, c.events);
    this.#changeSets = new ScopedCollection(persistence, c.changeSets);
    this.#exports = new ScopedCollection(persistence, c.exports);
  }

  transaction<T>(fn: () => T): T {
    return this.#p.transaction(fn);
  }

  stackById(scope: Scope, stackId: string): StackRecord | undefined {
    return this.stacks.get(scope, uuidOf(stackId));
  }

  liveStackByName(scope: Scope, name: string): StackRecord | undefined {
    const entry = this.#names.get(scope, name);
    return entry && this.stacks.get(scope, entry.uuid);
  }

  putStack(stack: StackRecord): void {
    this.stacks.put(scopeOf(stack), uuidOf(stack.stackId), stack);
    if (stack.status === 'DELETE_COMPLETE') {
      const entry = this.#names.get(scopeOf(stack), stack.stackName);
      if (entry?.uuid === uuidOf(stack.stackId)) this.#names.delete(scopeOf(stack), stack.stackName);
    } else this.#names.put(scopeOf(stack), stack.stackName, { uuid: uuidOf(stack.stackId) });
  }

  /** Every stack the scope has, deleted ones included, in creation order. */
  allStacks(scope: Scope): StackRecord[] {
    return this.stacks.list(scope).sort((a, b) => a.creationTime.localeCompare(b.creationTime));
  }

  resources(stack: StackRecord): ResourceRecord[] {
    return this.#resources.list(scopeOf(stack), `${uuidOf(stack.stackId)}/`);
  }

  resource(stack: StackRecord, logicalId: string): ResourceRecord | undefined {
    return this.#resources.get(scopeOf(stack), `${uuidOf(stack.stackId)}/${logicalId}`);
  }

  putResource(stack: StackRecord, resource: ResourceRecord): void {
    this.#resources.put(scopeOf(stack), `${uuidOf(stack.stackId)}/${resource.logicalId}`, resource);
  }

  deleteResource(stack: StackRecord, logicalId: string): void {
    this.#resources.delete(scopeOf(stack), `${uuidOf(stack.stackId)}/${logicalId}`);
  }

  addEvent(stack: StackRecord, sequence: number, event: EventRecord): void {
    this.#events.put(scopeOf(stack), `${uuidOf(stack.stackId)}/${String(sequence).padStart(10, '0')}`, event);
  }

  /** A stack's events, newest first (DescribeStackEvents' order). */
  events(stack: StackRecord): EventRecord[] {
    return this.#events.list(scopeOf(stack), `${uuidOf(stack.stackId)}/`).reverse();
  }

  changeSet(scope: Scope, changeSetId: string): ChangeSetRecord | undefined {
    return this.#changeSets.get(scope, uuidOf(changeSetId));
  }

  changeSetsOf(scope: Scope, stackId: string): ChangeSetRecord[] {
    return this.#changeSets.list(scope).filter((c) => c.stackId === stackId);
  }

  putChangeSet(scope: Scope, changeSet: ChangeSetRecord): void {
    this.#changeSets.put(scope, uuidOf(changeSet.changeSetId), changeSet);
  }

  deleteChangeSet(scope: Scope, changeSetId: string): void {
    this.#changeSets.delete(scope, uuidOf(changeSetId));
  }

  exports(scope: Scope): ExportRecord[] {
    return this.#exports.list(scope);
  }

  putExport(scope: Scope, record: ExportRecord): void {
    this.#exports.put(scope, record.name, record);
  }

  deleteExport(scope: Scope, name: string): void {
    this.#exports.delete(scope, name);
  }

  /** Every stack of every scope (berth up's start looks for operations a stop interrupted). */
  everyStack(): StackRecord[] {
    return this.#p.list<StackRecord>(cloudformationCollections.stacks);
  }
}

export function scopeOf(stack: { readonly account: string; readonly region: string }): Scope {
  return { account: stack.account, region: stack.region };
}

/** The UUID that ends a stack or change-set ARN (`…:stack/NAME/UUID`). */
function uuidOf(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}
