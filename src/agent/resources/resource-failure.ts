import type { AwsCallError, AwsTransportError } from '../task/ports.js';

/**
 * The agent's two task resources that call Secrets Manager (ref ecs-private-auth §1.2): registry auth and env
 * secrets. The SSM secrets resource (`ssmsecret`) has failures of its own kinds.
 */
export type ResourceName = 'asm-auth' | 'asm-secret';

/** Why a task resource could not be created; task-failure-reasons.ts words it per launch type. */
export type ResourceFailure =
  | { readonly kind: 'no-execution-credentials'; readonly resource: ResourceName }
  | {
      readonly kind: 'call';
      readonly resource: ResourceName;
      readonly secretId: string;
      readonly error: AwsCallError | AwsTransportError;
    }
  /** The value (or the valueFrom) was unusable; `text` is the agent's own error text. */
  | { readonly kind: 'value'; readonly resource: ResourceName; readonly text: string }
  /** A GetParameters call of the SSM secrets resource failed (one batch of up to 10 names of one region). */
  | { readonly kind: 'ssm-call'; readonly region: string; readonly error: AwsCallError | AwsTransportError }
  /** GetParameters answered with InvalidParameters (names that are missing, or that the answer did not give). */
  | { readonly kind: 'ssm-invalid'; readonly region: string; readonly names: readonly string[] };

/** A resource's outcome: its value, or every failure (the secrets resource reports all of them, §6.6). */
export type ResourceResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly failures: readonly ResourceFailure[] };
