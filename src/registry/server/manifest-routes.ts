import type { ContentStore } from '../../content/index.js';
import {
  computeDigest,
  type Digest,
  digestParts,
  isNondistributableLayer,
  type ManifestDocument,
  maxManifestBytes,
  normalizeMediaType,
  parseManifest,
} from '../../engines/oci/index.js';
import { isBerthError } from '../../errors/index.js';
import { checkDockerMediaType, checkManifestContentType } from './manifest-content-type.js';
import type { ManifestReference } from './names.js';
import { OciError } from './oci-errors.js';
import { nextPageLink, pageRequest, takePage } from './pagination.js';
import { referrerOf } from './referrers-index.js';
import type { ManifestRecord, RepositoryStore } from './repository-store.js';
import { header, jsonResponse, respond, type ServerRequest, type ServerResponse } from './server-http.js';

/** A manifest refused for missing content lists at most this many MANIFEST_BLOB_UNKNOWN errors. */
const maxMissingListed = 100;

/** Manifests (HEAD/GET/PUT/DELETE by tag or digest) and the tags list. */
export class ManifestRoutes {
  constructor(
    private readonly content: ContentStore,
    private readonly repositories: RepositoryStore,
  ) {}

  async get(request: ServerRequest, name: string, reference: ManifestReference): Promise<ServerResponse> {
    const record = this.resolve(name, reference);
    const accept = acceptList(request);
    if (accept.length > 0 && !accept.includes(record.mediaType) && !accept.includes('*/*')) {
      throw new OciError(
        'MANIFEST_UNKNOWN',
        `manifest is ${record.mediaType}, not among the accepted types`,
        {
          digest: record.digest,
          mediaType: record.mediaType,
        },
      );
    }
    const headers: Array<[string, string]> = [
      ['Content-Type', record.mediaType],
      ['Docker-Content-Digest', record.digest],
      ['Content-Length', String(record.size)],
    ];
    if (request.method === 'HEAD') return respond(200, headers);
    const chunks: Uint8Array[] = [];
    for await (const chunk of this.content.read(record.digest)) chunks.push(chunk);
    return respond(200, headers, Buffer.concat(chunks));
  }

  /**
   * Stores a manifest exactly as sent, after checking it (spec "Pushing Manifests"): at most 4 MiB (413, as the
   * spec recommends, with Distribution's MANIFEST_INVALID code); the digest it is pushed by; a Content-Type that is
   * a manifest type, as Distribution requires (manifest-content-type.ts); a well-formed OCI or Docker schema2
   * manifest or index whose `mediaType`, when present, is the Content-Type; every blob and child
   * manifest it references present in this repository. Its `subject` need not exist; the answer names it in
   * `OCI-Subject`.
   */
  async put(request: ServerRequest, name: string, reference: ManifestReference): Promise<ServerResponse> {
    const bytes = request.body;
    if (bytes.length > maxManifestBytes) {
      throw new OciError(
        'MANIFEST_INVALID',
        `the manifest is ${bytes.length} bytes, more than the ${maxManifestBytes}-byte limit`,
        { size: bytes.length, limit: maxManifestBytes },
        [],
        { status: 413 },
      );
    }
    const algorithm = reference.kind === 'digest' ? digestParts(reference.digest).algorithm : 'sha256';
    const digest = computeDigest(bytes, algorithm);
    if (reference.kind === 'digest' && reference.digest !== digest) {
      throw new OciError('DIGEST_INVALID', `the manifest's digest is ${digest}, not ${reference.digest}`, {
        digest: reference.digest,
      });
    }
    const declared = checkManifestContentType(header(request.headers, 'content-type'));
    const document = parse(bytes, declared);
    checkDockerMediaType(declared, bytes);
    this.checkReferences(name, document);
    await this.content.ingest({ digest, size: bytes.length }, async () => once(bytes));
    const referrer = referrerOf(document, digest, bytes.length);
    this.repositories.putManifest(
      {
        repository: name,
        digest,
        mediaType: document.mediaType,
        size: bytes.length,
        ...(referrer === undefined ? {} : { subject: referrer.subject }),
      },
      {
        ...(reference.kind === 'tag' ? { tag: reference.tag } : {}),
        ...(referrer === undefined ? {} : { referrer: referrer.descriptor }),
      },
    );
    const headers: Array<[string, string]> = [
      ['Location', `/v2/${name}/manifests/${digest}`],
      ['Docker-Content-Digest', digest],
      ['Content-Length', '0'],
    ];
    if (referrer !== undefined) headers.push(['OCI-Subject', referrer.subject]);
    return respond(201, headers);
  }

