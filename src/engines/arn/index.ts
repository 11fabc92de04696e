export { arnBuilders } from './arn-builders.js';
export { type ArnMatcher, arnMatches, compileArnPattern } from './arn-matches.js';
export { type Arn, formatArn, parseArn, splitArn, tryParseArn } from './parse-arn.js';
export { compileWildcard, escapeRegex, isPlain, wildcardMatches, wildcardToRegexSource } from './wildcard.js';
