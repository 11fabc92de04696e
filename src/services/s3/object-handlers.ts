import type { OperationSpec, XmlObject } from '../../aws/index.js';
import { isFrameworkError, isServiceError } from '../../aws/index.js';
import { s3Operation } from './bucket-handlers.js';
import type { Buckets } from './buckets.js';
import { readDelete } from './input/bucket-settings.js';
import type { Multipart } from './multipart.js';
import type { ObjectLists } from './object-lists.js';
import type { Objects } from './objects.js';

/** The object operations: data, listings, batch delete, copy and multipart uploads. */
export function objectOperations(parts: {
  buckets: Buckets;
  objects: Objects;
  lists: ObjectLists;
  multipart: Multipart;
}): Record<string, OperationSpec> {
  const { buckets, objects, lists, multipart } = parts;
  return {
    PutObject: s3Operation((ctx, request) => objects.put(ctx, request)),
    GetObject: s3Operation((ctx, request) => objects.get(ctx, request, false)),
    HeadObject: s3Operation((ctx, request) => objects.get(ctx, request, true)),
    DeleteObject: s3Operation((ctx, request) => objects.delete(ctx, request)),
    CopyObject: s3Operation((ctx, request) => objects.copy(ctx, request)),
    ListObjectsV2: s3Operation((ctx, request) => lists.v2(ctx, request)),
    ListObjects: s3Operation((ctx, request) => lists.v1(ctx, request)),
    ListObjectVersions: s3Operation((ctx, request) => lists.versions(ctx, request)),
    /**
     * DeleteObjects (S3 API reference): each key is authorized on its own (`s3:DeleteObject`, or
     * `s3:DeleteObjectVersion` with a version id); a refused or failed key is an `<Error>` entry, the others go on.
     */
    DeleteObjects: s3Operation(async (ctx, request) => {
      const { objects: wanted, quiet } = readDelete(await request.xml());
      const bucket = await buckets.authorized(ctx, request.bucket, 'DeleteObject');
      const deleted: XmlObject[] = [];
      const errors: XmlObject[] = [];
      for (const { key, versionId } of wanted) {
        try {
          await buckets.authorized(ctx, bucket.name, versionId ? 'DeleteObjectVersion' : 'DeleteObject', key);
          const outcome = await objects.deleteKey(bucket, key, versionId);
          if (quiet) continue;
          deleted.push({
            Key: key,
            VersionId: versionId,
            DeleteMarker: outcome.deleteMarker,
            DeleteMarkerVersionId:
              versionId === undefined && outcome.deleteMarker ? outcome.versionId : undefined,
          });
        } catch (error) {
          if (!isServiceError(error) && !isFrameworkError(error)) throw error;
          const code = isServiceError(error) ? error.code : 'AccessDenied';
          errors.push({ Key: key, VersionId: versionId, Code: code, Message: error.message });
        }
      }
      return { xml: { root: 'DeleteResult', value: { Deleted: deleted, Error: errors } } };
    }),
    CreateMultipartUpload: s3Operation((ctx, request) => multipart.create(ctx, request)),
    UploadPart: s3Operation((ctx, request) => multipart.uploadPart(ctx, request)),
    CompleteMultipartUpload: s3Operation((ctx, request) => multipart.complete(ctx, request)),
    AbortMultipartUpload: s3Operation((ctx, request) => multipart.abort(ctx, request)),
    ListParts: s3Operation((ctx, request) => multipart.listParts(ctx, request)),
    ListMultipartUploads: s3Operation((ctx, request) => multipart.listUploads(ctx, request)),
  };
}
