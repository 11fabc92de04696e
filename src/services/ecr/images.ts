import { createHash } from 'node:crypto';
import type { RequestContext } from '../../aws/index.js';
import { keysetPage, pageMembers } from '../../engines/pagination/index.js';
import { tagIsImmutable } from './domain/repository-document.js';
import type { EcrAccess } from './ecr-access.js';
import { ecrErrors } from './errors.js';
import type { EcrImageStore } from './image-store.js';
import type { Repositories } from './repositories.js';

export interface ImageId {
  readonly imageDigest?: string;
  readonly imageTag?: string;
}

interface RepositoryRequest {
  readonly registryId?: string;
  readonly name: string;
}

const digestPattern = /^[a-zA-Z0-9-_+.]+:[a-fA-F0-9]+$/;
const notFound = 'Requested image not found';

/**
 * Image operations (ref ecr §1.3) over the registry's store: the same manifests and tags a registry push made.
 * Every one authorizes its own action on the repository (with its policy) before looking further.
 */
export class Images {
  constructor(
    private readonly deps: {
      readonly access: EcrAccess;
      readonly repositories: Repositories;
      readonly images: EcrImageStore;
      readonly layerUrl: (digest: string) => Promise<string>;
    },
  ) {}

  async describe(
    ctx: RequestContext,
    request: RepositoryRequest & {
      imageIds?: ImageId[];
      tagStatus?: string;
      nextToken?: string;
      maxResults?: number;
    },
  ) {
    const { repository, registryName, registryId } = await this.open(ctx, 'DescribeImages', request);
    const tagsOf = new Map<string, string[]>();
    for (const t of this.deps.images.tags(registryName))
      tagsOf.set(t.digest, [...(tagsOf.get(t.digest) ?? []), t.tag]);
    let manifests = this.deps.images.manifests(registryName);
    if (request.imageIds) {
      manifests = request.imageIds.map((id) => {
        const digest = this.resolve(registryName, id);
        const found = digest === undefined ? undefined : this.deps.images.manifest(registryName, digest);
        if (!found) throw ecrErrors.imageNotFound(describeId(id), repository.name, registryId);
        return found;
      });
    }
    const status = request.tagStatus ?? 'ANY';
    manifests = manifests.filter((m) => {
      const tagged = tagsOf.has(m.digest);
      return status === 'ANY' || (status === 'TAGGED') === tagged;
    });
    const page = keysetPage(manifests, pageOf(request), byDigest);
    const imageDetails = await Promise.all(
      page.items.map(async (m) => ({
        registryId,
        repositoryName: repository.name,
        imageDigest: m.digest,
        ...(tagsOf.has(m.digest) ? { imageTags: tagsOf.get(m.digest) } : {}),
        imageSizeInBytes: await this.deps.images.imageSize(m.digest),
        imageManifestMediaType: m.mediaType,
        imageStatus: 'ACTIVE',
      })),
    );
    return { imageDetails, ...pageMembers(page, { next: 'nextToken' }) };
  }

  async list(
    ctx: RequestContext,
    request: RepositoryRequest & { tagStatus?: string; nextToken?: string; maxResults?: number },
  ) {
    const { registryName } = await this.open(ctx, 'ListImages', request);
    const tags = this.deps.images.tags(registryName);
    const tagged = new Set(tags.map((t) => t.digest));
    const status = request.tagStatus ?? 'ANY';
    const ids: Array<{ imageDigest: string; imageTag?: string }> = [];
    if (status !== 'UNTAGGED') for (const t of tags) ids.push({ imageDigest: t.digest, imageTag: t.tag });
    if (status !== 'TAGGED') {
      for (const m of this.deps.images.manifests(registryName)) {
        if (!tagged.has(m.digest)) ids.push({ imageDigest: m.digest });
      }
    }
    const page = keysetPage(ids, pageOf(request), {
      keyOf: (id) => [id.imageDigest, id.imageTag ?? ''],
      invalidToken: invalidToken,
    });
    return { imageIds: page.items, ...pageMembers(page, { next: 'nextToken' }) };
  }

