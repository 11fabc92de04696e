// ECS with IAM and STS wired the way the composition root wires them — the real SigV4 verifier, gateway and IAM
// authorizer, MemoryPersistence behind the read cache, a clock the test moves — and real AWS SDK v3 clients talking to
// it in-process. ECS assumes execution roles through STS's internal service path as ecs-tasks.amazonaws.com; the
// agent is whatever TaskAgentPort the test gives (the real boundary of the control plane).
import { randomBytes } from 'node:crypto';
import { ECSClient } from '@aws-sdk/client-ecs';
import { IAMClient } from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import { createIamAuthorizer } from '../aws/gateway/iam-authorizer.js';
import { ServiceRegistry } from '../aws/service-registry.js';
import { callerIdentity, ecsExecutionRoles } from '../cli/control-plane/index.js';
import type { TaskAgentPort } from '../engines/ecs/index.js';
import { CachingPersistence, createAesSealer, MemoryPersistence, type Persistence } from '../ports/index.js';
import { createEcsService, type EcsService, ecsCollections } from '../services/ecs/index.js';
import { createIamService, type IamService } from '../services/iam/index.js';
import { createStsService, type StsService } from '../services/sts/index.js';
import {
  account,
  type Credentials,
  FakeClock,
  harnessClientConfig,
  harnessGateway,
  root,
} from './iam-sts-harness.js';

export interface EcsHarness {
  readonly clock: FakeClock;
  readonly persistence: Persistence;
  readonly iam: IamService;
  readonly sts: StsService;
  readonly ecs: EcsService;
  /** SDK clients signing with `credentials` (root's by default), at the fake clock's current time. */
  clients(credentials?: Credentials): { ecs: ECSClient; iam: IAMClient; sts: STSClient };
  /** Every document ECS stored, as JSON text, for scanning. */
  storedText(): string;
}

export { ecsTasksPrincipal } from '../cli/control-plane/index.js';

export function ecsHarness(agent: TaskAgentPort): EcsHarness {
  const clock = new FakeClock();
  const persistence = new CachingPersistence(new MemoryPersistence());
  const random = { bytes: (length: number) => new Uint8Array(randomBytes(length)) };
  let iam: IamService | undefined;
  let sts: StsService | undefined;
  const authorizer = createIamAuthorizer((caller) => callerIdentity({ iam: iam!, sts: sts! })(caller));
  const common = {
    persistence,
    sealer: createAesSealer(randomBytes(32)),
    clock,
    random,
    authorizer,
    accountId: account,
    region: 'us-east-1',
    partition: 'aws' as const,
  };
  iam = createIamService(common);
  sts = createStsService({ ...common, roles: iam.directory });
  const stsService = sts;
  const ecs = createEcsService({ ...common, agent, ...ecsExecutionRoles({ iam, sts }) });
  const registry = new ServiceRegistry()
    .register(iam.definition)
    .register(sts.definition)
    .register(ecs.definition);
  const iamService = iam;
  const handle = harnessGateway(registry, { iam: iamService, sts: stsService }, authorizer, clock);
  const clients = (credentials: Credentials = root) => {
    const config = harnessClientConfig(handle, clock, credentials);
    return { ecs: new ECSClient(config), iam: new IAMClient(config), sts: new STSClient(config) };
  };
  const storedText = () =>
    Object.values(ecsCollections)
      .map((collection) => JSON.stringify(persistence.list(collection)))
      .join('\n');
  return { clock, persistence, iam: iamService, sts: stsService, ecs, clients, storedText };
}
