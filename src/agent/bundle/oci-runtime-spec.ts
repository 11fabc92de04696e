/**
 * The part of the OCI runtime-spec config.json (v1.0.2, config.md and config-linux.md) that berth writes. Field
 * names are the spec's.
 */

export interface OciMount {
  readonly destination: string;
  readonly type?: string;
  readonly source?: string;
  readonly options?: readonly string[];
}

export interface OciCapabilities {
  readonly bounding: readonly string[];
  readonly effective: readonly string[];
  readonly permitted: readonly string[];
}

export interface OciRlimit {
  readonly type: string;
  readonly hard: number;
  readonly soft: number;
}

export interface OciProcess {
  readonly terminal: boolean;
  readonly user: { readonly uid: number; readonly gid: number; readonly additionalGids?: readonly number[] };
  readonly args: readonly string[];
  readonly env: readonly string[];
  readonly cwd: string;
  readonly capabilities: OciCapabilities;
  readonly rlimits: readonly OciRlimit[];
  readonly noNewPrivileges: boolean;
}

export interface OciNamespace {
  readonly type: 'pid' | 'network' | 'mount' | 'ipc' | 'uts' | 'user' | 'cgroup';
  readonly path?: string;
}

export interface OciDeviceRule {
  readonly allow: boolean;
  readonly type?: 'a' | 'b' | 'c';
  readonly major?: number;
  readonly minor?: number;
  readonly access?: string;
}

export interface OciResources {
  readonly devices: readonly OciDeviceRule[];
  readonly memory?: { readonly limit: number };
  readonly cpu?: { readonly shares: number };
}

export interface OciLinux {
  readonly namespaces: readonly OciNamespace[];
  readonly cgroupsPath: string;
  readonly resources: OciResources;
  readonly sysctl?: Readonly<Record<string, string>>;
  readonly maskedPaths: readonly string[];
  readonly readonlyPaths: readonly string[];
}

export interface OciRuntimeConfig {
  readonly ociVersion: string;
  readonly process: OciProcess;
  readonly root: { readonly path: string; readonly readonly: boolean };
  readonly hostname: string;
  readonly mounts: readonly OciMount[];
  readonly linux: OciLinux;
}
