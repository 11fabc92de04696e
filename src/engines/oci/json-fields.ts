import { BerthError, type BerthErrorCode } from '../../errors/index.js';
import { type Digest, isDigest, verifyDigest } from './digest.js';
import { quote } from './quote.js';

export type JsonObject = Readonly<Record<string, unknown>>;

/**
 * Readers for fields of an untrusted JSON document. Every failure is a BerthError with the caller's code and a
 * message naming the document and the field path (`layers[2].size`), so a bad manifest or config says where.
 */
export interface JsonFields {
  /**
   * The checks every registry document needs, in order: size cap, then the digest of the exact bytes when one is
   * expected (§0 item 1: verify before parsing), strict UTF-8, JSON, an object at the top.
   */
  document(bytes: Uint8Array, maxBytes: number, expectedDigest?: Digest): JsonObject;
  object(value: unknown, where: string): JsonObject;
  optionalObject(value: unknown, where: string): JsonObject | undefined;
  string(value: unknown, where: string): string;
  optionalString(value: unknown, where: string): string | undefined;
  /** `null` counts as absent: Docker writes `"Entrypoint": null`. */
  optionalStringArray(value: unknown, where: string): string[] | undefined;
  optionalStringMap(value: unknown, where: string): Record<string, string> | undefined;
  array(value: unknown, where: string): readonly unknown[];
  /** A digest `parseDigest` accepts (sha256/sha512, lowercase hex). */
  digest(value: unknown, where: string): Digest;
  fail(reason: string): never;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function jsonFields(code: BerthErrorCode, subject: string): JsonFields {
  const fail = (reason: string): never => {
    throw new BerthError(code, `${subject}: ${reason}`);
  };
  const fields: JsonFields = {
    fail,
    document(bytes, maxBytes, expectedDigest) {
      if (bytes.byteLength > maxBytes) {
        fail(`${bytes.byteLength} bytes is more than the ${maxBytes}-byte limit`);
      }
      if (expectedDigest !== undefined) verifyDigest(bytes, expectedDigest);
      let text: string;
      try {
        text = utf8.decode(bytes);
      } catch {
        return fail('not valid UTF-8');
      }
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (error) {
        return fail(`not valid JSON (${(error as Error).message})`);
      }
      return fields.object(value, 'the document');
    },
    object(value, where) {
      if (typeof value !== 'object' || value === null || Array.isArray(value))
        fail(`${where} must be an object`);
      return value as JsonObject;
    },
    optionalObject(value, where) {
      return value === undefined || value === null ? undefined : fields.object(value, where);
    },
    string(value, where) {
      if (typeof value !== 'string') fail(`${where} must be a string`);
      return value as string;
    },
    optionalString(value, where) {
      return value === undefined ? undefined : fields.string(value, where);
    },
    optionalStringArray(value, where) {
      if (value === undefined || value === null) return undefined;
      return fields.array(value, where).map((item, i) => fields.string(item, `${where}[${i}]`));
    },
    optionalStringMap(value, where) {
      const object = fields.optionalObject(value, where);
      if (object === undefined) return undefined;
      // fromEntries defines own properties, so a "__proto__" key stays data instead of changing the prototype.
      return Object.fromEntries(
        Object.entries(object).map(([key, item]) => [key, fields.string(item, `${where}[${quote(key)}]`)]),
      );
    },
    array(value, where) {
      if (!Array.isArray(value)) fail(`${where} must be an array`);
      return value as unknown[];
    },
    digest(value, where) {
      const text = fields.string(value, where);
      if (!isDigest(text)) fail(`${where} ${quote(text)} is not a sha256/sha512 digest in lowercase hex`);
      return text as Digest;
    },
  };
  return fields;
}
