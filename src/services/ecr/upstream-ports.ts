// What ECR's pull-through cache needs of the rest of berth, wired by the composition (a service never imports
// another service nor the registry client): the rule's credential secret, read through Secrets Manager's API, and
// the upstream registry, pulled from with berth's registry client into berth's registry.
import type { Secret } from '../../errors/index.js';
import type { RegistryScope } from './ecr-access.js';

/** A pull-through cache secret's `username` and `accessToken` (ref ecr §3.5), or why it could not be read. */
export type SecretRead =
  | { readonly ok: true; readonly username: string; readonly accessToken: Secret }
  | { readonly ok: false; readonly failure: 'not-found' | 'access-denied' | 'decrypt' | 'malformed' };

export interface UpstreamSecrets {
  /** GetSecretValue of `credentialArn` as ECR would (its service-linked role in the rule's account). */
  read(scope: RegistryScope, credentialArn: string): Promise<SecretRead>;
}

export interface UpstreamLogin {
  readonly username: string;
  readonly password: Secret;
}

export type UpstreamImport =
  | { readonly ok: true; readonly digest: string }
  | {
      readonly ok: false;
      readonly failure: 'not-found' | 'unauthorized' | 'unavailable';
      /** The upstream's answer, for berth's log (never shown to the puller: ECR's texts are). */
      readonly detail: string;
    };

export interface UpstreamImages {
  /**
   * Copies `<upstreamUrl>/<repository>:<reference>` — manifest, config and layers — into the registry repository
   * `into`, tagged `reference` when it is a tag.
   */
  import(request: {
    readonly upstreamUrl: string;
    readonly repository: string;
    readonly reference: string;
    readonly login?: UpstreamLogin;
    readonly into: string;
  }): Promise<UpstreamImport>;
}
