import type { RequestContext } from '../../aws/index.js';
import { normalizeTags, tagConditionKeys } from '../../engines/aws-tags/index.js';
import { ecrNamespace } from '../../engines/ecr/index.js';
import { keysetPage, pageMembers } from '../../engines/pagination/index.js';
import type { Clock } from '../../ports/index.js';
import type { MutabilityExclusion, RepositoryDocument, TagMutability } from './domain/repository-document.js';
import type { EcrAccess, RegistryScope } from './ecr-access.js';
import { ecrErrors } from './errors.js';
import type { EcrImageStore } from './image-store.js';
import type { RepositoryStore } from './store.js';

export type Tag = { readonly Key: string; readonly Value: string };

export interface CreateRepositoryRequest {
  readonly registryId?: string;
  readonly name: string;
  readonly tags?: readonly Tag[];
  readonly imageTagMutability?: TagMutability;
  readonly exclusions?: readonly MutabilityExclusion[];
  readonly scanOnPush?: boolean;
  readonly encryption?: { readonly encryptionType: string; readonly kmsKey?: string };
}

const maxTags = 50;

/** Repository operations (ref ecr §1.3): create, describe, delete, policies, tags, tag mutability. */
export class Repositories {
  constructor(
    private readonly deps: {
      readonly store: RepositoryStore;
      readonly access: EcrAccess;
      readonly images: EcrImageStore;
      readonly clock: Clock;
      /** Where the registry answers: `127.0.0.1:<port>` (repositoryUri's host, see engines/ecr). */
      readonly registryHost: () => string;
    },
  ) {}

  async create(ctx: RequestContext, request: CreateRepositoryRequest) {
    const scope = this.deps.access.scope(ctx, request.registryId);
    const tags = request.tags ?? [];
    await this.deps.access.authorizer.authorize(ctx, {
      action: 'ecr:CreateRepository',
      resource: this.deps.access.arn(scope, request.name),
      context: tagConditionKeys.request(normalizeTags(tags, 'Key')),
    });
    if (this.deps.store.get(scope.account, scope.region, request.name)) {
      throw ecrErrors.repositoryAlreadyExists(request.name, scope.account);
    }
    if (tags.length > maxTags) throw ecrErrors.tooManyTags();
    return { repository: this.render(this.add(scope, request)) };
  }

  /**
   * Stores a new repository, CreateRepository's defaults filling what the request leaves out (also the pull-through
   * cache's repositories: "immutability and KMS off by default", ref ecr §3.5). The caller has authorized it.
   */
  add(scope: RegistryScope, request: CreateRepositoryRequest): RepositoryDocument {
    const document: RepositoryDocument = {
      ...scope,
      name: request.name,
      arn: this.deps.access.arn(scope, request.name),
      createdAt: Math.floor(this.deps.clock.now().getTime() / 1000),
      imageTagMutability: request.imageTagMutability ?? 'MUTABLE',
      ...(request.exclusions ? { imageTagMutabilityExclusionFilters: request.exclusions } : {}),
      scanOnPush: request.scanOnPush ?? false,
      encryption: request.encryption ?? { encryptionType: 'AES256' },
      tags: mergeTags([], request.tags ?? []),
    };
    this.deps.store.put(document);
    return document;
  }

  async describe(
    ctx: RequestContext,
    request: { registryId?: string; names?: string[]; nextToken?: string; maxResults?: number },
  ) {
    const scope = this.deps.access.scope(ctx, request.registryId);
    if (request.names) {
      const found: RepositoryDocument[] = [];
      for (const name of request.names)
        found.push(await this.deps.access.repository(ctx, 'DescribeRepositories', scope, name));
      return { repositories: found.map((r) => this.render(r)) };
    }
    await this.deps.access.authorizer.authorize(ctx, { action: 'ecr:DescribeRepositories', resource: '*' });
    const page = keysetPage(
      this.deps.store.list(scope.account, scope.region),
      { token: request.nextToken, limit: request.maxResults ?? 1000 },
      { keyOf: (r) => r.name, invalidToken: () => ecrErrors.invalidParameter('Invalid NextToken') },
    );
    return {
      repositories: page.items.map((r) => this.render(r)),
      ...pageMembers(page, { next: 'nextToken' }),
    };
  }

  async delete(ctx: RequestContext, request: { registryId?: string; name: string; force?: boolean }) {
    const scope = this.deps.access.scope(ctx, request.registryId);
    const repository = await this.deps.access.repository(ctx, 'DeleteRepository', scope, request.name);
    const registryName = this.registryName(repository);
    if (!request.force && this.deps.images.manifests(registryName).length > 0) {
      throw ecrErrors.repositoryNotEmpty(request.name, scope.account);
    }
    this.deps.images.clear(registryName);
    this.deps.store.delete(repository);
    return { repository: this.render(repository) };
  }

  async setPolicy(ctx: RequestContext, request: { registryId?: string; name: string; policyText: string }) {
    const scope = this.deps.access.scope(ctx, request.registryId);
    const repository = await this.deps.access.repository(ctx, 'SetRepositoryPolicy', scope, request.name);
    this.deps.access.policy(request.policyText);
    this.deps.store.put({ ...repository, policyText: request.policyText });
    return this.policyOutput(repository, request.policyText);
  }

