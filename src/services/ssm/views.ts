import type { ParameterDocument, VersionDocument } from './domain/parameter-document.js';

/**
 * The output shapes of Parameter Store (the API model's Parameter, ParameterMetadata and ParameterHistory). `value`
 * is what the caller may see: the plaintext, or for a SecureString read without WithDecryption the stored
 * ciphertext blob in base64, as AWS shows it.
 */
export const parameterViews = {
  parameter(
    parameter: ParameterDocument,
    version: VersionDocument,
    value: string,
    shown: { readonly name: string; readonly selector?: string },
  ) {
    return {
      Name: shown.name,
      Type: version.type,
      Value: value,
      Version: version.version,
      Selector: shown.selector,
      LastModifiedDate: new Date(version.lastModifiedDate),
      ARN: parameter.arn,
      DataType: version.dataType,
    };
  },

  metadata(parameter: ParameterDocument, version: VersionDocument) {
    return {
      Name: parameter.name,
      ARN: parameter.arn,
      ...common(version),
    };
  },

  history(parameter: ParameterDocument, version: VersionDocument, value: string) {
    return {
      Name: parameter.name,
      ...common(version),
      Value: value,
      Labels: version.labels,
    };
  },
};

function common(version: VersionDocument) {
  return {
    Type: version.type,
    KeyId: version.keyId,
    LastModifiedDate: new Date(version.lastModifiedDate),
    LastModifiedUser: version.lastModifiedUser,
    Description: version.description,
    AllowedPattern: version.allowedPattern,
    Version: version.version,
    Tier: version.tier,
    Policies: [],
    DataType: version.dataType,
  };
}
