import {
  type Authorizer,
  handledJsonOperation,
  type JsonInputReader,
  type OperationSpec,
} from '../../aws/index.js';
import type { AuthTokens } from './auth-tokens.js';
import type { ImageId, Images } from './images.js';
import type { LayerUploads } from './layer-uploads.js';
import { listString, missing, object, readName, readRegistryId } from './repository-handlers.js';

const digest = { required: true, pattern: /^[a-zA-Z0-9-_+.]+:[a-fA-F0-9]+$/ } as const;
const uploadId = {
  required: true,
  pattern: /^[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}$/,
} as const;
const repository = (r: JsonInputReader) => ({ registryId: readRegistryId(r), name: readName(r) });
const tagStatus = (input: Record<string, unknown>) => {
  const filter = input.filter === undefined || input.filter === null ? {} : object(input.filter);
  const status = filter.tagStatus;
  return typeof status === 'string' && ['TAGGED', 'UNTAGGED', 'ANY'].includes(status) ? status : undefined;
};
const paging = (r: JsonInputReader) => ({
  nextToken: r.string('nextToken'),
  maxResults: r.integer('maxResults', { min: 1, max: 1000 }),
});

export interface ImageParts {
  readonly images: Images;
  readonly uploads: LayerUploads;
  readonly tokens: AuthTokens;
  readonly proxyEndpoint: () => string;
  readonly authorizer: Authorizer;
}

/** ECR's image, layer and login operations (ref ecr §1.3). */
export function imageOperations({
  images,
  uploads,
  tokens,
  proxyEndpoint,
  authorizer,
}: ImageParts): Record<string, OperationSpec> {
  return {
    /** `ecr:GetAuthorizationToken` on `*`, identity policy only (ref ecr §1.3); `registryIds` is deprecated. */
    GetAuthorizationToken: handledJsonOperation(
      (r) => r.list('registryIds', listString, { min: 1, max: 10 }),
      async (ctx) => {
        // Authorized here to name `*` in the denial as ECR does (ref ecr §1.4, §3.4).
        await authorizer.authorize(ctx, {
          action: 'ecr:GetAuthorizationToken',
          resource: '*',
          displayResource: '*',
        });
        const { password, expiresAt } = tokens.mint(ctx);
        return {
          authorizationData: [
            {
              authorizationToken: Buffer.from(`AWS:${password}`).toString('base64'),
              expiresAt: Math.floor(expiresAt.getTime() / 1000),
              proxyEndpoint: proxyEndpoint(),
            },
          ],
        };
      },
    ),
    DescribeImages: handledJsonOperation(
      (r, input) => ({
        ...repository(r),
        imageIds: readImageIds(r, false),
        tagStatus: tagStatus(input),
        ...paging(r),
      }),
      (ctx, request) => images.describe(ctx, request),
    ),
    ListImages: handledJsonOperation(
      (r, input) => ({ ...repository(r), tagStatus: tagStatus(input), ...paging(r) }),
      (ctx, request) => images.list(ctx, request),
    ),
    BatchGetImage: handledJsonOperation(
      (r) => ({
        ...repository(r),
        imageIds: readImageIds(r, true) ?? [],
        accepted: r.list('acceptedMediaTypes', listString, { min: 1, max: 100 }),
      }),
      (ctx, request) => images.batchGet(ctx, request),
    ),
    BatchDeleteImage: handledJsonOperation(
      (r) => ({ ...repository(r), imageIds: readImageIds(r, true) ?? [] }),
      (ctx, request) => images.batchDelete(ctx, request),
    ),
    PutImage: handledJsonOperation(
      (r) => ({
        ...repository(r),
        manifest: r.string('imageManifest', { required: true, min: 1, max: 4_194_304 }),
        mediaType: r.string('imageManifestMediaType'),
        tag: r.string('imageTag', { min: 1, max: 300 }),
        digest: r.string('imageDigest'),
      }),
      (ctx, request) => images.put(ctx, request),
    ),
    BatchCheckLayerAvailability: handledJsonOperation(
      (r) => ({
        ...repository(r),
        digests: r.list('layerDigests', listString, { min: 1, max: 100 }) ?? missing(r, 'layerDigests'),
      }),
      (ctx, request) => images.checkLayers(ctx, request),
    ),
    GetDownloadUrlForLayer: handledJsonOperation(
      (r) => ({ ...repository(r), digest: r.string('layerDigest', digest) }),
      (ctx, request) => images.downloadUrl(ctx, request),
    ),
    InitiateLayerUpload: handledJsonOperation(repository, (ctx, request) => uploads.initiate(ctx, request)),
    UploadLayerPart: handledJsonOperation(
      (r) => ({
        ...repository(r),
        uploadId: r.string('uploadId', uploadId),
        first: r.integer('partFirstByte', { required: true, min: 0 }),
        last: r.integer('partLastByte', { required: true, min: 0 }),
        blob: r.blob('layerPartBlob', { required: true, max: 20_971_520 }),
      }),
      (ctx, request) => uploads.part(ctx, request),
    ),
    CompleteLayerUpload: handledJsonOperation(
      (r) => ({
        ...repository(r),
        uploadId: r.string('uploadId', uploadId),
        digests: r.list('layerDigests', listString, { min: 1, max: 100 }) ?? missing(r, 'layerDigests'),
      }),
      (ctx, request) => uploads.complete(ctx, request),
    ),
  };
}

/** `imageIds`: 1–100 × `{imageDigest, imageTag}` (ref ecr §1.3). */
function readImageIds(r: JsonInputReader, required: boolean): ImageId[] | undefined {
  const ids = r.list(
    'imageIds',
    (item) => {
      const o = object(item);
      const id: { imageDigest?: string; imageTag?: string } = {};
      for (const key of ['imageDigest', 'imageTag'] as const) {
        const value = o[key];
        if (value === undefined || value === null) continue;
        id[key] = listString(value);
      }
      return id;
    },
    { min: 1, max: 100 },
  );
  return ids ?? (required ? missing(r, 'imageIds') : undefined);
}
