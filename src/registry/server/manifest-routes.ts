import type { ContentStore } from '../../content/index.js';
import { computeDigest, type Digest, maxManifestBytes, mediaTypes } from '../../engines/oci/index.js';
import { checkDigest, checkReference, isValidTag } from './names.js';
import { OciError } from './oci-errors.js';
import type { ManifestRecord, RepositoryStore } from './repository-store.js';
import {
  header,
  jsonResponse,
  queryParams,
  respond,
  type ServerRequest,
  type ServerResponse,
} from './server-http.js';

const manifestTypes = new Set<string>([
  mediaTypes.ociManifest,
  mediaTypes.ociIndex,
  mediaTypes.dockerManifest,
  mediaTypes.dockerManifestList,
]);
const indexTypes = new Set<string>([mediaTypes.ociIndex, mediaTypes.dockerManifestList]);

/** Manifests (HEAD/GET/PUT/DELETE by tag or digest) and the tags list. */
export class ManifestRoutes {
  constructor(
    private readonly content: ContentStore,
    private readonly repositories: RepositoryStore,
  ) {}

  async get(request: ServerRequest, name: string, reference: string): Promise<ServerResponse> {
    const record = this.resolve(name, reference);
    const accept = acceptList(request);
    if (accept.length > 0 && !accept.includes(record.mediaType) && !accept.includes('*/*')) {
      throw new OciError('MANIFEST_UNKNOWN', `manifest is ${record.mediaType}, not among the accepted types`);
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

  async put(request: ServerRequest, name: string, reference: string): Promise<ServerResponse> {
    const ref = checkReference(reference);
    const bytes = request.body;
    if (bytes.length > maxManifestBytes) {
      throw new OciError('MANIFEST_INVALID', `manifest is larger than ${maxManifestBytes} bytes`);
    }
    const digest = computeDigest(bytes);
    if (ref.kind === 'digest' && ref.digest !== digest) {
      throw new OciError('DIGEST_INVALID', `manifest digest is ${digest}, not ${ref.digest}`);
    }
    const mediaType = this.validate(name, bytes, header(request.headers, 'content-type'));
    await this.content.ingest({ digest, size: bytes.length }, async () => iterate(bytes));
    this.repositories.putManifest(
      { repository: name, digest, mediaType, size: bytes.length },
      ref.kind === 'tag' ? ref.tag : undefined,
    );
    return respond(201, [
      ['Location', `/v2/${name}/manifests/${digest}`],
      ['Docker-Content-Digest', digest],
      ['Content-Length', '0'],
    ]);
  }

  async delete(name: string, reference: string): Promise<ServerResponse> {
    const ref = checkReference(reference);
    const deleted =
      ref.kind === 'tag'
        ? this.repositories.deleteTag(name, ref.tag)
        : this.repositories.deleteManifest(name, ref.digest);
    if (!deleted) throw new OciError('MANIFEST_UNKNOWN');
    return respond(202, [['Content-Length', '0']]);
  }

  tags(request: ServerRequest, name: string): ServerResponse {
    const all = this.repositories
      .tags(name)
      .map((t) => t.tag)
      .sort();
    if (all.length === 0 && !this.repositories.exists(name))
      throw new OciError('NAME_UNKNOWN', undefined, { name });
    const query = queryParams(request.query);
    const last = query.get('last');
    const nParam = query.get('n');
    const n = nParam === null ? undefined : Number(nParam);
    if (n !== undefined && (!Number.isInteger(n) || n < 0))
      throw new OciError('UNSUPPORTED', `invalid n ${nParam}`);
    let tags = last === null ? all : all.filter((t) => t > last);
    const headers: Array<[string, string]> = [];
    if (n !== undefined && tags.length > n) {
      tags = tags.slice(0, n);
      const next = tags.at(-1) ?? '';
      headers.push(['Link', `</v2/${name}/tags/list?n=${n}&last=${encodeURIComponent(next)}>; rel="next"`]);
    }
    return jsonResponse(200, { name, tags }, headers);
  }

  private resolve(name: string, reference: string): ManifestRecord {
    let digest: Digest;
    if (reference.includes(':')) digest = checkDigest(reference);
    else {
      if (!isValidTag(reference))
        throw new OciError('MANIFEST_INVALID', `invalid tag ${JSON.stringify(reference)}`);
      const tag = this.repositories.tag(name, reference);
      if (!tag) throw new OciError('MANIFEST_UNKNOWN', undefined, { tag: reference });
      digest = tag.digest;
    }
    const record = this.repositories.manifest(name, digest);
    if (!record) throw new OciError('MANIFEST_UNKNOWN', undefined, { digest });
    return record;
  }

  /** Checks the document: JSON, a known media type, and every referenced blob and child manifest present here. */
  private validate(name: string, bytes: Buffer, contentType: string | undefined): string {
    let doc: Record<string, unknown>;
    try {
      doc = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
    } catch {
      throw new OciError('MANIFEST_INVALID', 'manifest is not valid JSON');
    }
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc) || doc['schemaVersion'] !== 2) {
      throw new OciError('MANIFEST_INVALID', 'manifest must be a JSON object with schemaVersion 2');
    }
    const declared = typeof doc['mediaType'] === 'string' ? doc['mediaType'] : undefined;
    const type =
      (contentType?.split(';')[0]?.trim() || declared) ??
      (Array.isArray(doc['manifests']) ? mediaTypes.ociIndex : mediaTypes.ociManifest);
    if (!manifestTypes.has(type))
      throw new OciError('MANIFEST_INVALID', `unsupported manifest media type ${type}`);
    if (declared !== undefined && declared !== type) {
      throw new OciError(
        'MANIFEST_INVALID',
        `Content-Type ${type} does not match the document's mediaType ${declared}`,
      );
    }
    if (indexTypes.has(type)) {
      for (const child of descriptors(doc['manifests'], 'manifests')) {
        if (!this.repositories.manifest(name, child))
          throw new OciError('MANIFEST_BLOB_UNKNOWN', undefined, { digest: child });
      }
    } else {
      const config = descriptors([doc['config']], 'config');
      for (const blob of [...config, ...descriptors(doc['layers'], 'layers')]) {
        if (!this.repositories.hasBlob(name, blob))
          throw new OciError('MANIFEST_BLOB_UNKNOWN', undefined, { digest: blob });
      }
    }
    return type;
  }
}

function descriptors(value: unknown, field: string): Digest[] {
  if (!Array.isArray(value)) throw new OciError('MANIFEST_INVALID', `${field} must be an array`);
  return value.map((entry: unknown) => {
    const digest = (entry as { digest?: unknown } | null)?.digest;
    if (typeof digest !== 'string') throw new OciError('MANIFEST_INVALID', `${field} entry without a digest`);
    try {
      return checkDigest(digest);
    } catch {
      throw new OciError('MANIFEST_INVALID', `${field} entry has an invalid digest`);
    }
  });
}

function acceptList(request: ServerRequest): string[] {
  const out: string[] = [];
  for (const [key, value] of request.headers) {
    if (key.toLowerCase() !== 'accept') continue;
    for (const part of value.split(',')) {
      const type = part.split(';')[0]?.trim();
      if (type) out.push(type);
    }
  }
  return out;
}

async function* iterate(bytes: Buffer): AsyncIterable<Uint8Array> {
  yield bytes;
}
