import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { createAesSealer, MemoryPersistence, type Sealer } from '../../ports/index.js';
import { type KeyDocument, sealLabel } from './domain/key-document.js';
import { KeyMaterials } from './key-materials.js';
import { KmsStore } from './store.js';

/** A sealer that counts how often a seal is opened. */
function countingSealer(): Sealer & { opens: number } {
  const sealer = createAesSealer(randomBytes(32));
  const counting = {
    opens: 0,
    seal: sealer.seal,
    open(sealed: string, label: string) {
      counting.opens++;
      return sealer.open(sealed, label);
    },
  };
  return counting;
}

function key(sealer: Sealer, arn: string, material: Buffer): KeyDocument {
  return {
    keyId: arn.slice(-1),
    arn,
    account: '111111111111',
    region: 'us-east-1',
    createdAt: new Date(0).toISOString(),
    description: '',
    keyManager: 'CUSTOMER',
    state: 'Enabled',
    policy: '{}',
    material: sealer.seal(material, sealLabel(arn)),
    tags: [],
  };
}

test('material is opened once per key and shared while the key document carries the same seal', () => {
  const sealer = countingSealer();
  const materials = new KeyMaterials(sealer);
  const plain = randomBytes(32);
  const a = key(sealer, 'arn:aws:kms:us-east-1:111111111111:key/a', plain);
  const first = materials.of(a);
  assert.deepEqual(first, plain);
  assert.equal(materials.of({ ...a, state: 'Enabled' }), first);
  assert.equal(sealer.opens, 1);
});

test('another seal for the same key (new material) opens again and zeroes the old copy', () => {
  const sealer = countingSealer();
  const materials = new KeyMaterials(sealer);
  const arn = 'arn:aws:kms:us-east-1:111111111111:key/a';
  const old = materials.of(key(sealer, arn, randomBytes(32)));
  const fresh = randomBytes(32);
  assert.deepEqual(materials.of(key(sealer, arn, fresh)), fresh);
  assert.ok(old.every((byte) => byte === 0));
  assert.equal(sealer.opens, 2);
});

test('forget, eviction and clear zero the material they drop', () => {
  const sealer = countingSealer();
  const materials = new KeyMaterials(sealer, 2);
  const keys = ['a', 'b', 'c'].map((id) =>
    key(sealer, `arn:aws:kms:us-east-1:111111111111:key/${id}`, randomBytes(32)),
  );
  const [a, b, c] = keys.map((k) => materials.of(k));
  assert.ok(
    a!.every((byte) => byte === 0),
    'the oldest was evicted and zeroed',
  );
  assert.equal(materials.size, 2);
  materials.forget(keys[1]!.arn);
  assert.ok(b!.every((byte) => byte === 0));
  materials.clear();
  assert.ok(c!.every((byte) => byte === 0));
  assert.equal(materials.size, 0);
});

test('every write to a key, and its deletion, drops its material (as the KMS service wires them)', () => {
  const sealer = countingSealer();
  const materials = new KeyMaterials(sealer);
  let now = new Date('2026-01-01T00:00:00Z');
  const store = new KmsStore(
    new MemoryPersistence(),
    () => now,
    (arn) => materials.forget(arn),
  );
  const arn = 'arn:aws:kms:us-east-1:111111111111:key/a';
  const stored = key(sealer, arn, randomBytes(32));
  store.putKey(stored);
  const first = materials.of(store.key(stored.account, stored.region, stored.keyId)!);
  store.putKey({ ...stored, state: 'Disabled' });
  assert.ok(
    first.every((byte) => byte === 0),
    'disabling the key zeroed its material',
  );
  assert.equal(materials.size, 0);

  const second = materials.of(stored);
  store.putKey({
    ...stored,
    state: 'PendingDeletion',
    deletionDate: new Date(now.getTime() + 1000).toISOString(),
  });
  assert.ok(second.every((byte) => byte === 0));
  const third = materials.of(stored);
  now = new Date(now.getTime() + 2000);
  assert.equal(store.key(stored.account, stored.region, stored.keyId), undefined, 'deleted for good');
  assert.ok(
    third.every((byte) => byte === 0),
    'the deletion zeroed it too',
  );
});
