/**
 * The at-rest format of an S3 object body (S3 encrypts every new object at rest, SSE-S3, since January 2023; berth
 * does it with the state dir's master key): a header holding a random 256-bit data key sealed for this body id
 * (ports/sealer), then the data in frames of 64 KiB, each AES-256-GCM under the data key with its own tag. A frame's
 * nonce and additional data carry its index and whether it is the last, so frames cannot be reordered, dropped or
 * cut off at the end without the read failing; frames let a range read decrypt only the frames it covers.
 *
 *   "BS3E" | u16 length of the sealed key | sealed key (ASCII) | frame 0 | frame 1 | … (the last may be shorter or empty)
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { BerthError } from '../../errors/index.js';
import type { Sealer } from '../../ports/index.js';

export const frameBytes = 64 * 1024;
const tagBytes = 16;
export const sealedFrameBytes = frameBytes + tagBytes;
const magic = Buffer.from('BS3E', 'latin1');

export interface BodyKey {
  readonly header: Buffer;
  readonly key: Buffer;
}

/** A fresh data key for body `id`, and the header that stores it sealed. */
export function newBodyKey(sealer: Sealer, id: string): BodyKey {
  const key = randomBytes(32);
  const sealed = Buffer.from(sealer.seal(key, label(id)), 'latin1');
  const length = Buffer.alloc(2);
  length.writeUInt16BE(sealed.length);
  return { header: Buffer.concat([magic, length, sealed]), key };
}

/** The data key and where the frames start, from the first bytes of the file (at least `headerReadBytes`). */
export function openBodyKey(
  sealer: Sealer,
  id: string,
  head: Buffer,
): { readonly key: Buffer; readonly framesAt: number } {
  if (head.length < 6 || !head.subarray(0, 4).equals(magic)) throw broken(id);
  const framesAt = 6 + head.readUInt16BE(4);
  if (head.length < framesAt) throw broken(id);
  return { key: sealer.open(head.subarray(6, framesAt).toString('latin1'), label(id)), framesAt };
}

/** A sealed data key is about 110 characters; this many bytes always hold the whole header. */
export const headerReadBytes = 1024;

export function sealFrame(key: Buffer, index: number, last: boolean, plain: Uint8Array): Buffer {
  const cipher = createCipheriv('aes-256-gcm', key, nonce(index));
  cipher.setAAD(frameAad(index, last));
  return Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
}

export function openFrame(key: Buffer, index: number, last: boolean, sealed: Buffer, id: string): Buffer {
  if (sealed.length < tagBytes) throw broken(id);
  const decipher = createDecipheriv('aes-256-gcm', key, nonce(index));
  decipher.setAAD(frameAad(index, last));
  decipher.setAuthTag(sealed.subarray(sealed.length - tagBytes));
  try {
    return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - tagBytes)), decipher.final()]);
  } catch {
    throw broken(id);
  }
}

/** How many frames a body file of `fileBytes` holds (a body always has a last frame, empty for an empty body). */
export function frameCount(fileBytes: number, framesAt: number, id: string): number {
  const count = Math.ceil((fileBytes - framesAt) / sealedFrameBytes);
  if (count < 1) throw broken(id);
  return count;
}

const label = (id: string) => `s3 object body ${id}`;

// The data key is used for this one body only, so the frame index alone makes each nonce unique.
function nonce(index: number): Buffer {
  const iv = Buffer.alloc(12);
  iv.writeUIntBE(index, 6, 6);
  return iv;
}

function frameAad(index: number, last: boolean): Buffer {
  const aad = Buffer.alloc(7);
  aad.writeUIntBE(index, 0, 6);
  aad[6] = last ? 1 : 0;
  return aad;
}

function broken(id: string): BerthError {
  return new BerthError(
    'BERTH_SEAL_BROKEN',
    `the stored data of S3 object body ${id} is damaged or was moved`,
  );
}