  /**
   * DELETE by tag removes the tag only; by digest, the manifest, every tag pointing at it and its referrers entry
   * (spec "Deleting tags", "Deleting Manifests"). 202 either way; MANIFEST_UNKNOWN when there was nothing.
   */
  async delete(name: string, reference: ManifestReference): Promise<ServerResponse> {
    const deleted =
      reference.kind === 'tag'
        ? this.repositories.deleteTag(name, reference.tag)
        : this.repositories.deleteManifest(name, reference.digest);
    if (!deleted) throw new OciError('MANIFEST_UNKNOWN', undefined, referenceDetail(reference));
    return respond(202, [['Content-Length', '0']]);
  }

  /** The tags list, ASCIIbetical, with `n`/`last` pagination and a `Link` to the next page. */
  async tags(request: ServerRequest, name: string): Promise<ServerResponse> {
    const all = this.repositories
      .tags(name)
      .map((t) => t.tag)
      .sort();
    if (all.length === 0 && !this.repositories.exists(name))
      throw new OciError('NAME_UNKNOWN', undefined, { name });
    const page = pageRequest(request.query);
    const result = await takePage(all, page);
    const link = nextPageLink(`/v2/${name}/tags/list`, page, result);
    return jsonResponse(200, { name, tags: result.items }, link);
  }

  private resolve(name: string, reference: ManifestReference): ManifestRecord {
    const digest =
      reference.kind === 'digest' ? reference.digest : this.repositories.tag(name, reference.tag)?.digest;
    const record = digest === undefined ? undefined : this.repositories.manifest(name, digest);
    if (!record) throw new OciError('MANIFEST_UNKNOWN', undefined, referenceDetail(reference));
    return record;
  }

  /**
   * Every child manifest of an index, and the config and layers of a manifest, must be here; foreign and
   * non-distributable layers that say where they live (`urls`) need not be, as Distribution allows. The spec
   * (§ "Push"): a manifest refused for this "MUST result in one or more MANIFEST_BLOB_UNKNOWN errors".
   */
  private checkReferences(name: string, document: ManifestDocument): void {
    const missing = new Map<Digest, string>();
    if (document.kind === 'index') {
      for (const [i, child] of document.manifests.entries()) {
        if (!this.repositories.manifest(name, child.digest)) missing.set(child.digest, `manifests[${i}]`);
      }
    } else {
      const blobs = [
        { where: 'config', descriptor: document.config },
        ...document.layers.map((descriptor, i) => ({ where: `layers[${i}]`, descriptor })),
      ];
      for (const { where, descriptor } of blobs) {
        const foreign = isNondistributableLayer(descriptor.mediaType) && (descriptor.urls?.length ?? 0) > 0;
        if (!foreign && !this.repositories.hasBlob(name, descriptor.digest))
          missing.set(descriptor.digest, where);
      }
    }
    const errors = [...missing]
      .slice(0, maxMissingListed)
      .map(([digest, where]) => blobUnknown(name, digest, where));
    if (errors.length > 0) throw OciError.all(errors as [OciError, ...OciError[]]);
  }
}

/** engines/oci's manifest parser, its failures as MANIFEST_INVALID with the parser's reason. */
function parse(bytes: Buffer, contentType: string | undefined): ManifestDocument {
  try {
    return parseManifest(bytes, contentType === undefined ? {} : { contentType });
  } catch (error) {
    if (isBerthError(error)) throw new OciError('MANIFEST_INVALID', error.message);
    throw error;
  }
}

function blobUnknown(name: string, digest: Digest, where: string): OciError {
  return new OciError('MANIFEST_BLOB_UNKNOWN', `${where} ${digest} is not in repository ${name}`, { digest });
}

function referenceDetail(reference: ManifestReference): { tag: string } | { digest: Digest } {
  return reference.kind === 'tag' ? { tag: reference.tag } : { digest: reference.digest };
}

function acceptList(request: ServerRequest): string[] {
  const out: string[] = [];
  for (const [key, value] of request.headers) {
    if (key.toLowerCase() !== 'accept') continue;
    for (const part of value.split(',')) {
      const type = normalizeMediaType(part);
      if (type !== undefined) out.push(type);
    }
  }
  return out;
}

async function* once(bytes: Buffer): AsyncIterable<Uint8Array> {
  yield bytes;
}
