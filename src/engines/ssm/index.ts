// engines/ssm: Parameter Store ARNs (pure).

export { type ParameterArnParts, parseParameterArn, type SsmScope, ssmArns } from './ssm-arns.js';
