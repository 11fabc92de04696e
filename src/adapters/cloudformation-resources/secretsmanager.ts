import { randomInt } from 'node:crypto';
import {
  CreateSecretCommand,
  DeleteSecretCommand,
  SecretsManagerClient,
  UpdateSecretCommand,
} from '@aws-sdk/client-secrets-manager';
import { ProvisionError } from '../../services/cloudformation/index.js';
import { deleted, type Properties, type ResourceProvider, tagList, text, using } from './provider.js';

const punctuation = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';

/**
 * GenerateSecretString (cfn-doc aws-properties-secretsmanager-secret-generatesecretstring.md, ref cloudformation-cdk
 * §5.3): PasswordLength (32), the Exclude* switches, ExcludeCharacters, IncludeSpace, RequireEachIncludedType (true);
 * with SecretStringTemplate and GenerateStringKey the password goes into the template's JSON under that key.
 */
export function generateSecretString(spec: Properties): string {
  const flag = (name: string) => String(spec[name]) === 'true';
  const excluded = new Set(text(spec.ExcludeCharacters) ?? '');
  const sets = [
    flag('ExcludeLowercase') ? '' : 'abcdefghijklmnopqrstuvwxyz',
    flag('ExcludeUppercase') ? '' : 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
    flag('ExcludeNumbers') ? '' : '0123456789',
    flag('ExcludePunctuation') ? '' : punctuation,
    flag('IncludeSpace') ? ' ' : '',
  ]
    .map((set) => [...set].filter((c) => !excluded.has(c)).join(''))
    .filter((set) => set.length > 0);
  const length = Number(spec.PasswordLength ?? 32);
  if (sets.length === 0 || !Number.isInteger(length) || length < 1 || length > 4096) {
    throw new ProvisionError('GenerateSecretString cannot make a password from these settings');
  }
  const all = sets.join('');
  const chars = Array.from({ length }, () => all[randomInt(all.length)]!);
  if (
    spec.RequireEachIncludedType !== false &&
    String(spec.RequireEachIncludedType) !== 'false' &&
    length >= sets.length
  ) {
    // One of each set at distinct random places.
    const places = new Set<number>();
    while (places.size < sets.length) places.add(randomInt(length));
    [...places].forEach((place, i) => {
      chars[place] = sets[i]![randomInt(sets[i]!.length)]!;
    });
  }
  const password = chars.join('');
  const template = text(spec.SecretStringTemplate);
  const key = text(spec.GenerateStringKey);
  if (template === undefined || key === undefined) return password;
  return JSON.stringify({ ...(JSON.parse(template) as object), [key]: password });
}

function secretString(properties: Properties): string | undefined {
  if (properties.GenerateSecretString && typeof properties.GenerateSecretString === 'object') {
    return generateSecretString(properties.GenerateSecretString as Properties);
  }
  return text(properties.SecretString);
}

const sm = using(SecretsManagerClient);

/**
 * AWS::SecretsManager::Secret (Ref = ARN; GetAtt Id = ARN) through Secrets Manager's API as the stack's credentials,
 * so the KMS key policy decides as on AWS. Deleting forces deletion without recovery, as CloudFormation does (§5.3).
 */
export const secretsManagerProviders: Readonly<Record<string, ResourceProvider>> = {
  'AWS::SecretsManager::Secret': {
    createOnly: ['Name'],
    create: async (properties, call) => {
      const value = secretString(properties);
      const out = await sm(call, (c) =>
        c.send(
          new CreateSecretCommand({
            Name: text(properties.Name) ?? call.generatedName(128),
            ...(text(properties.Description) ? { Description: text(properties.Description) } : {}),
            ...(text(properties.KmsKeyId) ? { KmsKeyId: text(properties.KmsKeyId) } : {}),
            ...(value === undefined ? {} : { SecretString: value }),
            Tags: tagList(properties.Tags, call.context),
          }),
        ),
      );
      return { physicalId: out.ARN!, attributes: { Id: out.ARN } };
    },
    update: async (physicalId, properties, previous, call) => {
      const generate =
        JSON.stringify(properties.GenerateSecretString) !== JSON.stringify(previous.GenerateSecretString);
      const value =
        properties.SecretString !== previous.SecretString || generate ? secretString(properties) : undefined;
      await sm(call, (c) =>
        c.send(
          new UpdateSecretCommand({
            SecretId: physicalId,
            Description: text(properties.Description) ?? '',
            ...(text(properties.KmsKeyId) ? { KmsKeyId: text(properties.KmsKeyId) } : {}),
            ...(value === undefined ? {} : { SecretString: value }),
          }),
        ),
      );
      return { physicalId, attributes: { Id: physicalId } };
    },
    delete: async (physicalId, _properties, call) => {
      await deleted(
        call
          .client(SecretsManagerClient)
          .send(new DeleteSecretCommand({ SecretId: physicalId, ForceDeleteWithoutRecovery: true })),
        'ResourceNotFoundException',
      );
    },
  },
};
