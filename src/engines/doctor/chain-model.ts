/**
 * The private-registry chain as the doctor sees it, whatever it was read from (a template, a Terraform plan, a live
 * account): task definition → containers (image, repositoryCredentials) → execution role (trust, policies, boundary)
 * → secret (ARN, resource policy, KMS key, value's shape, deletion) → KMS key (key policy) → network path.
 * Values the input could not decide are `Unknown` (engines/cloudformation): rules report them as undecided.
 */
import type { Unknown } from '../cloudformation/index.js';

export type Maybe<T> = T | Unknown;

/** Where a finding points: a file and a JSON pointer in it (a template), a plan address, or an ARN (live). */
export interface SourceLocation {
  readonly file: string;
  readonly pointer: string;
}

/** A policy document as given (parsed JSON), with the name it is known by. */
export interface PolicyDocument {
  readonly name: string;
  readonly document: Maybe<unknown>;
}

export interface RoleNode {
  readonly arn: string;
  readonly name: string;
  readonly trustPolicy: Maybe<unknown>;
  /** Inline and attached managed policies, documents looked up. */
  readonly policies: readonly PolicyDocument[];
  readonly boundary?: PolicyDocument;
  readonly location: SourceLocation;
}

/** What the secret's value will look like, as far as the input says. */
export type SecretValueShape =
  | { readonly kind: 'string'; readonly text: string }
  /** GenerateSecretString: the template JSON (if any) and the key the generated password goes under. */
  | { readonly kind: 'generated'; readonly template?: string; readonly key?: string }
  | { readonly kind: 'binary' }
  /** No value at all: the secret is created empty. */
  | { readonly kind: 'none' };

export interface SecretNode {
  /** The full ARN, or one with engines/cloudformation's placeholder suffix when the real one is not known yet. */
  readonly arn: string;
  readonly name: string;
  /** `KmsKeyId` as given (key id, key ARN, alias name or alias ARN); undefined = the AWS managed key. */
  readonly kmsKeyId?: Maybe<string>;
  readonly resourcePolicy?: Maybe<unknown>;
  readonly value: Maybe<SecretValueShape>;
  /** Not defined by the input, only named by credentialsParameter: its resource policy, key and value are unknown. */
  readonly external?: true;
  /** When the secret is scheduled for deletion (live only). */
  readonly deletionDate?: string;
  readonly location: SourceLocation;
}

export interface KeyNode {
  readonly arn: string;
  readonly keyId: string;
  readonly aliases: readonly string[];
  readonly policy: Maybe<unknown>;
  /** An AWS managed key (`alias/aws/secretsmanager`): its policy allows use only through the service, same account. */
  readonly awsManaged: boolean;
  readonly location: SourceLocation;
}

/** The result of logging in to the registry with the secret's credentials as the agent would (live only, C11). */
export interface RegistryLogin {
  readonly outcome: 'ok' | 'unauthorized' | 'denied' | 'not-found' | 'unreachable';
  /** The registry's own words (never the credentials). */
  readonly detail: string;
}

export interface ContainerNode {
  readonly name: string;
  readonly image: Maybe<string>;
  readonly credentialsParameter?: Maybe<string>;
  readonly location: SourceLocation;
  readonly registryLogin?: RegistryLogin;
  /** A pull without credentials that the registry refused (live only, C12). */
  readonly anonymousPull?: RegistryLogin;
}

/** A task's network path, from a service's (or RunTask's) awsvpc configuration. */
export interface NetworkPath {
  readonly name: string;
  readonly assignPublicIp: Maybe<boolean>;
  readonly subnets: readonly Maybe<SubnetNode>[];
  readonly location: SourceLocation;
}

export interface SubnetNode {
  readonly id: string;
  /** Where 0.0.0.0/0 goes from the subnet's route table. */
  readonly defaultRoute: Maybe<'nat' | 'internet-gateway' | 'none'>;
  /** Interface endpoints in the subnet's VPC, by service (`secretsmanager`, `ecr.dkr`, …), and S3 gateway. */
  readonly endpoints: readonly string[];
}

export interface TaskDefinitionNode {
  readonly name: string;
  readonly executionRoleArn?: Maybe<string>;
  readonly fargate: boolean;
  readonly containers: readonly ContainerNode[];
  readonly networks: readonly NetworkPath[];
  readonly location: SourceLocation;
}

export interface ChainModel {
  readonly account: string;
  readonly region: string;
  readonly partition: string;
  /**
   * Whether the model holds every role, secret and key of the account (live), or only what a template or plan
   * declares: then a secret that is not in the input may still exist, and the doctor cannot say it is missing.
   */
  readonly complete: boolean;
  readonly taskDefinitions: readonly TaskDefinitionNode[];
  readonly roles: readonly RoleNode[];
  readonly secrets: readonly SecretNode[];
  readonly keys: readonly KeyNode[];
}
