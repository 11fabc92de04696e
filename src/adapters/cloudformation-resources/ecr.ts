import {
  CreateRepositoryCommand,
  DeleteRepositoryCommand,
  ECRClient,
  PutImageTagMutabilityCommand,
  PutLifecyclePolicyCommand,
  SetRepositoryPolicyCommand,
} from '@aws-sdk/client-ecr';
import {
  deleted,
  type Properties,
  type ProviderCall,
  policyText,
  type ResourceProvider,
  tagList,
  text,
  using,
} from './provider.js';

const ecr = using(ECRClient);

/** The repository policy and lifecycle policy, when the template sets them. */
async function policies(name: string, p: Properties, call: ProviderCall): Promise<void> {
  const repositoryPolicy = policyText(p.RepositoryPolicyText);
  if (repositoryPolicy !== undefined) {
    await ecr(call, (c) =>
      c.send(new SetRepositoryPolicyCommand({ repositoryName: name, policyText: repositoryPolicy })),
    );
  }
  const lifecycle = text((p.LifecyclePolicy as Properties | undefined)?.LifecyclePolicyText);
  if (lifecycle !== undefined) {
    await ecr(call, (c) =>
      c.send(new PutLifecyclePolicyCommand({ repositoryName: name, lifecyclePolicyText: lifecycle })),
    );
  }
}

function attributes(name: string, call: ProviderCall) {
  const { account, region } = call.context;
  return {
    Arn: `arn:aws:ecr:${region}:${account}:repository/${name}`,
    RepositoryUri: `${account}.dkr.ecr.${region}.amazonaws.com/${name}`,
  };
}

/**
 * AWS::ECR::Repository (Ref = name; GetAtt Arn, RepositoryUri, ref cloudformation-cdk §5.2) through ECR's API.
 * EmptyOnDelete forces the deletion of a repository that still has images.
 */
export const ecrProviders: Readonly<Record<string, ResourceProvider>> = {
  'AWS::ECR::Repository': {
    createOnly: ['RepositoryName', 'EncryptionConfiguration'],
    create: async (properties, call) => {
      const name = text(properties.RepositoryName) ?? call.generatedName(256).toLowerCase();
      const scan = properties.ImageScanningConfiguration as Properties | undefined;
      await ecr(call, (c) =>
        c.send(
          new CreateRepositoryCommand({
            repositoryName: name,
            ...(text(properties.ImageTagMutability)
              ? { imageTagMutability: text(properties.ImageTagMutability) as never }
              : {}),
            ...(scan
              ? { imageScanningConfiguration: { scanOnPush: String(scan.ScanOnPush) === 'true' } }
              : {}),
            tags: tagList(properties.Tags, call.context),
          }),
        ),
      );
      await policies(name, properties, call);
      return { physicalId: name, attributes: attributes(name, call) };
    },
    update: async (physicalId, properties, previous, call) => {
      if (properties.ImageTagMutability !== previous.ImageTagMutability) {
        await ecr(call, (c) =>
          c.send(
            new PutImageTagMutabilityCommand({
              repositoryName: physicalId,
              imageTagMutability: (text(properties.ImageTagMutability) ?? 'MUTABLE') as never,
            }),
          ),
        );
      }
      await policies(physicalId, properties, call);
      return { physicalId, attributes: attributes(physicalId, call) };
    },
    delete: async (physicalId, properties, call) => {
      await deleted(
        call.client(ECRClient).send(
          new DeleteRepositoryCommand({
            repositoryName: physicalId,
            force: String(properties.EmptyOnDelete) === 'true',
          }),
        ),
        'RepositoryNotFoundException',
      );
    },
  },
};
