import { awsTagRules, type QueryStringRule } from '../../../aws/index.js';

const name = /^[\w+=,.@-]+$/;
const namePattern = '[\\w+=,.@-]+';

/**
 * The IAM model's constraints on input members (iam-2010-05-08 shapes: roleNameType, pathType, policyDocumentType
 * …), with the pattern text AWS prints in its validation messages.
 */
export const constraints = {
  roleName: { required: true, min: 1, max: 64, pattern: name, patternText: namePattern },
  userName: { required: true, min: 1, max: 64, pattern: name, patternText: namePattern },
  /** Names of existing users (existingUserNameType) may be longer. */
  existingUserName: { required: true, min: 1, max: 128, pattern: name, patternText: namePattern },
  policyName: { required: true, min: 1, max: 128, pattern: name, patternText: namePattern },
  path: {
    min: 1,
    max: 512,
    pattern: /^(\/|\/[\u0021-\u007E]+\/)$/,
    patternText: '(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)',
  },
  policyPath: {
    min: 1,
    max: 512,
    pattern: /^((\/[A-Za-z0-9.,+@=_-]+)*)\/$/,
    patternText: '((/[A-Za-z0-9\\.,\\+@=_-]+)*)/',
  },
  pathPrefix: {
    min: 1,
    max: 512,
    pattern: /^\/[\u0021-\u007F]*$/,
    patternText: '\\u002F[\\u0021-\\u007F]*',
  },
  description: {
    max: 1000,
    pattern: /^[\t\n\r\u0020-\u007E\u00A1-\u00FF]*$/,
    patternText: '[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u00A1-\\u00FF]*',
  },
  policyDocument: {
    required: true,
    min: 1,
    max: 131_072,
    pattern: /^[\t\n\r\u0020-\u00FF]+$/,
    patternText: '[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+',
  },
  arn: { required: true, min: 20, max: 2048 },
  marker: { min: 1, max: 320, pattern: /^[\u0020-\u00FF]+$/, patternText: '[\\u0020-\\u00FF]+' },
  accessKeyId: { required: true, min: 16, max: 128, pattern: /^\w+$/, patternText: '[\\w]+' },
  versionId: {
    required: true,
    pattern: /^v[1-9][0-9]*(\.[A-Za-z0-9-]*)?$/,
    patternText: 'v[1-9][0-9]*(\\.[A-Za-z0-9-]*)?',
  },
  ...awsTagRules,
} as const satisfies Record<string, QueryStringRule>;

export const maxItems = { min: 1, max: 1000 } as const;
export const sessionDuration = { min: 3600, max: 43_200 } as const;
