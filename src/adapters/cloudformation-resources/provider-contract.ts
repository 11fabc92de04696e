import type {
  ProvisionContext,
  ProvisionedResource,
} from '../../services/cloudformation/resource-provisioner.js';

// The contract of one resource type's provider, as the CloudFormation part's provider registry takes them (one
// `...<service>ResourceTypes` spread per file). Written here by shape, because that registry was built in parallel:
// the registry's ProviderCall and ResourceProvider are structurally assignable to these (they may carry more).

export type Properties = Readonly<Record<string, unknown>>;

/** The configuration an SDK v3 client is made with: berth's endpoint, the operation's region and credentials. */
export interface ProviderClientConfig {
  readonly endpoint: string;
  readonly region: string;
  readonly credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  readonly maxAttempts: number;
}

/** Where and as whom one provider call runs, with SDK clients of berth's public API acting so. */
export interface ProviderCall {
  readonly context: ProvisionContext;
  client<C>(Client: new (config: ProviderClientConfig) => C): C;
  /** CloudFormation's generated name for a resource without one: `<stack>-<logicalId>-<RANDOM>`, at most `max`. */
  generatedName(max?: number): string;
}

/**
 * One resource type: create, update in place, delete. A change to a `createOnly` property (the type schema's
 * createOnlyProperties, the docs' "Update requires: Replacement"), or any change when there is no `update`, replaces
 * the resource. Deleting what is already gone succeeds.
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
  delete(physicalId: string, properties: Properties, call: ProviderCall): Promise<void>;
}
