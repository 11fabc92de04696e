import { handledJsonOperation, type JsonInputReader, type OperationSpec } from '../../aws/index.js';
import { credentialArnPattern, repositoryPrefixPattern } from './domain/pull-through-rule.js';
import type { PullThroughRules } from './pull-through-rules.js';
import { listString, readRegistryId } from './repository-handlers.js';

/** The model's member rules (ref ecr §1.3 "Pull-through cache rules"). */
const prefix = { required: true, min: 2, max: 30, pattern: repositoryPrefixPattern } as const;
const credentialArn = { min: 50, max: 612, pattern: credentialArnPattern } as const;
const upstreamRegistries = [
  'ecr',
  'ecr-public',
  'quay',
  'k8s',
  'docker-hub',
  'github-container-registry',
  'azure-container-registry',
  'gitlab-container-registry',
  'chainguard',
] as const;

const rule = (r: JsonInputReader) => ({
  registryId: readRegistryId(r),
  prefix: r.string('ecrRepositoryPrefix', prefix),
});

/** ECR's pull-through cache rule operations: read, then act (rules authorize and read their secret). */
export function pullThroughOperations(rules: PullThroughRules): Record<string, OperationSpec> {
  return {
    CreatePullThroughCacheRule: handledJsonOperation(
      (r) => {
        const read = {
          ...rule(r),
          upstreamRegistryUrl: r.string('upstreamRegistryUrl', { required: true, min: 1 }),
          upstreamRegistry: r.string('upstreamRegistry', { enum: upstreamRegistries }),
          credentialArn: r.string('credentialArn', credentialArn),
          upstreamRepositoryPrefix: r.string('upstreamRepositoryPrefix', {
            min: 2,
            max: 30,
            pattern: repositoryPrefixPattern,
          }),
        };
        // ECR-to-ECR upstreams only (an IAM role ECR assumes): read so that its type is checked; berth's upstreams
        // are registries reached with a secret or anonymously.
        r.string('customRoleArn', { max: 2048 });
        return read;
      },
      (ctx, request) => rules.create(ctx, request),
    ),
    DescribePullThroughCacheRules: handledJsonOperation(
      (r) => ({
        registryId: readRegistryId(r),
        prefixes: r.list('ecrRepositoryPrefixes', listString, { min: 1, max: 100 }),
        nextToken: r.string('nextToken'),
        maxResults: r.integer('maxResults', { min: 1, max: 1000 }),
      }),
      (ctx, request) => rules.describe(ctx, request),
    ),
    UpdatePullThroughCacheRule: handledJsonOperation(
      (r) => {
        const read = { ...rule(r), credentialArn: r.string('credentialArn', credentialArn) };
        r.string('customRoleArn', { max: 2048 });
        return read;
      },
      (ctx, request) => rules.update(ctx, request),
    ),
    DeletePullThroughCacheRule: handledJsonOperation(rule, (ctx, request) => rules.delete(ctx, request)),
    ValidatePullThroughCacheRule: handledJsonOperation(rule, (ctx, request) => rules.validate(ctx, request)),
  };
}