  async batchGet(
    ctx: RequestContext,
    request: RepositoryRequest & { imageIds: ImageId[]; accepted?: string[] },
  ) {
    const { repository, registryName, registryId } = await this.open(ctx, 'BatchGetImage', request);
    const images = [];
    const failures = [];
    for (const id of request.imageIds) {
      const digest = this.resolve(registryName, id);
      const manifest = digest === undefined ? undefined : this.deps.images.manifest(registryName, digest);
      if (!manifest) {
        failures.push({ imageId: id, failureCode: 'ImageNotFound', failureReason: notFound });
        continue;
      }
      if (request.accepted && !request.accepted.includes(manifest.mediaType)) {
        failures.push({
          imageId: id,
          failureCode: 'UnsupportedImageType',
          failureReason: 'Requested image is of an unsupported media type',
        });
        continue;
      }
      images.push({
        registryId,
        repositoryName: repository.name,
        imageId: { imageDigest: manifest.digest, ...(id.imageTag ? { imageTag: id.imageTag } : {}) },
        imageManifest: (await this.deps.images.readManifest(manifest.digest)).toString('utf8'),
        imageManifestMediaType: manifest.mediaType,
      });
    }
    return { images, failures };
  }

  /** "When you remove the last tag from an image, the image is deleted"; a digest deletes it with all its tags. */
  async batchDelete(ctx: RequestContext, request: RepositoryRequest & { imageIds: ImageId[] }) {
    const { registryName } = await this.open(ctx, 'BatchDeleteImage', request);
    const imageIds = [];
    const failures = [];
    for (const id of request.imageIds) {
      if (id.imageDigest === undefined && id.imageTag === undefined) {
        failures.push({
          imageId: id,
          failureCode: 'MissingDigestAndTag',
          failureReason: 'Invalid request parameters: both tag and digest cannot be null',
        });
        continue;
      }
      if (id.imageDigest !== undefined && !digestPattern.test(id.imageDigest)) {
        failures.push({
          imageId: id,
          failureCode: 'InvalidImageDigest',
          failureReason: `Invalid request parameters: image digest should satisfy the regex '${digestPattern.source.slice(1, -1)}'`,
        });
        continue;
      }
      const digest = this.resolve(registryName, id);
      if (digest === undefined || !this.deps.images.manifest(registryName, digest)) {
        failures.push({ imageId: id, failureCode: 'ImageNotFound', failureReason: notFound });
        continue;
      }
      if (id.imageTag !== undefined && id.imageDigest === undefined) {
        this.deps.images.deleteTag(registryName, id.imageTag);
        const left = this.deps.images.tags(registryName).some((t) => t.digest === digest);
        if (!left) this.deps.images.deleteManifest(registryName, digest);
      } else {
        this.deps.images.deleteManifest(registryName, digest);
      }
      imageIds.push({ imageDigest: digest, ...(id.imageTag ? { imageTag: id.imageTag } : {}) });
    }
    return { imageIds, failures };
  }

