// The console's reads and actions, as root through berth's public API (SigV4-signed SDK calls to the endpoint `berth
// up` serves, so that each action is authorized and recorded as the same CLI call would be).
import { ECRClient } from '@aws-sdk/client-ecr';
import { ECSClient, StopTaskCommand, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { IAMClient } from '@aws-sdk/client-iam';
import { GetResourcePolicyCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SSMClient } from '@aws-sdk/client-ssm';
import { type DenialDecision, decideDenial, deniedRequest } from './access-decisions.js';
import { AccountReader } from './account-reader.js';
import type { ConsoleDeps } from './console-deps.js';
import { EcsReader } from './ecs-reader.js';
import type { TaskDetail } from './models.js';

export class ConsoleApp {
  readonly deps: ConsoleDeps;
  readonly ecs: EcsReader;
  readonly account: AccountReader;
  readonly #ecsClient: ECSClient;
  readonly #secrets: SecretsManagerClient;
  readonly #clients: { destroy(): void }[];

  constructor(deps: ConsoleDeps) {
    this.deps = deps;
    // berth supports Node 20 (DESIGN.md); the SDK's notice about its future releases would only clutter berth's log.
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
    const { endpoint, region, accountId, credentials } = deps.connection();
    const config = { endpoint, region, credentials, maxAttempts: 1 };
    this.#ecsClient = new ECSClient(config);
    this.#secrets = new SecretsManagerClient(config);
    const elb = new ElasticLoadBalancingV2Client(config);
    const iam = new IAMClient(config);
    const ssm = new SSMClient(config);
    const ecr = new ECRClient(config);
    this.#clients = [this.#ecsClient, this.#secrets, elb, iam, ssm, ecr];
    this.ecs = new EcsReader(this.#ecsClient, () => elb);
    this.account = new AccountReader({ iam, secrets: this.#secrets, ssm, ecr }, deps.role, {
      region,
      accountId,
    });
  }

  /** The decision behind the AccessDenied a stopped task names, if its reason is one. */
  async denial(detail: TaskDetail): Promise<DenialDecision | undefined> {
    const texts = [detail.task.stoppedReason, ...detail.containers.map((c) => c.reason)];
    const request = texts.map((text) => (text ? deniedRequest(text) : undefined)).find(Boolean);
    if (!request) return undefined;
    const [role, resourcePolicy] = await Promise.all([
      this.deps.role(request.roleArn),
      request.action.startsWith('secretsmanager:') ? this.#secretPolicy(request.resource) : undefined,
    ]);
    return decideDenial(request, role, resourcePolicy);
  }

  async stopTask(cluster: string, task: string): Promise<void> {
    await this.#ecsClient.send(
      new StopTaskCommand({ cluster, task, reason: 'Stopped from the berth console' }),
    );
  }

  async setDesiredCount(cluster: string, service: string, desiredCount: number): Promise<void> {
    await this.#ecsClient.send(new UpdateServiceCommand({ cluster, service, desiredCount }));
  }

  async forceNewDeployment(cluster: string, service: string): Promise<void> {
    await this.#ecsClient.send(new UpdateServiceCommand({ cluster, service, forceNewDeployment: true }));
  }

  close(): void {
    for (const client of this.#clients) client.destroy();
  }

  /** A secret's resource policy (its metadata; never its value), or undefined when it has none or is not there. */
  async #secretPolicy(secretId: string): Promise<unknown> {
    try {
      const { ResourcePolicy } = await this.#secrets.send(
        new GetResourcePolicyCommand({ SecretId: secretId }),
      );
      return ResourcePolicy ? JSON.parse(ResourcePolicy) : undefined;
    } catch {
      return undefined;
    }
  }
}
