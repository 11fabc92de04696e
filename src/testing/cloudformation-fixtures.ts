// CloudFormation on the control-plane harness, deploying with a fake provisioner that records what it is asked, so
// that the engine's order, status machine, rollback and texts are tested without the providers' services.
import { CloudFormationClient, DescribeStacksCommand, type Stack } from '@aws-sdk/client-cloudformation';
import { cloudformationPart, iamStsPart } from '../cli/control-plane/index.js';
import {
  cfnErrors,
  type DeployPorts,
  ProvisionError,
  type ResourceProvisioner,
} from '../services/cloudformation/index.js';
import {
  type ControlPlaneHarness,
  controlPlaneHarness,
  type ScannablePersistence,
} from './control-plane-harness.js';

type Properties = Readonly<Record<string, unknown>>;

/**
 * `Test::Thing`: Ref = `thing-N`, GetAtt Arn; `Fail: true` fails create and update with "thing failed"; a change to
 * `Name` replaces it; `Slow: ms` waits. `Test::Other` is the same type under another name (a type change).
 */
export class FakeProvisioner implements ResourceProvisioner {
  readonly live = new Map<string, Properties>();
  readonly calls: string[] = [];
  #next = 0;

  supports(type: string): boolean {
    return type === 'Test::Thing' || type === 'Test::Other';
  }

  updateBehaviour(_type: string, changed: readonly string[]) {
    return changed.includes('Name') ? ('replacement' as const) : ('no-interruption' as const);
  }

  async create(type: string, properties: Properties, context: { logicalId: string }) {
    await this.#work(properties);
    this.calls.push(`create ${context.logicalId}`);
    if (properties.Fail === true || properties.Fail === 'true') throw new ProvisionError('thing failed');
    const physicalId = `thing-${++this.#next}`;
    this.live.set(physicalId, properties);
    return { physicalId, attributes: { Arn: `arn:test:${type}:${physicalId}` } };
  }

  async update(
    type: string,
    physicalId: string,
    properties: Properties,
    _previous: Properties,
    context: { logicalId: string },
  ) {
    await this.#work(properties);
    this.calls.push(`update ${context.logicalId}`);
    if (properties.Fail === true || properties.Fail === 'true') throw new ProvisionError('thing failed');
    this.live.set(physicalId, properties);
    return { physicalId, attributes: { Arn: `arn:test:${type}:${physicalId}` } };
  }

  async delete(_type: string, physicalId: string, _properties: Properties, context: { logicalId: string }) {
    this.calls.push(`delete ${context.logicalId}`);
    this.live.delete(physicalId);
  }

  async #work(properties: Properties): Promise<void> {
    const slow = Number(properties.Slow ?? 0);
    if (slow > 0) await new Promise((resolve) => setTimeout(resolve, slow));
  }
}

/** Lookups without services: SSM parameters from a map, no dynamic references, zones a/b, templates from a map. */
export function fakeLookups(
  parameters: ReadonlyMap<string, string> = new Map(),
  templates: ReadonlyMap<string, string> = new Map(),
): Omit<DeployPorts, 'credentials'> {
  return {
    readParameters: async (names) =>
      new Map(names.flatMap((n) => (parameters.has(n) ? [[n, parameters.get(n)!]] : []))),
    resolveDynamicReferences: async (refs) =>
      new Map(refs.flatMap((r) => (parameters.has(r) ? [[r, parameters.get(r)!]] : []))),
    availabilityZones: async (_credentials, region) => [`${region}a`, `${region}b`],
    fetchTemplate: async (url) => {
      const body = templates.get(url);
      if (body === undefined) throw cfnErrors.templateUnreadable('The specified key does not exist.');
      return body;
    },
  };
}

export interface CloudFormationHarness {
  readonly h: ControlPlaneHarness;
  readonly cfn: CloudFormationClient;
  readonly provisioner: FakeProvisioner;
  /** DescribeStacks until the stack's operation has ended; the stack as it then is. */
  settle(stackName: string): Promise<Stack>;
}

export function cloudformationHarness(
  options: { parameters?: ReadonlyMap<string, string>; persistence?: ScannablePersistence } = {},
): CloudFormationHarness {
  const provisioner = new FakeProvisioner();
  const h = controlPlaneHarness({
    parts: [
      iamStsPart,
      cloudformationPart({ provisioner: () => provisioner, lookups: fakeLookups(options.parameters) }),
    ],
    ...(options.persistence ? { persistence: options.persistence } : {}),
  });
  const cfn = h.client(CloudFormationClient);
  return {
    h,
    cfn,
    provisioner,
    settle: async (stackName) => {
      for (let i = 0; i < 500; i++) {
        const { Stacks } = await cfn.send(new DescribeStacksCommand({ StackName: stackName }));
        const status = Stacks?.[0]?.StackStatus ?? '';
        if (!status.endsWith('_IN_PROGRESS') || status === 'REVIEW_IN_PROGRESS') return Stacks![0]!;
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      throw new Error(`${stackName} did not settle`);
    },
  };
}
