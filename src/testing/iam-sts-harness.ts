// IAM and STS tests' view of the control-plane harness: the iam-sts part alone, SDK clients for both services, and
// the policy-text helpers their tests share.
import { IAMClient } from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import type { HttpRequest, HttpResponse } from '../aws/index.js';
import { iamStsPart, iamStsPort } from '../cli/control-plane/index.js';
import type { Persistence } from '../ports/index.js';
import type { IamService } from '../services/iam/index.js';
import type { StsService } from '../services/sts/index.js';
import {
  type Credentials,
  controlPlaneHarness,
  harnessAccount,
  harnessRoot,
} from './control-plane-harness.js';
import type { FakeClock } from './fake-clock.js';

export { type Credentials, harnessClientConfig } from './control-plane-harness.js';
export { FakeClock } from './fake-clock.js';
export { sdkError } from './sdk-error.js';

export const account = harnessAccount;
export const rootArn = `arn:aws:iam::${account}:root`;
export const root = harnessRoot;

export interface IamStsHarness {
  readonly clock: FakeClock;
  readonly persistence: Persistence;
  readonly handle: (request: HttpRequest) => Promise<HttpResponse>;
  /** The services themselves, for their internal paths (ECS's assumeRoleForService). */
  services(): Promise<{ readonly iam: IamService; readonly sts: StsService }>;
  /** SDK clients signing with `credentials` (root's by default), at the fake clock's current time. */
  clients(credentials?: Credentials): { iam: IAMClient; sts: STSClient };
  /** Every stored document, as JSON text, for scanning. */
  storedText(): string;
}

export function iamStsHarness(): IamStsHarness {
  const h = controlPlaneHarness({ parts: [iamStsPart] });
  return {
    clock: h.clock,
    persistence: h.persistence,
    handle: h.handle,
    services: () => h.need(iamStsPort),
    clients: (credentials = root) => ({
      iam: h.client(IAMClient, credentials),
      sts: h.client(STSClient, credentials),
    }),
    storedText: () => h.persistence.dump().join('\n'),
  };
}

/** A 2012-10-17 policy document from its statements, as JSON text. */
export function policyText(...statements: Record<string, unknown>[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

/** A trust policy letting `principal` (an `{AWS: …}` or `{Service: …}` element) assume the role. */
export function trustText(principal: Record<string, unknown>, extra: Record<string, unknown> = {}): string {
  return policyText({ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole', ...extra });
}
