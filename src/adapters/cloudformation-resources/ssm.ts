import {
  AddTagsToResourceCommand,
  DeleteParameterCommand,
  PutParameterCommand,
  SSMClient,
} from '@aws-sdk/client-ssm';
import { ProvisionError } from '../../services/cloudformation/index.js';
import {
  deleted,
  type Properties,
  type ProviderCall,
  type ResourceProvider,
  tagList,
  text,
} from './provider.js';

/**
 * AWS::SSM::Parameter (cfn-doc aws-resource-ssm-parameter.md): Ref is the parameter's name, GetAtt Type and Value.
 * Name is create-only; a value or description change overwrites the parameter (a new version). Tags are a map.
 */
async function put(properties: Properties, name: string, overwrite: boolean, call: ProviderCall) {
  const ssm = call.client(SSMClient);
  const type = text(properties.Type) ?? 'String';
  const value = text(properties.Value);
  if (value === undefined)
    throw new ProvisionError('Properties validation failed for resource: required key [Value] not found');
  try {
    await ssm.send(
      new PutParameterCommand({
        Name: name,
        Value: value,
        Type: type as never,
        Overwrite: overwrite,
        ...(text(properties.Description) ? { Description: text(properties.Description) } : {}),
        ...(text(properties.AllowedPattern) ? { AllowedPattern: text(properties.AllowedPattern) } : {}),
        ...(text(properties.Tier) ? { Tier: text(properties.Tier) as never } : {}),
        ...(text(properties.DataType) ? { DataType: text(properties.DataType) } : {}),
      }),
    );
    const tags =
      properties.Tags && typeof properties.Tags === 'object'
        ? (properties.Tags as Record<string, unknown>)
        : {};
    const list = tagList(
      Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
      call.context,
    );
    if (list.length > 0 && !overwrite) {
      await ssm.send(
        new AddTagsToResourceCommand({ ResourceType: 'Parameter', ResourceId: name, Tags: list }),
      );
    }
  } catch (error) {
    throw new ProvisionError((error as Error).message);
  }
  return { physicalId: name, attributes: { Type: type, Value: value } };
}

export const ssmProviders: Readonly<Record<string, ResourceProvider>> = {
  'AWS::SSM::Parameter': {
    createOnly: ['Name'],
    create: (properties, call) =>
      put(
        properties,
        text(properties.Name) ?? `CFN-${call.generatedName(128).replace(/[^A-Za-z0-9_.-]/g, '-')}`,
        false,
        call,
      ),
    update: (physicalId, properties, _previous, call) => put(properties, physicalId, true, call),
    delete: async (physicalId, _properties, call) => {
      await deleted(
        call.client(SSMClient).send(new DeleteParameterCommand({ Name: physicalId })),
        'ParameterNotFound',
      );
    },
  },
};
