import { createHash, randomUUID } from 'node:crypto';
import type { RequestContext } from '../../aws/index.js';
import { ecrErrors } from './errors.js';
import type { EcrImageStore } from './image-store.js';
import type { Images } from './images.js';

interface Upload {
  readonly registryName: string;
  readonly parts: Buffer[];
  size: number;
}

/** The part size InitiateLayerUpload recommends; ECR's minimum for all but the last part (ref ecr §2.6). */
const partSize = 5 * 1024 * 1024;
/** Open uploads kept at once (they are in memory: the API twin of the registry's uploads, rarely used). */
const maxOpen = 64;

/**
 * InitiateLayerUpload, UploadLayerPart and CompleteLayerUpload (ref ecr §1.3): "used by the Amazon ECR proxy and not
 * generally used by customers" — the registry's push endpoints are the usual path. Parts wait in memory (≤ 20 MiB
 * each, a bounded number of uploads) and are lost on a restart, as an expired upload would be.
 */
export class LayerUploads {
  readonly #open = new Map<string, Upload>();

  constructor(private readonly deps: { readonly images: Images; readonly store: EcrImageStore }) {}

  async initiate(ctx: RequestContext, request: { registryId?: string; name: string }) {
    const { registryName } = await this.deps.images.open(ctx, 'InitiateLayerUpload', request);
    if (this.#open.size >= maxOpen) this.#open.delete(this.#open.keys().next().value!);
    const uploadId = randomUUID();
    this.#open.set(uploadId, { registryName, parts: [], size: 0 });
    return { uploadId, partSize };
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
    const upload = await this.upload(ctx, 'UploadLayerPart', request);
    if (request.first !== upload.size || request.last - request.first + 1 !== request.blob.length) {
      throw ecrErrors.invalidLayerPart(
        `The upload with id '${request.uploadId}' could not accept the part: the first byte specified is not consecutive (last valid byte received: ${upload.size - 1})`,
      );
    }
    upload.parts.push(Buffer.from(request.blob));
    upload.size += request.blob.length;
    return {
      registryId: request.registryId ?? ctx.accountId,
      repositoryName: request.name,
      uploadId: request.uploadId,
      lastByteReceived: upload.size - 1,
    };
  }

  async complete(
    ctx: RequestContext,
    request: { registryId?: string; name: string; uploadId: string; digests: string[] },
  ) {
    const upload = await this.upload(ctx, 'CompleteLayerUpload', request);
    if (upload.size === 0) throw ecrErrors.emptyUpload(request.uploadId);
    const bytes = Buffer.concat(upload.parts);
    const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
    if (!request.digests.includes(digest)) {
      throw ecrErrors.invalidLayer(
        `The layer digest calculated for the upload with id '${request.uploadId}' does not match the specified digest`,
      );
    }
    this.#open.delete(request.uploadId);
    if (await this.deps.store.blob(upload.registryName, digest)) {
      throw ecrErrors.layerAlreadyExists(digest, request.name, request.registryId ?? ctx.accountId);
    }
    await this.deps.store.ingestBlob(upload.registryName, digest, bytes);
    return {
      registryId: request.registryId ?? ctx.accountId,
      repositoryName: request.name,
      uploadId: request.uploadId,
      layerDigest: digest,
    };
  }

  private async upload(
    ctx: RequestContext,
    action: string,
    request: { registryId?: string; name: string; uploadId: string },
  ): Promise<Upload> {
    const { registryName } = await this.deps.images.open(ctx, action, request);
    const upload = this.#open.get(request.uploadId);
    if (!upload || upload.registryName !== registryName) throw ecrErrors.uploadNotFound(request.uploadId);
    return upload;
  }
}
