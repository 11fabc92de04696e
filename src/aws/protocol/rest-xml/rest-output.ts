import type { XmlObject } from './xml-writer.js';

/**
 * What an S3 operation answers: a status (200 unless said), headers (ETag, x-amz-version-id, Content-Type of an
 * object …), and at most one body: an XML document, bytes, or a stream (object data, sent as it is read).
 */
export interface RestOutput {
  readonly status?: number;
  readonly headers?: ReadonlyArray<readonly [string, string]>;
  readonly xml?: { readonly root: string; readonly value: XmlObject | string };
  readonly body?: Buffer;
  readonly stream?: AsyncIterable<Uint8Array>;
}
