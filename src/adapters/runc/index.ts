// adapters/runc: the ContainerRuntime on runc (OCI bundles, overlay rootfs, foreground `runc run`).
export { RuncRuntime, type RuncRuntimeOptions } from './runc-runtime.js';
