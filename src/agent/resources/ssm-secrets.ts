import type { ExecutionCredentials } from '../../engines/ecs/index.js';
import { parseParameterArn } from '../../engines/ssm/index.js';
import type { Secret } from '../../errors/index.js';
import { AwsCallError, AwsTransportError, type ParametersReader } from '../task/ports.js';
import type { ResourceFailure } from './resource-failure.js';

/** What each valueFrom got: its value, or the failure of the batch it was asked in (shared by that batch). */
export type SsmOutcomes = ReadonlyMap<
  string,
  { readonly value: Secret } | { readonly failure: ResourceFailure }
>;

/** The ECS agent asks GetParameters for at most 10 names at a time (ref ecs-private-auth §6.6). */
const batchSize = 10;

/**
 * The agent's SSM secrets resource (`ssmsecret.go`, ref ecs-private-auth §6.6): the distinct valueFroms grouped by
 * region (a parameter ARN's own, else the task's), read in batches of 10 with GetParameters(WithDecryption=true),
 * every batch at once. A batch fails as a whole: its call failed, or the answer listed InvalidParameters (or did
 * not give a name it was asked [INF]).
 */
export async function fetchSsmSecrets(
  valueFroms: readonly string[],
  reader: ParametersReader,
  credentials: ExecutionCredentials,
  taskRegion: string,
): Promise<SsmOutcomes> {
  const byRegion = new Map<string, string[]>();
  for (const valueFrom of new Set(valueFroms)) {
    const region = parseParameterArn(valueFrom)?.region || taskRegion;
    byRegion.set(region, [...(byRegion.get(region) ?? []), valueFrom]);
  }
  const batches = [...byRegion].flatMap(([region, names]) =>
    Array.from({ length: Math.ceil(names.length / batchSize) }, (_, i) => ({
      region,
      names: names.slice(i * batchSize, (i + 1) * batchSize),
    })),
  );
  const outcomes = new Map<string, { value: Secret } | { failure: ResourceFailure }>();
  await Promise.all(
    batches.map(async ({ region, names }) => {
      for (const [name, outcome] of await readBatch(reader, region, names, credentials)) {
        outcomes.set(name, outcome);
      }
    }),
  );
  return outcomes;
}

async function readBatch(
  reader: ParametersReader,
  region: string,
  names: readonly string[],
  credentials: ExecutionCredentials,
): Promise<Array<[string, { value: Secret } | { failure: ResourceFailure }]>> {
  const failAll = (failure: ResourceFailure) =>
    names.map((name) => [name, { failure }] as [string, { failure: ResourceFailure }]);
  try {
    const { values, invalidParameters } = await reader.getParameters({ region, names, credentials });
    const invalid = [
      ...invalidParameters,
      ...names.filter((n) => !values.has(n) && !invalidParameters.includes(n)),
    ];
    if (invalid.length > 0) return failAll({ kind: 'ssm-invalid', region, names: invalid });
    return names.map((name) => [name, { value: values.get(name)! }]);
  } catch (error) {
    if (error instanceof AwsCallError || error instanceof AwsTransportError) {
      return failAll({ kind: 'ssm-call', region, error });
    }
    throw error;
  }
}