  async getPolicy(ctx: RequestContext, request: { registryId?: string; name: string }) {
    const scope = this.deps.access.scope(ctx, request.registryId);
    const repository = await this.deps.access.repository(ctx, 'GetRepositoryPolicy', scope, request.name);
    if (repository.policyText === undefined) throw ecrErrors.policyNotFound(request.name, scope.account);
    return this.policyOutput(repository, repository.policyText);
  }

  async deletePolicy(ctx: RequestContext, request: { registryId?: string; name: string }) {
    const scope = this.deps.access.scope(ctx, request.registryId);
    const repository = await this.deps.access.repository(ctx, 'DeleteRepositoryPolicy', scope, request.name);
    if (repository.policyText === undefined) throw ecrErrors.policyNotFound(request.name, scope.account);
    const { policyText, ...rest } = repository;
    this.deps.store.put(rest);
    return this.policyOutput(repository, policyText);
  }

  async putTagMutability(
    ctx: RequestContext,
    request: {
      registryId?: string;
      name: string;
      mutability: TagMutability;
      exclusions?: MutabilityExclusion[];
    },
  ) {
    const scope = this.deps.access.scope(ctx, request.registryId);
    const repository = await this.deps.access.repository(ctx, 'PutImageTagMutability', scope, request.name);
    const { imageTagMutabilityExclusionFilters: _, ...rest } = repository;
    this.deps.store.put({
      ...rest,
      imageTagMutability: request.mutability,
      ...(request.exclusions ? { imageTagMutabilityExclusionFilters: request.exclusions } : {}),
    });
    return {
      registryId: scope.account,
      repositoryName: request.name,
      imageTagMutability: request.mutability,
      ...(request.exclusions ? { imageTagMutabilityExclusionFilters: request.exclusions } : {}),
    };
  }

  async tag(ctx: RequestContext, arn: string, tags: readonly Tag[]) {
    const repository = await this.byArn(
      ctx,
      'TagResource',
      arn,
      tagConditionKeys.request(normalizeTags(tags, 'Key')),
    );
    const merged = mergeTags(repository.tags, tags);
    if (merged.length > maxTags) throw ecrErrors.tooManyTags();
    this.deps.store.put({ ...repository, tags: merged });
    return {};
  }

  async untag(ctx: RequestContext, arn: string, keys: readonly string[]) {
    const repository = await this.byArn(ctx, 'UntagResource', arn, { 'aws:TagKeys': [...keys] });
    this.deps.store.put({ ...repository, tags: repository.tags.filter((t) => !keys.includes(t.Key)) });
    return {};
  }

  async listTags(ctx: RequestContext, arn: string) {
    const repository = await this.byArn(ctx, 'ListTagsForResource', arn, {});
    return { tags: repository.tags };
  }

  /** The registry repository that holds the ECR repository's images. */
  registryName(repository: Pick<RepositoryDocument, 'account' | 'region' | 'name'>): string {
    return `${ecrNamespace(repository.account, repository.region)}/${repository.name}`;
  }

  render(r: RepositoryDocument) {
    return {
      repositoryArn: r.arn,
      registryId: r.account,
      repositoryName: r.name,
      repositoryUri: `${this.deps.registryHost()}/${this.registryName(r)}`,
      createdAt: r.createdAt,
      imageTagMutability: r.imageTagMutability,
      ...(r.imageTagMutabilityExclusionFilters
        ? { imageTagMutabilityExclusionFilters: r.imageTagMutabilityExclusionFilters }
        : {}),
      imageScanningConfiguration: { scanOnPush: r.scanOnPush },
      encryptionConfiguration: r.encryption,
    };
  }

  private policyOutput(repository: RepositoryDocument, policyText: string) {
    return { registryId: repository.account, repositoryName: repository.name, policyText };
  }

  /** A repository named by ARN: "Currently, the only supported resource is an Amazon ECR repository" (ref ecr §1.3). */
  private async byArn(
    ctx: RequestContext,
    action: string,
    arn: string,
    extra: Record<string, string | string[]>,
  ): Promise<RepositoryDocument> {
    const match = /^arn:[a-z-]+:ecr:([a-z0-9-]+):(\d{12}):repository\/(.+)$/.exec(arn);
    if (!match || match[1] !== ctx.region) throw ecrErrors.invalidAt('resourceArn', 'Invalid ARN');
    const scope: RegistryScope = { account: match[2]!, region: match[1]! };
    const found = this.deps.store.get(scope.account, scope.region, match[3]!);
    await this.deps.access.authorizer.authorize(ctx, {
      action: `ecr:${action}`,
      resource: arn,
      ...(found?.policyText === undefined
        ? {}
        : { resourcePolicy: this.deps.access.policy(found.policyText) }),
      context: { ...tagConditionKeys.resource(normalizeTags(found?.tags ?? [], 'Key')), ...extra },
    });
    if (!found) throw ecrErrors.repositoryNotFound(match[3]!, scope.account);
    return found;
  }
}

/** TagResource merges: "Existing tags … are not changed if they are not specified" (ref ecr §1.3). */
function mergeTags(existing: readonly Tag[], added: readonly Tag[]): Tag[] {
  const byKey = new Map(existing.map((t) => [t.Key, t.Value]));
  for (const t of added) byKey.set(t.Key, t.Value);
  return [...byKey].map(([Key, Value]) => ({ Key, Value }));
}
