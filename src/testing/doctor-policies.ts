// Policy documents the doctor's tests share (engines/doctor's table test, the Terraform plan fixtures, the live
// cases): the shapes of ref peers-and-misconfigurations §C3 and §C14.

/** A trust policy letting `service` assume the role (`ecs-tasks.amazonaws.com` is the right one, §C3). */
export function trustFor(service: string) {
  return {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }],
  };
}

/** One Allow statement as a policy document. */
export function allowing(action: string, resource: string) {
  return { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: resource }] };
}

/** §C14: a secret resource policy that denies GetSecretValue unless the call comes through a VPC endpoint. */
export const denyUnlessVpce = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Deny',
      Principal: '*',
      Action: 'secretsmanager:GetSecretValue',
      Resource: '*',
      Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-0123456789abcdef0' } },
    },
  ],
};
