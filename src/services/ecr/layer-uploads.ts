import type { RequestContext } from '../../aws/index.js';
import { ecrErrors } from './errors.js';
import type { EcrImageStore, EcrLayerUploads } from './image-store.js';
import type { Images } from './images.js';

/** The part size InitiateLayerUpload recommends; ECR's minimum for all but the last part (ref ecr §2.6). */
const partSize = 5 * 1024 * 1024;

/**
 * InitiateLayerUpload, UploadLayerPart and CompleteLayerUpload (ref ecr §1.3): "used by the Amazon ECR proxy and not
 * generally used by customers" — the API twins of the registry's push endpoints, kept the way the registry keeps its
 * uploads (EcrLayerUploads: staged on disk, so an upload survives a restart of `berth up`).
 */
export class LayerUploads {
  constructor(
    private readonly deps: {
      readonly images: Images;
      readonly store: EcrImageStore;
      readonly uploads: EcrLayerUploads;
    },
  ) {}

  async initiate(ctx: RequestContext, request: { registryId?: string; name: string }) {
    const { registryName } = await this.deps.images.open(ctx, 'InitiateLayerUpload', request);
    return { uploadId: await this.deps.uploads.start(registryName), partSize };
  }

  async part(
    ctx: RequestContext,
    request: {
      registryId?: string;
      name: string;
      uploadId: string;
      first: number;
      last: number;
      blob: Uint8Array;
    },
  ) {
    const { registryName, size } = await this.upload(ctx, 'UploadLayerPart', request);
    const notConsecutive = () =>
      ecrErrors.invalidLayerPart(
        `The upload with id '${request.uploadId}' could not accept the part: the first byte specified is not consecutive (last valid byte received: ${size - 1})`,
      );
    if (request.first !== size || request.last - request.first + 1 !== request.blob.length)
      throw notConsecutive();
    const appended = await this.deps.uploads.append(
      registryName,
      request.uploadId,
      request.first,
      request.blob,
    );
    if ('refused' in appended) {
      if (appended.refused === 'unknown') throw ecrErrors.uploadNotFound(request.uploadId);
      throw notConsecutive();
    }
    return {
      registryId: request.registryId ?? ctx.accountId,
      repositoryName: request.name,
      uploadId: request.uploadId,
      lastByteReceived: appended.size - 1,
    };
  }

  /**
   * Verifies the upload against the digest (the first of `layerDigests`: one layer per upload) and stores the
   * layer. A layer the repository already has is LayerAlreadyExistsException, and the upload is dropped.
   */
  async complete(
    ctx: RequestContext,
    request: { registryId?: string; name: string; uploadId: string; digests: string[] },
  ) {
    const { registryName, size } = await this.upload(ctx, 'CompleteLayerUpload', request);
    if (size === 0) throw ecrErrors.emptyUpload(request.uploadId);
    const digest = request.digests[0] ?? '';
    if (await this.deps.store.blob(registryName, digest)) {
      await this.deps.uploads.cancel(registryName, request.uploadId);
      throw ecrErrors.layerAlreadyExists(digest, request.name, request.registryId ?? ctx.accountId);
    }
    const mismatch = () =>
      ecrErrors.invalidLayer(
        `The layer digest calculated for the upload with id '${request.uploadId}' does not match the specified digest`,
      );
    // ECR computes sha256 (ref ecr §1.2): another algorithm cannot match.
    if (!/^sha256:[a-f0-9]{64}$/.test(digest)) throw mismatch();
    const finished = await this.deps.uploads.finish(registryName, request.uploadId, digest);
    if ('refused' in finished) {
      if (finished.refused === 'unknown') throw ecrErrors.uploadNotFound(request.uploadId);
      throw mismatch();
    }
    return {
      registryId: request.registryId ?? ctx.accountId,
      repositoryName: request.name,
      uploadId: request.uploadId,
      layerDigest: digest,
    };
  }

  /** The repository after `ecr:<action>` was allowed, and the upload's size; UploadNotFound when it has none. */
  private async upload(
    ctx: RequestContext,
    action: string,
    request: { registryId?: string; name: string; uploadId: string },
  ) {
    const { registryName } = await this.deps.images.open(ctx, action, request);
    const size = await this.deps.uploads.size(registryName, request.uploadId);
    if (size === undefined) throw ecrErrors.uploadNotFound(request.uploadId);
    return { registryName, size };
  }
}
