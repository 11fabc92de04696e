// The implementations of `berth services` and `berth events`, loaded only when they run (the AWS SDK is heavy).
import {
  DescribeServicesCommand,
  type ECSClient,
  paginateListServices,
  type Service,
  type ServiceEvent,
} from '@aws-sdk/client-ecs';
import { exitCodes } from '../cli-error.js';
import { connectEcs, reportEcsFailure } from './ecs-client.js';
import type { EventsOptions } from './events.js';
import type { ServicesOptions } from './services.js';

/** DescribeServices takes at most 10 services per call. */
const describeBatch = 10;
const pollMs = 1000;

export async function showServices(options: ServicesOptions): Promise<number> {
  const { client, endpoint } = connectEcs(options);
  const cluster = options.cluster === undefined ? {} : { cluster: options.cluster };
  try {
    const arns: string[] = [];
    for await (const page of paginateListServices({ client }, cluster))
      arns.push(...(page.serviceArns ?? []));
    let services = await describe(client, cluster, arns);
    if (options.json) console.log(JSON.stringify(services, null, 2));
    else if (services.length === 0) console.error(`no services in cluster ${options.cluster ?? 'default'}`);
    else console.log(formatServices(services));
    let shown = new Map(services.map((s) => [s.serviceName!, progress(s)]));
    while (options.wait && !services.every(isStable)) {
      await sleep(pollMs);
      services = await describe(client, cluster, arns);
      for (const service of services) {
        const line = progress(service);
        if (shown.get(service.serviceName!) !== line) console.error(line);
      }
      shown = new Map(services.map((s) => [s.serviceName!, progress(s)]));
    }
    return exitCodes.ok;
  } catch (error) {
    return reportEcsFailure(error, 'DescribeServices', endpoint);
  } finally {
    client.destroy();
  }
}

export async function showEvents(service: string, options: EventsOptions): Promise<number> {
  const { client, endpoint } = connectEcs(options);
  const cluster = options.cluster === undefined ? {} : { cluster: options.cluster };
  try {
    const seen = new Set<string>();
    for (;;) {
      const [found] = await describe(client, cluster, [service]);
      if (!found) {
        console.error(`berth: no service ${service} in cluster ${options.cluster ?? 'default'}`);
        return exitCodes.failure;
      }
      for (const event of [...(found.events ?? [])].reverse()) {
        if (seen.has(event.id!)) continue;
        seen.add(event.id!);
        console.log(formatEvent(event));
      }
      if (!options.follow || isStable(found) || found.status === 'INACTIVE') return exitCodes.ok;
      await sleep(pollMs);
    }
  } catch (error) {
    return reportEcsFailure(error, 'DescribeServices', endpoint);
  } finally {
    client.destroy();
  }
}

async function describe(client: ECSClient, cluster: { cluster?: string }, names: readonly string[]) {
  const services: Service[] = [];
  for (let i = 0; i < names.length; i += describeBatch) {
    const out = await client.send(
      new DescribeServicesCommand({ ...cluster, services: names.slice(i, i + describeBatch) }),
    );
    services.push(...(out.services ?? []));
  }
  return services;
}

/** What the services-stable waiter asks: one deployment and runningCount == desiredCount. */
function isStable(service: Service): boolean {
  return service.deployments?.length === 1 && service.runningCount === service.desiredCount;
}

const revision = (arn: string | undefined) => arn?.split('/').pop() ?? '-';

function progress(service: Service): string {
  const deployments = (service.deployments ?? [])
    .map(
      (d) =>
        `${d.status} ${revision(d.taskDefinition)} ${d.rolloutState ?? ''} ${d.runningCount}/${d.desiredCount}`,
    )
    .join(', ');
  return `${service.serviceName}: ${service.runningCount}/${service.desiredCount} running, ${service.pendingCount} pending; ${deployments}`;
}

export function formatServices(services: readonly Service[]): string {
  const rows = [['NAME', 'STATUS', 'RUNNING', 'PENDING', 'DEPLOYMENTS', 'LAST EVENT']];
  for (const s of services) {
    rows.push([
      s.serviceName ?? '-',
      s.status ?? '-',
      `${s.runningCount}/${s.desiredCount}`,
      String(s.pendingCount ?? 0),
      (s.deployments ?? [])
        .map((d) => `${d.status} ${revision(d.taskDefinition)} ${d.rolloutState ?? ''}`.trim())
        .join(', '),
      s.events?.[0]?.message ?? '',
    ]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  return rows
    .map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  '))
    .join('\n');
}

function formatEvent(event: ServiceEvent): string {
  return `${event.createdAt?.toISOString() ?? '-'}  ${event.message ?? ''}`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
