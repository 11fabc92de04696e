/** Members several ELBv2 operations share (constraints from BC elbv2 service-2.json). */
import { type QueryInputReader, readQueryTags } from '../../../aws/index.js';
import type { HealthCheckInput } from '../target-groups.js';
import type { TargetInput } from '../targets.js';

export const arnRule = { required: true, min: 1 } as const;

export function readPaging(r: QueryInputReader) {
  return { marker: r.string('Marker'), pageSize: r.integer('PageSize', { min: 1, max: 400 }) };
}

export function readPort(r: QueryInputReader, name = 'Port'): number | undefined {
  return r.integer(name, { min: 1, max: 65535 });
}

/**
 * Tag.Value is optional in ELBv2's model (unlike IAM's): a tag given with its Key only is stored with the value `''`
 * [INF: as EC2 documents for CreateTags, "we set the value to an empty string"; ELBv2's own docs are silent].
 */
export function readTags(r: QueryInputReader) {
  return readQueryTags(r, 'Tags', { optionalValue: true });
}

export function readAttributes(r: QueryInputReader) {
  return r.list('Attributes', { required: true }).map((item) => {
    const a = r.nested(item, 'Attributes');
    return {
      Key: a.string('Key', { required: true, max: 256 }),
      Value: a.string('Value', { max: 1024 }) ?? '',
    };
  });
}

export function readTargets(r: QueryInputReader): TargetInput[] {
  return r.list('Targets', { required: true }).map((item) => {
    const t = r.nested(item, 'Targets');
    const availabilityZone = t.string('AvailabilityZone');
    const port = readPort(t);
    return {
      id: t.string('Id', { required: true }),
      ...(port === undefined ? {} : { port }),
      ...(availabilityZone === undefined ? {} : { availabilityZone }),
    };
  });
}

export function readHealthCheck(r: QueryInputReader): HealthCheckInput {
  const protocol = r.choice('HealthCheckProtocol', ['HTTP', 'HTTPS'] as const);
  const settings = {
    protocol,
    port: r.string('HealthCheckPort'),
    enabled: r.boolean('HealthCheckEnabled'),
    path: r.string('HealthCheckPath', { min: 1, max: 1024 }),
    intervalSeconds: r.integer('HealthCheckIntervalSeconds', { min: 5, max: 300 }),
    timeoutSeconds: r.integer('HealthCheckTimeoutSeconds', { min: 2, max: 120 }),
    healthyThreshold: r.integer('HealthyThresholdCount', { min: 2, max: 10 }),
    unhealthyThreshold: r.integer('UnhealthyThresholdCount', { min: 2, max: 10 }),
    httpCode: r.structure('Matcher')?.string('HttpCode'),
  };
  return Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined));
}
