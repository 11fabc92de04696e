import { computeDigest, type Digest } from '../../engines/oci/index.js';

/**
 * Chain IDs of an image's layers (image-spec config.md "Layer ChainID"): ChainID(L0) = DiffID(L0), and
 * ChainID(L0…Ln) = sha256(ChainID(L0…Ln-1) + " " + DiffID(Ln)), over the full `sha256:<hex>` strings. The chain ID
 * of the last layer names the whole applied stack, so it keys the unpacked-rootfs cache. No layers gives the
 * digest of the empty string, which is also what an empty layer stack would unpack to (an empty directory).
 */
export function chainIds(diffIds: readonly Digest[]): Digest[] {
  const chain: Digest[] = [];
  for (const diffId of diffIds) {
    const previous = chain[chain.length - 1];
    chain.push(previous === undefined ? diffId : computeDigest(Buffer.from(`${previous} ${diffId}`, 'utf8')));
  }
  return chain;
}

/** The chain ID of the whole stack (the last layer's). */
export function chainId(diffIds: readonly Digest[]): Digest {
  return chainIds(diffIds).at(-1) ?? computeDigest(new Uint8Array());
}