  async put(
    ctx: RequestContext,
    request: RepositoryRequest & { manifest: string; mediaType?: string; tag?: string; digest?: string },
  ) {
    const { repository, registryName, registryId } = await this.open(ctx, 'PutImage', request);
    const bytes = Buffer.from(request.manifest, 'utf8');
    const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
    if (request.digest !== undefined && request.digest !== digest) throw ecrErrors.imageDigestMismatch();
    if (request.tag !== undefined) {
      const existing = this.deps.images.tags(registryName).find((t) => t.tag === request.tag);
      if (existing?.digest === digest) {
        throw ecrErrors.imageAlreadyExists(digest, request.tag, repository.name, registryId);
      }
      if (existing && tagIsImmutable(repository, request.tag)) {
        throw ecrErrors.tagAlreadyExists(request.tag, repository.name);
      }
    }
    const stored = await this.deps.images.putManifest(registryName, bytes, request.mediaType, request.tag);
    if ('refused' in stored) {
      if (stored.refused === 'blob-unknown') throw ecrErrors.layersNotFound(stored.message);
      throw ecrErrors.invalidParameter(stored.message);
    }
    const manifest = this.deps.images.manifest(registryName, stored.digest);
    return {
      image: {
        registryId,
        repositoryName: repository.name,
        imageId: { imageDigest: stored.digest, ...(request.tag ? { imageTag: request.tag } : {}) },
        imageManifest: request.manifest,
        imageManifestMediaType: manifest?.mediaType ?? request.mediaType,
      },
    };
  }

  async checkLayers(ctx: RequestContext, request: RepositoryRequest & { digests: string[] }) {
    const { registryName } = await this.open(ctx, 'BatchCheckLayerAvailability', request);
    const layers = [];
    const failures = [];
    for (const layerDigest of request.digests) {
      if (!digestPattern.test(layerDigest)) {
        failures.push({
          layerDigest,
          failureCode: 'InvalidLayerDigest',
          failureReason: 'Invalid layer digest',
        });
        continue;
      }
      const blob = await this.deps.images.blob(registryName, layerDigest);
      layers.push(
        blob
          ? { layerDigest, layerAvailability: 'AVAILABLE', layerSize: blob.size }
          : { layerDigest, layerAvailability: 'UNAVAILABLE' },
      );
    }
    return { layers, failures };
  }

  /**
   * AWS answers a pre-signed S3 URL (ref ecr §2.6); berth a signed, short-lived URL on its own port, the one its
   * registry redirects the layer's GET to: it takes no login, and refuses one.
   */
  async downloadUrl(ctx: RequestContext, request: RepositoryRequest & { digest: string }) {
    const { registryName } = await this.open(ctx, 'GetDownloadUrlForLayer', request);
    if (!(await this.deps.images.blob(registryName, request.digest))) throw ecrErrors.layerInaccessible();
    return {
      downloadUrl: await this.deps.layerUrl(request.digest),
      layerDigest: request.digest,
    };
  }

  /** The repository after `ecr:<action>` was allowed, with its registry name. */
  async open(ctx: RequestContext, action: string, request: RepositoryRequest) {
    const scope = this.deps.access.scope(ctx, request.registryId);
    const repository = await this.deps.access.repository(ctx, action, scope, request.name);
    return {
      repository,
      registryName: this.deps.repositories.registryName(repository),
      registryId: scope.account,
    };
  }

  private resolve(registryName: string, id: ImageId): string | undefined {
    if (id.imageDigest !== undefined) {
      if (id.imageTag === undefined) return id.imageDigest;
      const tagged = this.deps.images.tags(registryName).find((t) => t.tag === id.imageTag);
      return tagged?.digest === id.imageDigest ? id.imageDigest : undefined;
    }
    return this.deps.images.tags(registryName).find((t) => t.tag === id.imageTag)?.digest;
  }
}

const invalidToken = () =>
  ecrErrors.invalidParameter(
    "Invalid parameter at 'nextToken' failed to satisfy constraint: 'Invalid token'",
  );
const byDigest = { keyOf: (m: { digest: string }) => m.digest, invalidToken };

function pageOf(request: { nextToken?: string; maxResults?: number }) {
  return { token: request.nextToken, limit: request.maxResults ?? 1000 };
}

/** moto's rendering of an imageId in ImageNotFoundException (ref ecr §1.3 DescribeImages, [UNCONFIRMED]). */
function describeId(id: ImageId): string {
  const parts = Object.entries(id).map(([k, v]) => `'${k}': '${v}'`);
  return `{${parts.join(', ')}}`;
}
