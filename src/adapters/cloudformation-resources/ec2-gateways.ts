import {
  AllocateAddressCommand,
  CreateNatGatewayCommand,
  DeleteNatGatewayCommand,
  DescribeAddressesCommand,
  DescribeNatGatewaysCommand,
  type EC2Client,
  type NatGatewayState,
  ReleaseAddressCommand,
} from '@aws-sdk/client-ec2';
import { ProvisionError } from '../../services/cloudformation/resource-provisioner.js';
import { remove, retagEc2, run, tagSpecifications, text } from './ec2-calls.js';
import { handlerFailure } from './handler-failure.js';
import type { ResourceProvider } from './provider.js';

// AWS::EC2::EIP (Ref: the public IP; GetAtt AllocationId, PublicIp) and AWS::EC2::NatGateway (Ref and GetAtt
// NatGatewayId), ref cloudformation-cdk §5.2. CloudFormation waits for a NAT gateway to be `available` on create and
// `deleted` on delete, as Terraform's provider does (ref cloudformation-cdk §7).

const natWait = { pollMs: 250, timeoutMs: 10 * 60_000 };

export const gatewayTypes: Readonly<Record<string, ResourceProvider>> = {
  'AWS::EC2::EIP': {
    createOnly: ['Domain', 'InstanceId', 'NetworkBorderGroup', 'TransferAddress', 'PublicIpv4Pool'],
    create: (p, call) =>
      run(call, async (client) => {
        const out = await client.send(
          new AllocateAddressCommand({ Domain: 'vpc', ...tagSpecifications('elastic-ip', p, call.context) }),
        );
        return {
          physicalId: out.PublicIp!,
          attributes: { AllocationId: out.AllocationId!, PublicIp: out.PublicIp! },
        };
      }),
    update: (ip, p, previous, call) =>
      run(call, async (client) => {
        const allocation = await allocationOf(client, ip);
        if (allocation) await retagEc2(client, allocation, p, previous, call.context);
        return { physicalId: ip, attributes: { AllocationId: allocation ?? '', PublicIp: ip } };
      }),
    delete: (ip, _p, call) =>
      remove(call, async (client) => {
        const allocation = await allocationOf(client, ip);
        if (allocation) await client.send(new ReleaseAddressCommand({ AllocationId: allocation }));
      }),
  },

  'AWS::EC2::NatGateway': {
    createOnly: ['SubnetId', 'AllocationId', 'ConnectivityType', 'PrivateIpAddress'],
    create: (p, call) =>
      run(call, async (client) => {
        const out = await client.send(
          new CreateNatGatewayCommand({
            SubnetId: text(p['SubnetId']),
            AllocationId: text(p['AllocationId']),
            ...(p['ConnectivityType'] ? { ConnectivityType: text(p['ConnectivityType']) as never } : {}),
            ...(p['PrivateIpAddress'] ? { PrivateIpAddress: text(p['PrivateIpAddress']) } : {}),
            ...tagSpecifications('natgateway', p, call.context),
          }),
        );
        const id = out.NatGateway!.NatGatewayId!;
        await natState(client, id, ['available'], call.context.signal);
        return { physicalId: id, attributes: { NatGatewayId: id } };
      }),
    update: (id, p, previous, call) =>
      run(call, async (client) => {
        await retagEc2(client, id, p, previous, call.context);
        return { physicalId: id, attributes: { NatGatewayId: id } };
      }),
    delete: (id, _p, call) =>
      remove(call, async (client) => {
        await client.send(new DeleteNatGatewayCommand({ NatGatewayId: id }));
        await natState(client, id, ['deleted'], call.context.signal);
      }),
  },
};

/** The allocation ID of the address `ip` (CloudFormation's physical ID of an EIP is the address), if it exists. */
async function allocationOf(client: EC2Client, ip: string): Promise<string | undefined> {
  const out = await client.send(new DescribeAddressesCommand({ PublicIps: [ip] }));
  return out.Addresses?.[0]?.AllocationId;
}

/** Polls DescribeNatGateways until the gateway is in one of `wanted`; `failed` ends the wait with its reason. */
async function natState(
  client: EC2Client,
  id: string,
  wanted: readonly NatGatewayState[],
  signal: AbortSignal,
): Promise<void> {
  const deadline = Date.now() + natWait.timeoutMs;
  for (;;) {
    if (signal.aborted) throw new ProvisionError('Resource creation cancelled');
    const gateway = (await client.send(new DescribeNatGatewaysCommand({ NatGatewayIds: [id] })))
      .NatGateways?.[0];
    const state = gateway?.State;
    if (state === undefined || wanted.includes(state)) return;
    if (state === 'failed')
      throw handlerFailure(gateway?.FailureMessage ?? `NAT gateway ${id} failed`, 'GeneralServiceException');
    if (Date.now() >= deadline) throw new ProvisionError(`NAT gateway ${id} did not stabilize.`);
    await new Promise((resolve) => setTimeout(resolve, natWait.pollMs));
  }
}
