// agent/unpack: applies verified image layers to a rootfs, safely (reference/registry-protocol.md §4).
export { type ApplyLayerOptions, applyLayer, type LayerApplyResult } from './apply-layer.js';
export { chainId, chainIds } from './chain-id.js';
export { cleanEntryPath, opaqueMarker, whiteoutPrefix } from './entry-path.js';
export { decompressLayer, detectCompression, gunzipChunkBytes } from './layer-decompress.js';
export type { SkippedEntry } from './layer-writer.js';
export { maxSymlinkHops, resolveInRoot } from './root-resolver.js';
export { stagingName, type UnpackImageOptions, type UnpackImageResult, unpackImage } from './unpack-image.js';
