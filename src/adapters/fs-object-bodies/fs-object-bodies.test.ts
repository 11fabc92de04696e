// S3 object bodies on disk: what goes in comes out, whole and by range across frame edges; the files hold no
// plaintext; a body altered, cut short, extended or moved to another id does not read (BERTH_SEAL_BROKEN).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { isBerthError } from '../../errors/index.js';
import { createAesSealer } from '../../ports/index.js';
import { FsObjectBodies } from './fs-object-bodies.js';
import { frameBytes } from './sealed-frames.js';

const dir = mkdtempSync(join(tmpdir(), 'berth-object-bodies-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const sealer = createAesSealer(randomBytes(32));
const bodies = new FsObjectBodies(dir, sealer);
const newId = () => randomBytes(16).toString('hex');

async function* chunked(data: Buffer, size: number): AsyncIterable<Uint8Array> {
  for (let at = 0; at < data.length; at += size) yield data.subarray(at, at + size);
}

async function readAll(source: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const part of source) parts.push(part);
  return Buffer.concat(parts);
}

async function stored(data: Buffer, chunkSize = 7_777): Promise<string> {
  const id = newId();
  assert.equal(await bodies.write(id, chunked(data, chunkSize)), data.length);
  return id;
}

const brokenSeal = (error: unknown) => isBerthError(error) && error.code === 'BERTH_SEAL_BROKEN';

describe('FsObjectBodies', () => {
  for (const length of [
    0,
    1,
    frameBytes - 1,
    frameBytes,
    frameBytes + 1,
    3 * frameBytes + 5,
    17 * frameBytes,
  ]) {
    test(`a body of ${length} bytes reads back whole`, async () => {
      const data = randomBytes(length);
      const id = await stored(data);
      assert.deepEqual(await readAll(bodies.read(id)), data);
    });
  }

  test('chunk sizes do not matter: one big chunk and single bytes store the same data', async () => {
    const data = randomBytes(2 * frameBytes + 3);
    for (const size of [data.length, 1, frameBytes]) {
      assert.deepEqual(await readAll(bodies.read(await stored(data, size))), data);
    }
  });

  test('ranges (inclusive end, as S3 Range) read across frame edges', async () => {
    const data = randomBytes(20 * frameBytes + 100);
    const id = await stored(data, 100_000);
    const ranges = [
      [0, 0],
      [0, frameBytes - 1],
      [frameBytes - 1, frameBytes],
      [frameBytes + 5, 3 * frameBytes + 7],
      [5, 18 * frameBytes],
      [20 * frameBytes, 20 * frameBytes + 99],
      [data.length - 1, data.length - 1],
    ] as const;
    for (const [start, end] of ranges) {
      assert.deepEqual(
        await readAll(bodies.read(id, { start, end })),
        data.subarray(start, end + 1),
        `${start}-${end}`,
      );
    }
  });

  test('the file holds no plaintext (encrypted at rest)', async () => {
    const marker = Buffer.from('registry-password-Xq7Z-'.repeat(5000));
    const id = await stored(marker);
    const onDisk = readFileSync(join(dir, id));
    assert.equal(onDisk.includes('registry-password-Xq7Z'), false);
    assert.equal(
      readdirSync(dir).some((name) => name.startsWith('.partial-')),
      false,
    );
  });

  test('a changed byte, a cut-off last frame, an extra frame or a body moved to another id does not read', async () => {
    const data = randomBytes(3 * frameBytes + 10);
    const flipped = await stored(data);
    const bytes = readFileSync(join(dir, flipped));
    bytes[bytes.length - 40]! ^= 1;
    writeFileSync(join(dir, flipped), bytes);
    await assert.rejects(readAll(bodies.read(flipped)), brokenSeal);

    // Whole frames dropped from the end: the new last frame was sealed as not last.
    const cut = await stored(data);
    truncateSync(join(dir, cut), readFileSync(join(dir, cut)).length - (10 + 16));
    await assert.rejects(readAll(bodies.read(cut)), brokenSeal);

    const extended = await stored(data);
    writeFileSync(join(dir, extended), Buffer.concat([readFileSync(join(dir, extended)), randomBytes(100)]));
    await assert.rejects(readAll(bodies.read(extended)), brokenSeal);

    const moved = await stored(data);
    const elsewhere = newId();
    renameSync(join(dir, moved), join(dir, elsewhere));
    await assert.rejects(readAll(bodies.read(elsewhere)), brokenSeal);
  });

  test("another state dir's master key cannot read the body", async () => {
    const id = await stored(randomBytes(1000));
    const other = new FsObjectBodies(dir, createAesSealer(randomBytes(32)));
    await assert.rejects(readAll(other.read(id)), brokenSeal);
  });

  test('a failed source leaves no file; a missing body fails to read; delete removes it', async () => {
    const id = newId();
    async function* failing(): AsyncIterable<Uint8Array> {
      yield randomBytes(frameBytes * 2);
      throw new Error('client went away');
    }
    await assert.rejects(bodies.write(id, failing()), /client went away/);
    assert.deepEqual(
      readdirSync(dir).filter((name) => name.includes(id)),
      [],
    );
    await assert.rejects(readAll(bodies.read(id)), { code: 'ENOENT' });
    const kept = await stored(randomBytes(10));
    await bodies.delete(kept);
    await assert.rejects(readAll(bodies.read(kept)), { code: 'ENOENT' });
  });
});
