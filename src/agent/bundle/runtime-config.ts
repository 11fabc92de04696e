/**
 * A ContainerSpec as an OCI runtime-spec config.json (ociVersion 1.0.2) that runc runs: Docker's defaults
 * (docker-defaults.ts), the resolved process, the task's network namespace, and cgroup limits.
 */
import type { ContainerSpec } from '../runtime/runtime.js';
import {
  defaultCapabilities,
  defaultDeviceRules,
  defaultMaskedPaths,
  defaultMounts,
  defaultNofile,
  defaultReadonlyPaths,
  ownNetworkSysctls,
} from './docker-defaults.js';
import type { OciMount, OciNamespace, OciResources, OciRuntimeConfig } from './oci-runtime-spec.js';

export const ociVersion = '1.0.2';

/** The bundle-relative directory runc takes as the container's root. */
export const rootfsDirectory = 'rootfs';

/** The cgroup every berth container is created under (cgroup v1: in each controller's hierarchy). */
export const defaultCgroupParent = '/berth';

/** cpu.shares bounds of the kernel (cgroup v1); ECS raises anything below 2 to 2 the same way. */
const minCpuShares = 2;
const maxCpuShares = 262144;

/** Host paths of the files bind-mounted over the image's /etc/hosts, /etc/hostname and /etc/resolv.conf. */
export interface EtcFilePaths {
  readonly hosts: string;
  readonly hostname: string;
  readonly resolvConf: string;
}

export interface RuntimeConfigInput {
  readonly spec: Pick<
    ContainerSpec,
    'id' | 'process' | 'hostname' | 'readonlyRootFilesystem' | 'netnsPath' | 'limits'
  >;
  readonly etcFiles?: EtcFilePaths;
  readonly cgroupParent?: string;
  /** false leaves out the memory and cpu limits (the host refused them); the device rules stay. */
  readonly applyLimits?: boolean;
  /** RLIMIT_NOFILE (soft and hard) when the host cannot give Fargate's 65535. */
  readonly nofile?: number;
}

/** The hostname the container gets: the spec's, else the first 12 characters of its id (Docker's default). */
export function containerHostname(spec: Pick<ContainerSpec, 'id' | 'hostname'>): string {
  return spec.hostname ?? spec.id.slice(0, 12);
}

export function runtimeConfig(input: RuntimeConfigInput): OciRuntimeConfig {
  const { spec } = input;
  const { process } = spec;
  const ownNetwork = spec.netnsPath !== undefined;
  const capabilities = [...defaultCapabilities];
  const nofile = input.nofile ?? defaultNofile;
  return {
    ociVersion,
    process: {
      terminal: false,
      user: {
        uid: process.uid,
        gid: process.gid,
        ...(process.additionalGids?.length ? { additionalGids: [...process.additionalGids] } : {}),
      },
      args: [...process.args],
      env: [...process.env],
      cwd: process.cwd,
      capabilities: { bounding: capabilities, effective: capabilities, permitted: capabilities },
      rlimits: [{ type: 'RLIMIT_NOFILE', hard: nofile, soft: nofile }],
      noNewPrivileges: true,
    },
    root: { path: rootfsDirectory, readonly: spec.readonlyRootFilesystem === true },
    hostname: containerHostname(spec),
    mounts: [...defaultMounts, ...etcMounts(input.etcFiles)],
    linux: {
      namespaces: namespaces(spec.netnsPath),
      cgroupsPath: `${input.cgroupParent ?? defaultCgroupParent}/${spec.id}`,
      resources: resources(input.applyLimits === false ? undefined : spec.limits),
      ...(ownNetwork ? { sysctl: { ...ownNetworkSysctls } } : {}),
      maskedPaths: [...defaultMaskedPaths],
      readonlyPaths: [...defaultReadonlyPaths],
    },
  };
}

/** Without a namespace path the container shares the host's network (networkMode host). */
function namespaces(netnsPath: string | undefined): OciNamespace[] {
  const list: OciNamespace[] = [{ type: 'pid' }, { type: 'ipc' }, { type: 'uts' }, { type: 'mount' }];
  if (netnsPath !== undefined) list.push({ type: 'network', path: netnsPath });
  return list;
}

function etcMounts(files: EtcFilePaths | undefined): OciMount[] {
  if (!files) return [];
  const bind = (destination: string, source: string): OciMount => ({
    destination,
    type: 'bind',
    source,
    options: ['rbind', 'rprivate'],
  });
  return [
    bind('/etc/resolv.conf', files.resolvConf),
    bind('/etc/hostname', files.hostname),
    bind('/etc/hosts', files.hosts),
  ];
}

function resources(limits: ContainerSpec['limits']): OciResources {
  return {
    devices: defaultDeviceRules,
    ...(limits?.memoryBytes === undefined ? {} : { memory: { limit: limits.memoryBytes } }),
    ...(limits?.cpuShares === undefined
      ? {}
      : { cpu: { shares: Math.min(maxCpuShares, Math.max(minCpuShares, Math.round(limits.cpuShares))) } }),
  };
}
