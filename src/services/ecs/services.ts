/**
 * ECS services, the API side (ref ecs-services-elb-logs §1): CreateService, UpdateService, DeleteService,
 * DescribeServices, ListServices. Each checks IAM first (the service ARN with `ecs:cluster`), then the state, then
 * stores and hands over to the scheduler, which does the rest.
 */
import type { RequestContext } from '../../aws/index.js';
import { deploymentId, ecsArns, ecsNamePattern, serviceErrorTexts as t } from '../../engines/ecs/index.js';
import type { Clock, Random } from '../../ports/index.js';
import type { ClusterName, Clusters } from './clusters.js';
import { paginate } from './domain/pagination.js';
import { renderService } from './domain/render-service.js';
import { deploy, newDeployment } from './domain/service-changes.js';
import type { DeploymentConfiguration, ServiceDocument } from './domain/service-documents.js';
import { checkTags } from './domain/tags.js';
import { type EcsAccess, requestTagKeys } from './ecs-access.js';
import { ecsErrors } from './errors.js';
import type {
  CreateServiceRequest,
  DeploymentConfigurationInput,
  ListServicesRequest,
  UpdateServiceRequest,
} from './service-requests.js';
import type { ServiceScheduler } from './service-scheduler.js';
import type { ServiceTargets } from './service-targets.js';
import type { EcsStore } from './store.js';
import type { TaskRunner } from './task-runner.js';

export interface ServicesParts {
  readonly store: EcsStore;
  readonly access: EcsAccess;
  readonly clusters: Clusters;
  readonly runner: TaskRunner;
  readonly scheduler: ServiceScheduler;
  readonly targets: ServiceTargets;
  readonly clock: Clock;
  readonly random: Random;
}

/** ref §1.5: REPLICA defaults 200 % / 100 %, circuit breaker off. */
const defaultConfiguration: DeploymentConfiguration = {
  deploymentCircuitBreaker: { enable: false, rollback: false },
  maximumPercent: 200,
  minimumHealthyPercent: 100,
};

export class Services {
  readonly #p: ServicesParts;

  constructor(parts: ServicesParts) {
    this.#p = parts;
  }

