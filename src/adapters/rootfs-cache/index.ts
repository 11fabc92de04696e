export { type EnsureRootfsOptions, RootfsCache } from './rootfs-cache.js';
