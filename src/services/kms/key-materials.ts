import type { Sealer } from '../../ports/index.js';
import { type KeyDocument, sealLabel } from './domain/key-document.js';

interface Opened {
  /** The sealed text it was opened from: an entry serves only the key document that carries exactly this. */
  readonly sealed: string;
  readonly material: Buffer;
}

const defaultMaxKeys = 1000;

/**
 * Key material opened from the master key's seal, kept in memory per key: every Decrypt of a secret's data key
 * would otherwise open the seal again (an AES-GCM operation and a buffer). The material lives only in these
 * buffers — never in a log, an error or a response — and is zeroed when its key changes in any way (disabled,
 * scheduled for deletion, deleted, policy replaced: KmsStore reports every write to a key), when evicted, and on
 * `clear()`. Only usable keys get here: KeyCrypto checks the key state before it asks for the material.
 */
export class KeyMaterials {
  readonly #sealer: Sealer;
  readonly #maxKeys: number;
  readonly #opened = new Map<string, Opened>();

  constructor(sealer: Sealer, maxKeys = defaultMaxKeys) {
    this.#sealer = sealer;
    this.#maxKeys = maxKeys;
  }

  /** The key's material. Shared: the caller must neither change nor keep it. */
  of(key: KeyDocument): Buffer {
    const kept = this.#opened.get(key.arn);
    if (kept?.sealed === key.material) return kept.material;
    if (kept) this.forget(key.arn);
    const opened = this.#sealer.open(key.material, sealLabel(key.arn));
    // A buffer of its own, not a slice of Node's shared pool, so that zeroing it leaves no copy behind.
    const material = Buffer.allocUnsafeSlow(opened.length);
    opened.copy(material);
    opened.fill(0);
    if (this.#opened.size >= this.#maxKeys) {
      const oldest = this.#opened.keys().next().value;
      if (oldest !== undefined) this.forget(oldest);
    }
    this.#opened.set(key.arn, { sealed: key.material, material });
    return material;
  }

  /** Zeroes and drops the material of one key (after any change to it). */
  forget(keyArn: string): void {
    const kept = this.#opened.get(keyArn);
    if (!kept) return;
    kept.material.fill(0);
    this.#opened.delete(keyArn);
  }

  clear(): void {
    for (const arn of [...this.#opened.keys()]) this.forget(arn);
  }

  /** How many keys' material is held (for tests). */
  get size(): number {
    return this.#opened.size;
  }
}
