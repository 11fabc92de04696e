/**
 * One statement of an AWS managed policy document, spelled as AWS publishes it (IAM's JSON element names), so a
 * document here can be handed to `parsePolicy`, serialized for `iam:GetPolicyVersion`, or diffed against AWS's text.
 */
export interface ManagedPolicyStatement {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Action?: string | readonly string[];
  readonly NotAction?: string | readonly string[];
  readonly Resource?: string | readonly string[];
  readonly NotResource?: string | readonly string[];
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;
}

export interface ManagedPolicyDocument {
  readonly Version: '2012-10-17' | '2008-10-17';
  readonly Statement: readonly ManagedPolicyStatement[];
}

/**
 * An AWS managed policy as IAM describes it (`iam:GetPolicy` + the default version's document). The names follow
 * the IAM API's `Policy` shape; dates are ISO 8601 in UTC.
 */
export interface AwsManagedPolicy {
  /** The policy name, e.g. `AmazonECSTaskExecutionRolePolicy`. */
  readonly name: string;
  /** `/` for most policies; `/service-role/`, `/job-function/`, … for some. */
  readonly path: string;
  /** `arn:aws:iam::aws:policy` + path + name. */
  readonly arn: string;
  readonly description: string;
  /** The default version's id, e.g. `v5`: the version whose document is below. */
  readonly defaultVersionId: string;
  /** When the policy was created (the reference's "Creation time"). */
  readonly createDate: string;
  /** When the default version was made (the reference's "Edited time"). */
  readonly updateDate: string;
  /** The default version's document, exactly as published: Version, Sids and statement order included. */
  readonly document: ManagedPolicyDocument;
  /** Set only when the document is knowingly incomplete; the definition's comment then says what is missing. */
  readonly abridged?: boolean;
}
