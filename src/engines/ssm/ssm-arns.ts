/**
 * Parameter Store ARNs: `arn:<partition>:ssm:<region>:<account>:parameter/<name without its leading slash>`, so
 * `/a/b` is `parameter/a/b` and `x` is `parameter/x` (Systems Manager User Guide, "Working with parameter ARNs";
 * the CDK bootstrap's `arn:…:parameter${CdkBootstrapVersion}`, ref cloudformation-cdk §2). A path's IAM resource,
 * for GetParametersByPath, is the same form of the path.
 */

export interface SsmScope {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
}

/** A parameter named by ARN: where it lives and its name (with the leading slash for a hierarchy). */
export interface ParameterArnParts {
  readonly region: string;
  readonly account: string;
  /** What follows `parameter`: `/a/b`, or `/x` for a root name (`x` and `/x` are one parameter). */
  readonly path: string;
  /** A `:version` or `:label` selector after the name, without its colon. */
  readonly selector?: string;
}

export const ssmArns = {
  parameter: (scope: SsmScope, name: string) =>
    `arn:${scope.partition}:ssm:${scope.region}:${scope.account}:parameter/${name.replace(/^\//, '')}`,
};

/** The parts of a parameter ARN (`arn:aws:ssm:r:a:parameter/x[:selector]`); undefined for any other text. */
export function parseParameterArn(text: string): ParameterArnParts | undefined {
  const match = /^arn:[^:]+:ssm:([^:]*):([^:]*):parameter(\/[^:]*)(?::([^:]*))?$/.exec(text);
  if (!match) return undefined;
  const [, region, account, path, selector] = match as unknown as [string, string, string, string, string?];
  return { region, account, path, ...(selector === undefined ? {} : { selector }) };
}
