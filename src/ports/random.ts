/** Randomness, injected so that tests can make ids, keys and suffixes predictable. */
export interface Random {
  bytes(length: number): Uint8Array;
}
