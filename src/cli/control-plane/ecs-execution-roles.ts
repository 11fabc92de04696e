import { ecsTasksPrincipal } from '../../engines/ecs/index.js';
import type { EcsServiceDeps } from '../../services/ecs/index.js';
import type { IamService } from '../../services/iam/index.js';
import type { StsService } from '../../services/sts/index.js';

/** ECS's view of IAM roles: assuming one as ecs-tasks.amazonaws.com through STS's internal path, and existence. */
export function ecsExecutionRoles(services: {
  readonly iam: IamService;
  readonly sts: StsService;
}): Pick<EcsServiceDeps, 'assumeRole' | 'roleExists'> {
  const { iam, sts } = services;
  return {
    assumeRole: async (request) => {
      const issued = await sts.assumeRoleForService({ ...request, servicePrincipal: ecsTasksPrincipal });
      return {
        accessKeyId: issued.accessKeyId,
        secretAccessKey: issued.secretAccessKey,
        sessionToken: issued.sessionToken,
        expiration: issued.expiration,
      };
    },
    roleExists: (roleArn) => iam.directory.findRoleByArn(roleArn) !== undefined,
  };
}
