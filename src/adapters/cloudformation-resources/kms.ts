import {
  CreateAliasCommand,
  CreateKeyCommand,
  DeleteAliasCommand,
  DisableKeyRotationCommand,
  EnableKeyRotationCommand,
  KMSClient,
  PutKeyPolicyCommand,
  ScheduleKeyDeletionCommand,
  UpdateAliasCommand,
  UpdateKeyDescriptionCommand,
} from '@aws-sdk/client-kms';
import { ProvisionError } from '../../services/cloudformation/index.js';
import {
  deleted,
  isNotFound,
  type ProviderCall,
  policyText,
  type ResourceProvider,
  text,
  using,
} from './provider.js';

const kms = using(KMSClient);

const keyArn = (call: ProviderCall, keyId: string) =>
  `arn:aws:kms:${call.context.region}:${call.context.account}:key/${keyId}`;

/**
 * AWS::KMS::Key (Ref = key id; GetAtt Arn, KeyId) and AWS::KMS::Alias (Ref = alias name), through KMS's API (ref
 * cloudformation-cdk §5.2, §5.3). KeySpec and KeyUsage are create-only; deleting a key schedules its deletion
 * (PendingWindowInDays, default 30), as CloudFormation does.
 */
export const kmsProviders: Readonly<Record<string, ResourceProvider>> = {
  'AWS::KMS::Key': {
    createOnly: ['KeySpec', 'KeyUsage', 'MultiRegion', 'Origin'],
    create: async (properties, call) => {
      const out = await kms(call, (c) =>
        c.send(
          new CreateKeyCommand({
            ...(policyText(properties.KeyPolicy) ? { Policy: policyText(properties.KeyPolicy) } : {}),
            ...(text(properties.Description) ? { Description: text(properties.Description) } : {}),
            ...(text(properties.KeyUsage) ? { KeyUsage: text(properties.KeyUsage) as never } : {}),
            ...(text(properties.KeySpec) ? { KeySpec: text(properties.KeySpec) as never } : {}),
            Tags: (Array.isArray(properties.Tags) ? properties.Tags : []).map(
              (t: { Key: string; Value: unknown }) => ({
                TagKey: t.Key,
                TagValue: String(t.Value),
              }),
            ),
          }),
        ),
      );
      const keyId = out.KeyMetadata!.KeyId!;
      if (String(properties.EnableKeyRotation) === 'true') {
        await kms(call, (c) => c.send(new EnableKeyRotationCommand({ KeyId: keyId })));
      }
      return { physicalId: keyId, attributes: { Arn: keyArn(call, keyId), KeyId: keyId } };
    },
    update: async (physicalId, properties, previous, call) => {
      if (
        policyText(properties.KeyPolicy) !== policyText(previous.KeyPolicy) &&
        properties.KeyPolicy !== undefined
      ) {
        await kms(call, (c) =>
          c.send(
            new PutKeyPolicyCommand({
              KeyId: physicalId,
              PolicyName: 'default',
              Policy: policyText(properties.KeyPolicy),
            }),
          ),
        );
      }
      if (properties.Description !== previous.Description) {
        await kms(call, (c) =>
          c.send(
            new UpdateKeyDescriptionCommand({
              KeyId: physicalId,
              Description: text(properties.Description) ?? '',
            }),
          ),
        );
      }
      if (String(properties.EnableKeyRotation) !== String(previous.EnableKeyRotation)) {
        const Command =
          String(properties.EnableKeyRotation) === 'true'
            ? EnableKeyRotationCommand
            : DisableKeyRotationCommand;
        await kms(call, (c) => c.send(new Command({ KeyId: physicalId })));
      }
      return { physicalId, attributes: { Arn: keyArn(call, physicalId), KeyId: physicalId } };
    },
    delete: async (physicalId, properties, call) => {
      const days = Number(properties.PendingWindowInDays ?? 30);
      await call
        .client(KMSClient)
        .send(new ScheduleKeyDeletionCommand({ KeyId: physicalId, PendingWindowInDays: days }))
        .catch((error: unknown) => {
          if (!isNotFound(error, 'NotFoundException', 'KMSInvalidStateException')) {
            throw new ProvisionError((error as Error).message);
          }
        });
    },
  },
  'AWS::KMS::Alias': {
    createOnly: ['AliasName'],
    create: async (properties, call) => {
      const name = String(properties.AliasName);
      await kms(call, (c) =>
        c.send(new CreateAliasCommand({ AliasName: name, TargetKeyId: text(properties.TargetKeyId) })),
      );
      return { physicalId: name, attributes: {} };
    },
    update: async (physicalId, properties, _previous, call) => {
      await kms(call, (c) =>
        c.send(new UpdateAliasCommand({ AliasName: physicalId, TargetKeyId: text(properties.TargetKeyId) })),
      );
      return { physicalId, attributes: {} };
    },
    delete: async (physicalId, _properties, call) => {
      await deleted(
        call.client(KMSClient).send(new DeleteAliasCommand({ AliasName: physicalId })),
        'NotFoundException',
      );
    },
  },
};
