import { recoveredReason } from '../../agent/task/index.js';
import { createEcsService } from '../../services/ecs/index.js';
import { createIamService } from '../../services/iam/index.js';
import { createKmsService } from '../../services/kms/index.js';
import { createSecretsManagerService } from '../../services/secretsmanager/index.js';
import { createStsService } from '../../services/sts/index.js';
import type { ControlPlanePart, PartDeps } from '../compose.js';
import { callerCredentials } from './caller-credentials.js';
import { callerIdentity } from './caller-identity.js';
import { ecsExecutionRoles } from './ecs-execution-roles.js';
import { HostTaskAgent } from './host-task-agent.js';
import { secretsKmsPort } from './secrets-kms-port.js';

/**
 * The AWS services of the endpoint, wired to each other through ports (a service never imports another):
 * STS reads roles from IAM, Secrets Manager encrypts through KMS as the caller, IAM and STS together know every
 * non-root caller's keys and identity, and ECS assumes execution roles through STS and runs tasks on this host's
 * agent, which reads secrets back through the endpoint as those roles.
 */
export function awsControlPlane(deps: PartDeps): ControlPlanePart {
  const iam = createIamService(deps);
  const sts = createStsService({ ...deps, roles: iam.directory });
  const kms = createKmsService(deps);
  const secrets = createSecretsManagerService({ ...deps, kms: secretsKmsPort(kms) });
  const agent = new HostTaskAgent({
    stateDir: deps.stateDir,
    persistence: deps.persistence,
    clock: deps.clock,
    log: deps.log,
    endpoint: deps.endpoint,
    ...(deps.taskCidr === undefined ? {} : { taskCidr: deps.taskCidr }),
  });
  const ecs = createEcsService({ ...deps, ...ecsExecutionRoles({ iam, sts }), agent });
  return {
    services: [iam.definition, sts.definition, kms.definition, secrets.definition, ecs.definition],
    credentials: callerCredentials({ iam, sts }),
    identities: callerIdentity({ iam, sts }),
    start: async () => {
      await agent.start(ecs.taskStates);
      // The agent reported what it had recorded; a task it never recorded (berth stopped between RunTask's write and
      // the launch) is stopped here, with the same words.
      for (const taskArn of ecs.unfinishedTasks()) {
        ecs.taskStates.submit({ taskArn, lastStatus: 'STOPPED', stoppedReason: recoveredReason });
      }
    },
    stop: () => agent.close(),
  };
}
