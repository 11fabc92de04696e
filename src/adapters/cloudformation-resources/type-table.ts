import {
  type ProvisionContext,
  ProvisionError,
  type ProvisionedResource,
  type ResourceProvisioner,
  type UpdateBehaviour,
} from '../../services/cloudformation/resource-provisioner.js';

// One resource type's handlers, and the ResourceProvisioner a file's table of them makes: each provider file
// (ecs.ts, elbv2.ts, ec2.ts, logs.ts) exports `<service>ResourceTypes(endpoint)` built with typeTable, so the
// CloudFormation part lists one line per file.

export type Properties = Readonly<Record<string, unknown>>;

export interface ResourceType {
  /**
   * The properties whose change needs a new physical resource (the type's createOnlyProperties in its schema, the
   * docs' "Update requires: Replacement"); 'all' when every change does, as for a task definition.
   */
  readonly replacedOn: readonly string[] | 'all';
  create(properties: Properties, context: ProvisionContext): Promise<ProvisionedResource>;
  /** Absent when every change is a replacement. */
  update?(
    physicalId: string,
    properties: Properties,
    previous: Properties,
    context: ProvisionContext,
  ): Promise<ProvisionedResource>;
  delete(physicalId: string, properties: Properties, context: ProvisionContext): Promise<void>;
}

export function typeTable(types: Readonly<Record<string, ResourceType>>): ResourceProvisioner {
  const of = (type: string): ResourceType => {
    const found = Object.hasOwn(types, type) ? types[type] : undefined;
    if (!found) throw new ProvisionError(`berth does not support resource type ${type}`);
    return found;
  };
  return {
    supports: (type) => Object.hasOwn(types, type),
    updateBehaviour(type, changed): UpdateBehaviour {
      const { replacedOn, update } = of(type);
      if (replacedOn === 'all' || !update) return 'replacement';
      return changed.some((name) => replacedOn.includes(name)) ? 'replacement' : 'no-interruption';
    },
    create: (type, properties, context) => of(type).create(properties, context),
    update(type, physicalId, properties, previous, context) {
      const { update } = of(type);
      if (!update) throw new ProvisionError(`${type} cannot be updated in place; it is replaced`);
      return update(physicalId, properties, previous, context);
    },
    delete: (type, physicalId, properties, context) => of(type).delete(physicalId, properties, context),
  };
}
