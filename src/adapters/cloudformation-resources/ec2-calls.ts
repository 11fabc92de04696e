import { CreateTagsCommand, DeleteTagsCommand, EC2Client, type ResourceType } from '@aws-sdk/client-ec2';
import type { ProvisionContext } from '../../services/cloudformation/resource-provisioner.js';
import { deleteIgnoringNotFound, handled } from './handler-failure.js';
import { resourceTags, retag } from './physical-names.js';
import type { Properties, ProviderCall } from './provider.js';

// What the EC2 providers share: a client per call with CloudFormation's error texts, tags as TagSpecifications at
// create and CreateTags/DeleteTags on update, and the number conversion of port members (a Ref to a parameter is a
// string; the EC2 API wants integers).

/** Runs `use` with an EC2 client for the call; the service's errors become CloudFormation's text. */
export function run<T>(call: ProviderCall, use: (client: EC2Client) => Promise<T>): Promise<T> {
  return handled('Ec2', () => use(call.client(EC2Client)));
}

/** A delete step: NotFound (already gone) is success. */
export function remove(call: ProviderCall, step: (client: EC2Client) => Promise<unknown>): Promise<void> {
  return deleteIgnoringNotFound('Ec2', () => step(call.client(EC2Client)));
}

/** The TagSpecifications member for a created resource of `type`, or nothing when it has no tags. */
export function tagSpecifications(type: ResourceType, p: Properties, context: ProvisionContext) {
  const tags = resourceTags(p['Tags'], context);
  return tags.length > 0 ? { TagSpecifications: [{ ResourceType: type, Tags: tags }] } : {};
}

export function retagEc2(
  client: EC2Client,
  id: string,
  p: Properties,
  previous: Properties,
  context: ProvisionContext,
) {
  return retag(p['Tags'], previous['Tags'], context, {
    remove: (keys) =>
      client.send(new DeleteTagsCommand({ Resources: [id], Tags: keys.map((Key) => ({ Key })) })),
    set: (tags) => client.send(new CreateTagsCommand({ Resources: [id], Tags: tags })),
  });
}

export function integer(value: unknown): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  return Number(value);
}

export function text(value: unknown): string | undefined {
  return value === undefined || value === null ? undefined : String(value);
}

export function changed(p: Properties, previous: Properties, name: string): boolean {
  return JSON.stringify(p[name]) !== JSON.stringify(previous[name]);
}
