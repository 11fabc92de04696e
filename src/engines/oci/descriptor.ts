import { Buffer } from 'node:buffer';
import { computeDigest, type Digest, digestParts } from './digest.js';
import type { JsonFields, JsonObject } from './json-fields.js';
import type { Platform } from './platform.js';
import { quote } from './quote.js';

/** A content descriptor (image-spec descriptor.md), validated. */
export interface Descriptor {
  readonly mediaType: string;
  readonly digest: Digest;
  /** Bytes; a non-negative safe integer. Content of another length must not be trusted. */
  readonly size: number;
  /** Foreign locations: never fetched with credentials (CVE-2020-15157, ref registry-protocol §3.1). */
  readonly urls?: readonly string[];
  readonly annotations?: Readonly<Record<string, string>>;
  /** As the document states it, not normalised. */
  readonly platform?: Platform;
  readonly artifactType?: string;
  /** Embedded content (base64 in the JSON), already checked against size and digest. */
  readonly data?: Uint8Array;
}

// image-spec descriptor.md / RFC 6838 media type grammar.
const mediaTypeGrammar = /^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}\/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}$/;
const base64Grammar = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** True when `value` is a syntactically valid media type (`type/subtype`, no parameters). */
export function isValidMediaType(value: string): boolean {
  return mediaTypeGrammar.test(value);
}

/** Reads one descriptor at `where` (e.g. `layers[0]`); failures carry the `fields` error code. */
export function parseDescriptor(value: unknown, where: string, fields: JsonFields): Descriptor {
  const object = fields.object(value, where);
  const mediaType = mediaTypeField(fields, object.mediaType, `${where}.mediaType`);
  const digest = fields.digest(object.digest, `${where}.digest`);
  const size = object.size;
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) {
    fields.fail(`${where}.size must be a non-negative integer`);
  }
  const urls = fields.optionalStringArray(object.urls, `${where}.urls`);
  for (const [i, url] of (urls ?? []).entries()) {
    if (!URL.canParse(url)) fields.fail(`${where}.urls[${i}] ${quote(url)} is not a URL`);
  }
  const annotations = fields.optionalStringMap(object.annotations, `${where}.annotations`);
  const platform = parsePlatformObject(object.platform, `${where}.platform`, fields);
  const artifactType =
    object.artifactType === undefined
      ? undefined
      : mediaTypeField(fields, object.artifactType, `${where}.artifactType`);
  const data = embeddedData(object.data, `${where}.data`, fields, digest, size as number);
  return {
    mediaType,
    digest,
    size: size as number,
    ...(urls === undefined ? {} : { urls }),
    ...(annotations === undefined ? {} : { annotations }),
    ...(platform === undefined ? {} : { platform }),
    ...(artifactType === undefined ? {} : { artifactType }),
    ...(data === undefined ? {} : { data }),
  };
}

/**
 * Reads a `platform` object (`os`, `architecture` required; `os.version`, `os.features`, `variant`). An image
 * config carries the same keys at its top level, which `where` = '' reads.
 */
export function parsePlatformObject(value: unknown, where: string, fields: JsonFields): Platform | undefined {
  const object = fields.optionalObject(value, where || 'the document');
  if (object === undefined) return undefined;
  const at = (key: string) => (where === '' ? key : `${where}.${key}`);
  const os = fields.string(object.os, at('os'));
  const architecture = fields.string(object.architecture, at('architecture'));
  if (os === '' || architecture === '')
    fields.fail(`${where || 'the document'} must name an os and an architecture`);
  const variant = fields.optionalString(object.variant, at('variant'));
  const osVersion = fields.optionalString(object['os.version'], at('"os.version"'));
  const osFeatures = fields.optionalStringArray(object['os.features'], at('"os.features"'));
  return {
    os,
    architecture,
    ...(variant ? { variant } : {}),
    ...(osVersion === undefined ? {} : { osVersion }),
    ...(osFeatures === undefined ? {} : { osFeatures }),
  };
}

/** Reads a field that must be a media type. */
export function mediaTypeField(fields: JsonFields, value: unknown, where: string): string {
  const text = fields.string(value, where);
  if (!isValidMediaType(text)) fields.fail(`${where} ${quote(text)} is not a media type`);
  return text;
}

/** `artifactType`, `subject` and `annotations`, which manifests and indexes share. */
export function readDocumentExtras(
  doc: JsonObject,
  fields: JsonFields,
): { artifactType?: string; subject?: Descriptor; annotations?: Readonly<Record<string, string>> } {
  const artifactType =
    doc.artifactType === undefined ? undefined : mediaTypeField(fields, doc.artifactType, 'artifactType');
  const subject = doc.subject === undefined ? undefined : parseDescriptor(doc.subject, 'subject', fields);
  const annotations = fields.optionalStringMap(doc.annotations, 'annotations');
  return {
    ...(artifactType === undefined ? {} : { artifactType }),
    ...(subject === undefined ? {} : { subject }),
    ...(annotations === undefined ? {} : { annotations }),
  };
}

function embeddedData(
  value: unknown,
  where: string,
  fields: JsonFields,
  digest: Digest,
  size: number,
): Uint8Array | undefined {
  if (value === undefined) return undefined;
  const text = fields.string(value, where);
  if (!base64Grammar.test(text)) fields.fail(`${where} is not base64`);
  const bytes = new Uint8Array(Buffer.from(text, 'base64'));
  // Embedded data is content like any other: it must be exactly what the descriptor promises.
  if (bytes.byteLength !== size) fields.fail(`${where} is ${bytes.byteLength} bytes, size says ${size}`);
  if (computeDigest(bytes, digestParts(digest).algorithm) !== digest)
    fields.fail(`${where} does not match digest`);
  return bytes;
}
