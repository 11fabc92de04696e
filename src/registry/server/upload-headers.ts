import { quote } from '../../engines/oci/index.js';
import { OciError } from './oci-errors.js';
import { header, type ServerHeaders } from './server-http.js';
import type { ChunkExpectation } from './upload-sessions.js';

// `<start>-<end>` as the spec writes it; `bytes <start>-<end>/<total|*>` (RFC 9110) and `bytes=` accepted too.
const contentRange = /^(?:bytes[ =])?(\d{1,16})-(\d{1,16})(?:\/(\d{1,16}|\*))?$/;

/**
 * What a PATCH, PUT or monolithic POST promises about its chunk. A Content-Range that is malformed, runs backwards
 * or past its own total is RANGE_INVALID (416); one whose length disagrees with the Content-Length is
 * SIZE_INVALID (400), refused before a byte of the body is read. Without Content-Range nothing is promised: the
 * chunk goes on the end, whatever its length.
 */
export function chunkExpectation(headers: ServerHeaders): ChunkExpectation {
  const range = header(headers, 'content-range');
  if (range === undefined) return {};
  const match = contentRange.exec(range.trim());
  const start = Number(match?.[1]);
  const end = Number(match?.[2]);
  const total = match?.[3] === undefined || match[3] === '*' ? undefined : Number(match[3]);
  if (!match || end < start || (total !== undefined && end >= total)) {
    throw new OciError('RANGE_INVALID', `invalid Content-Range ${quote(range)}`, {
      range: range.slice(0, 100),
    });
  }
  const length = end - start + 1;
  const declared = header(headers, 'content-length');
  if (declared !== undefined && Number(declared) !== length) {
    throw new OciError(
      'SIZE_INVALID',
      `Content-Range ${quote(range)} is ${length} bytes, Content-Length says ${quote(declared)}`,
      { range: range.slice(0, 100), contentLength: declared.slice(0, 20) },
    );
  }
  return total === undefined ? { start, length } : { start, length, total };
}
