// What every step of `berth demo` works with: the printer, the in-process berth's endpoint and registry, and the AWS
// SDK clients a platform engineer would use, signed with berth's root credentials.
import { EC2Client } from '@aws-sdk/client-ec2';
import { ECSClient } from '@aws-sdk/client-ecs';
import { IAMClient } from '@aws-sdk/client-iam';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { RunningBerth } from '../compose.js';
import type { DemoPrinter } from './demo-printer.js';

/** The names the walkthrough gives what it creates. */
export const demoNames = {
  /** A registry user owns the namespace named after it: the image goes to `demo/web`. */
  registryUser: 'demo',
  repository: 'demo/web',
  secret: 'demo/registry-credentials',
  executionRole: 'webExecutionRole',
  family: 'web',
  taskRole: 'webTaskRole',
  bareExecutionRole: 'webExecutionRoleWithoutSecretAccess',
  misplacedFamily: 'web-permission-on-task-role',
  policy: 'read-registry-credentials',
} as const;

export interface DemoContext {
  readonly print: DemoPrinter;
  readonly berth: RunningBerth;
  /** `127.0.0.1:PORT`: berth's registry, as an image reference names it. */
  readonly registryHost: string;
  readonly ecs: ECSClient;
  /** For the default VPC's subnet the tasks run in. */
  readonly ec2: EC2Client;
  readonly iam: IAMClient;
  readonly secrets: SecretsManagerClient;
  /** Aborted when the demo is interrupted: no task is started after that. */
  readonly signal: AbortSignal;
}

export function demoContext(berth: RunningBerth, print: DemoPrinter, signal: AbortSignal): DemoContext {
  // berth supports Node 20 (DESIGN.md); the SDK's notice that its future releases will not would clutter the demo.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const config = {
    endpoint: berth.endpoint,
    region: berth.region,
    credentials: {
      accessKeyId: berth.rootCredentials.accessKeyId,
      // Handed to the SDK only, which signs with it; never printed.
      secretAccessKey: berth.rootCredentials.secretAccessKey.reveal(),
    },
  };
  return {
    print,
    berth,
    registryHost: `127.0.0.1:${berth.port}`,
    ecs: new ECSClient(config),
    ec2: new EC2Client(config),
    iam: new IAMClient(config),
    secrets: new SecretsManagerClient(config),
    signal,
  };
}

export function closeDemoContext(context: DemoContext): void {
  for (const client of [context.ecs, context.ec2, context.iam, context.secrets]) client.destroy();
}

/**
 * A step that did not behave as the walkthrough expects. It never leaves the demo: run-demo prints it, cleans up and
 * exits non-zero.
 */
export class DemoStepFailed extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DemoStepFailed';
  }
}