  async create(ctx: RequestContext, request: CreateServiceRequest) {
    const { clusters, access, store, runner } = this.#p;
    const name = clusters.named(ctx, request.cluster);
    const arn = ecsArns.service(clusters.scope(ctx), name.name, request.serviceName);
    await access.authorize(ctx, 'CreateService', arn, {
      'ecs:cluster': name.arn,
      ...requestTagKeys(request.tags),
    });
    if (!ecsNamePattern.test(request.serviceName)) throw ecsErrors.invalidParameter(t.serviceNameInvalid);
    if (request.schedulingStrategy === 'DAEMON') {
      if (request.desiredCount !== undefined) throw ecsErrors.invalidParameter(t.daemonDesiredCount);
      // berth runs no container instances, so a daemon has nowhere to go [INF].
      throw ecsErrors.unsupportedFeature('The DAEMON scheduling strategy is not supported by berth.');
    }
    if (request.deploymentController !== undefined && request.deploymentController !== 'ECS')
      throw ecsErrors.unsupportedFeature(
        `The ${request.deploymentController} deployment controller is not supported by berth.`,
      );
    if (request.taskDefinition === undefined) throw ecsErrors.invalidParameter(t.taskDefinitionRequired);
    const desiredCount = request.desiredCount ?? 0;
    if (desiredCount < 0) throw ecsErrors.client(t.invalidDesiredCount);
    checkTags(request.tags);
    const configuration = mergeConfiguration(defaultConfiguration, request.deploymentConfiguration);
    const checked = await runner.check(ctx, { ...request, taskDefinition: request.taskDefinition, count: 1 });
    await this.#p.targets.check(request.loadBalancers, checked.networkMode);
    const now = this.#p.clock.now();
    const service = store.transaction(() => {
      const found = store.service(ctx.accountId, ctx.region, name.name, request.serviceName);
      if (found && found.status !== 'INACTIVE') {
        if (request.clientToken !== undefined && found.clientToken === request.clientToken) return found;
        throw ecsErrors.invalidParameter(t.notIdempotent);
      }
      const deployment = newDeployment(this.#newId(), checked.taskDefinitionArn, now);
      const created: ServiceDocument = {
        account: ctx.accountId,
        region: ctx.region,
        clusterName: name.name,
        clusterArn: name.arn,
        serviceName: request.serviceName,
        serviceArn: arn,
        status: 'ACTIVE',
        desiredCount,
        taskDefinition: checked.taskDefinitionArn,
        ...(request.launchType === undefined ? {} : { launchType: request.launchType }),
        ...(request.capacityProviderStrategy
          ? { capacityProviderStrategy: request.capacityProviderStrategy }
          : {}),
        ...(request.platformVersion === undefined ? {} : { platformVersion: request.platformVersion }),
        ...(request.awsvpcConfiguration ? { awsvpcConfiguration: request.awsvpcConfiguration } : {}),
        deploymentConfiguration: configuration,
        loadBalancers: request.loadBalancers,
        healthCheckGracePeriodSeconds: request.healthCheckGracePeriodSeconds ?? 0,
        propagateTags: request.propagateTags ?? 'NONE',
        enableECSManagedTags: request.enableECSManagedTags,
        enableExecuteCommand: request.enableExecuteCommand,
        tags: request.tags,
        ...(request.clientToken === undefined ? {} : { clientToken: request.clientToken }),
        createdAt: now.toISOString(),
        createdBy: ctx.caller.principal.arn,
        deployments: [deployment],
        events: [],
        launchFailures: 0,
        steady: false,
      };
      clusters.keep(checked.cluster);
      store.putService(created);
      return created;
    });
    this.#p.scheduler.poke(service);
    return { service: this.#render(service, false) };
  }

  /**
   * desiredCount and deploymentConfiguration change in place ("doesn't trigger a new service deployment"); a task
   * definition, a network configuration or forceNewDeployment start a new deployment (ref §1.2).
   */
  async update(ctx: RequestContext, request: UpdateServiceRequest) {
    const { store, runner } = this.#p;
    const { name, arn, serviceName } = this.#name(ctx, request.cluster, request.service);
    await this.#p.access.authorize(ctx, 'UpdateService', arn, { 'ecs:cluster': name.arn });
    this.#p.clusters.active(ctx, name);
    const found = this.#found(ctx, name, serviceName);
    if (found.status !== 'ACTIVE') throw ecsErrors.serviceNotActive();
    if (request.desiredCount !== undefined && request.desiredCount < 0)
      throw ecsErrors.client(t.invalidDesiredCount);
    const awsvpcConfiguration = request.awsvpcConfiguration ?? found.awsvpcConfiguration;
    const taskDefinition = request.taskDefinition ?? found.taskDefinition;
    const checked = await runner.check(ctx, {
      cluster: name.name,
      taskDefinition,
      count: 1,
      launchType: found.launchType,
      capacityProviderStrategy: found.capacityProviderStrategy,
      platformVersion: found.platformVersion,
      networkConfigurationGiven: awsvpcConfiguration !== undefined,
      awsvpcConfiguration,
      tags: [],
      enableExecuteCommand: false,
    });
    const now = this.#p.clock.now();
    const service = store.transaction(() => {
      const current = this.#found(ctx, name, serviceName);
      if (current.status !== 'ACTIVE') throw ecsErrors.serviceNotActive();
      let next: ServiceDocument = {
        ...current,
        desiredCount: request.desiredCount ?? current.desiredCount,
        deploymentConfiguration: mergeConfiguration(
          current.deploymentConfiguration,
          request.deploymentConfiguration,
        ),
        healthCheckGracePeriodSeconds:
          request.healthCheckGracePeriodSeconds ?? current.healthCheckGracePeriodSeconds,
        enableExecuteCommand: request.enableExecuteCommand ?? current.enableExecuteCommand,
        ...(awsvpcConfiguration ? { awsvpcConfiguration } : {}),
        steady: false,
      };
      const redeploy =
        request.forceNewDeployment ||
        request.networkConfigurationGiven ||
        checked.taskDefinitionArn !== current.taskDefinition;
      if (redeploy) next = deploy(next, newDeployment(this.#newId(), checked.taskDefinitionArn, now));
      store.putService(next);
      return next;
    });
    this.#p.scheduler.poke(service);
    return { service: this.#render(service, false) };
  }

  /** ACTIVE → DRAINING now; the scheduler stops the tasks and makes it INACTIVE (ref §1.2, §1.6). */
  async delete(
    ctx: RequestContext,
    clusterIdentifier: string | undefined,
    identifier: string,
    force: boolean,
  ) {
    const { name, arn, serviceName } = this.#name(ctx, clusterIdentifier, identifier);
    await this.#p.access.authorize(ctx, 'DeleteService', arn, { 'ecs:cluster': name.arn });
    this.#p.clusters.active(ctx, name);
    const service = this.#p.store.transaction(() => {
      const found = this.#found(ctx, name, serviceName);
      if (found.status !== 'ACTIVE') throw ecsErrors.serviceNotActive();
      if (found.desiredCount > 0 && !force) throw ecsErrors.invalidParameter(t.scaledAboveZero);
      const draining: ServiceDocument = { ...found, status: 'DRAINING', desiredCount: 0, steady: false };
      this.#p.store.putService(draining);
      return draining;
    });
    this.#p.scheduler.poke(service);
    return { service: this.#render(service, false) };
  }

  /** Misses are `failures` with reason MISSING, never an error (ref §1.2, §1.7). */
  async describe(
    ctx: RequestContext,
    clusterIdentifier: string | undefined,
    identifiers: readonly string[],
    include: readonly string[],
  ) {
    if (identifiers.length === 0) throw ecsErrors.invalidParameter(t.servicesEmpty);
    if (identifiers.length > 10) throw ecsErrors.invalidParameter(t.servicesTooMany);
    const named = identifiers.map((identifier) => this.#name(ctx, clusterIdentifier, identifier));
    for (const { name, arn } of named)
      await this.#p.access.authorize(ctx, 'DescribeServices', arn, { 'ecs:cluster': name.arn });
    const cluster = this.#p.clusters.named(ctx, clusterIdentifier);
    this.#p.clusters.active(ctx, cluster);
    const services: ReturnType<typeof renderService>[] = [];
    const failures: { arn: string; reason: string }[] = [];
    for (const { name, arn, serviceName } of named) {
      const found =
        name.name === cluster.name
          ? this.#p.store.service(ctx.accountId, ctx.region, name.name, serviceName)
          : undefined;
      // The failure's ARN spelling is UNCONFIRMED (ref §1.7); berth names the long-format ARN it would have had.
      if (found) services.push(this.#render(found, include.includes('TAGS')));
      else failures.push({ arn, reason: 'MISSING' });
    }
    return { services, failures };
  }

  /** ACTIVE services only: a DRAINING one "is no longer visible … in the ListServices API operation" (ref §1.2). */
  async list(ctx: RequestContext, request: ListServicesRequest) {
    const name = this.#p.clusters.named(ctx, request.cluster);
    await this.#p.access.authorize(ctx, 'ListServices', '*', { 'ecs:cluster': name.arn });
    this.#p.clusters.active(ctx, name);
    const services = this.#p.store
      .services(ctx.accountId, ctx.region, name.name)
      .filter(
        (s) =>
          s.status === 'ACTIVE' &&
          (request.launchType === undefined || s.launchType === request.launchType) &&
          (request.schedulingStrategy === undefined || request.schedulingStrategy === 'REPLICA'),
      );
    // maxResults defaults to 10 for ListServices (ref §1.2).
    const page = paginate(services, (s) => s.serviceName, request.maxResults ?? 10, request.nextToken);
    return { serviceArns: page.items.map((s) => s.serviceArn), nextToken: page.nextToken };
  }

  /** A service named by name or ARN (long `service/<cluster>/<name>` or short `service/<name>`). */
  #name(ctx: RequestContext, clusterIdentifier: string | undefined, identifier: string) {
    const name: ClusterName = this.#p.clusters.named(ctx, clusterIdentifier);
    const path = identifier.startsWith('arn:')
      ? identifier.slice(identifier.indexOf(':service/') + ':service/'.length)
      : identifier;
    const parts = path.split('/');
    const serviceName = parts.at(-1) ?? '';
    const clusterOf: ClusterName = parts.length === 2 ? this.#p.clusters.named(ctx, parts[0]) : name;
    return {
      name: clusterOf,
      serviceName,
      arn: ecsArns.service(this.#p.clusters.scope(ctx), clusterOf.name, serviceName),
    };
  }

  #found(ctx: RequestContext, name: ClusterName, serviceName: string): ServiceDocument {
    const found = this.#p.store.service(ctx.accountId, ctx.region, name.name, serviceName);
    if (!found) throw ecsErrors.serviceNotFound();
    return found;
  }

  #render(service: ServiceDocument, withTags: boolean) {
    return renderService(
      service,
      this.#p.store.tasks(service.account, service.region, service.clusterName),
      withTags,
    );
  }

  #newId(): string {
    return deploymentId(this.#p.random.bytes(8));
  }
}

/** The given members over `base`, each checked against its documented range (API_DeploymentConfiguration). */
function mergeConfiguration(
  base: DeploymentConfiguration,
  given: DeploymentConfigurationInput | undefined,
): DeploymentConfiguration {
  const merged: DeploymentConfiguration = {
    deploymentCircuitBreaker: given?.deploymentCircuitBreaker ?? base.deploymentCircuitBreaker,
    maximumPercent: given?.maximumPercent ?? base.maximumPercent,
    minimumHealthyPercent: given?.minimumHealthyPercent ?? base.minimumHealthyPercent,
    ...(given?.alarms !== undefined
      ? { alarms: given.alarms }
      : base.alarms === undefined
        ? {}
        : { alarms: base.alarms }),
  };
  if (merged.minimumHealthyPercent < 0 || merged.minimumHealthyPercent > 100)
    throw ecsErrors.invalidParameter(t.deploymentConfigurationInvalid('minimumHealthyPercent'));
  if (merged.maximumPercent < 100 || merged.maximumPercent > 200)
    throw ecsErrors.invalidParameter(t.deploymentConfigurationInvalid('maximumPercent'));
  return merged;
}
