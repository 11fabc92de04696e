// The glue between ECR's layer-upload API and the registry's upload sessions: the same durable sessions (records
// in the database, bytes staged on disk, resumed after a restart), in a collection and a staging of their own, so
// that neither side's start-up sweep removes the other's uploads.
import type { ContentStore } from '../../content/index.js';
import { once } from '../../engines/concurrency/index.js';
import type { Digest } from '../../engines/oci/index.js';
import type { Persistence } from '../../ports/index.js';
import {
  isOciError,
  type OciErrorCode,
  RepositoryStore,
  UploadSessions,
  type UploadStaging,
} from '../../registry/server/index.js';
import type { EcrLayerUploads, UploadRefusal } from '../../services/ecr/index.js';

const refusals: Partial<Record<OciErrorCode, UploadRefusal>> = {
  BLOB_UPLOAD_UNKNOWN: 'unknown',
  RANGE_INVALID: 'not-consecutive',
  DIGEST_INVALID: 'digest-mismatch',
};

export function ecrLayerUploads(
  persistence: Persistence,
  content: () => Promise<ContentStore>,
  staging: UploadStaging,
): EcrLayerUploads {
  const links = new RepositoryStore(persistence);
  const sessions = once(
    async () =>
      new UploadSessions(
        { persistence, staging, content: await content() },
        { collection: 'ecr-layer-uploads' },
      ),
  );
  /** The step's result, or the refusal its registry error stands for. */
  const refused = async <T>(step: () => Promise<T>): Promise<T | { refused: UploadRefusal }> => {
    try {
      return await step();
    } catch (error) {
      const refusal = isOciError(error) ? refusals[error.code] : undefined;
      if (refusal === undefined) throw error;
      return { refused: refusal };
    }
  };
  return {
    start: async (repository) => (await (await sessions()).start(repository)).id,
    async size(repository, id) {
      const status = await refused(async () => (await sessions()).status(repository, id));
      return 'refused' in status ? undefined : status.size;
    },
    append: (repository, id, first, bytes) =>
      refused(async () => {
        const body = (async function* () {
          yield bytes;
        })();
        const record = await (await sessions()).append(repository, id, body, {
          start: first,
          length: bytes.length,
        });
        return { size: record.size };
      }),
    finish: (repository, id, digest) =>
      refused(async () => {
        const empty = (async function* () {})();
        await (await sessions()).finish(repository, id, digest as Digest, empty, {});
        links.linkBlob(repository, digest as Digest);
        return { ok: true } as const;
      }),
    cancel: async (repository, id) => {
      await refused(async () => (await sessions()).cancel(repository, id));
    },
  };
}
