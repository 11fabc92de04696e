import { BerthError } from '../../errors/index.js';
import { quote } from './quote.js';

/** An image platform with Go's GOOS/GOARCH values (image-spec image-index.md `platform`). */
export interface Platform {
  readonly os: string;
  readonly architecture: string;
  readonly variant?: string;
  readonly osVersion?: string;
  readonly osFeatures?: readonly string[];
}

const component = /^[A-Za-z0-9_.-]+$/;

/**
 * Parses `os/arch[/variant]` (e.g. `linux/amd64`, `linux/arm64/v8`, `linux/arm/v7`) and normalises it. Unlike
 * containerd, a lone `os` or `arch` is refused: a pure parser cannot fill in the host's half.
 */
export function parsePlatform(specifier: string): Platform {
  const parts = typeof specifier === 'string' ? specifier.split('/') : [];
  if (parts.length < 2 || parts.length > 3) {
    throw invalid(String(specifier), 'expected "os/architecture" or "os/architecture/variant"');
  }
  for (const part of parts) {
    if (!component.test(part)) throw invalid(specifier, `component ${quote(part)} must be [A-Za-z0-9_.-]+`);
  }
  const [os, architecture, variant] = parts as [string, string, string?];
  return normalizePlatform({ os, architecture, ...(variant === undefined ? {} : { variant }) });
}

/** `os/arch[/variant]` of a platform as it is (normalise first for the canonical spelling). */
export function formatPlatform(platform: Platform): string {
  const base = `${platform.os}/${platform.architecture}`;
  return platform.variant ? `${base}/${platform.variant}` : base;
}

/**
 * containerd's normalisation (platforms/database.go): lower case; `macos`→darwin; x86_64/x86-64→amd64 with v1
 * dropped; aarch64→arm64 with v8 dropped; armhf→arm/v7, armel→arm/v6; arm without variant is v7; i386→386.
 */
export function normalizePlatform(platform: Platform): Platform {
  const os = platform.os.toLowerCase() === 'macos' ? 'darwin' : platform.os.toLowerCase();
  let architecture = platform.architecture.toLowerCase();
  let variant = (platform.variant ?? '').toLowerCase();
  switch (architecture) {
    case 'i386':
      architecture = '386';
      variant = '';
      break;
    case 'x86_64':
    case 'x86-64':
    case 'amd64':
      architecture = 'amd64';
      if (variant === 'v1') variant = '';
      break;
    case 'aarch64':
    case 'arm64':
      architecture = 'arm64';
      if (variant === '8' || variant === 'v8') variant = '';
      break;
    case 'armhf':
      architecture = 'arm';
      variant = 'v7';
      break;
    case 'armel':
      architecture = 'arm';
      variant = 'v6';
      break;
    case 'arm':
      if (variant === '' || variant === '7') variant = 'v7';
      else if (variant === '5' || variant === '6' || variant === '8') variant = `v${variant}`;
      break;
  }
  return {
    os,
    architecture,
    ...(variant === '' ? {} : { variant }),
    ...(platform.osVersion === undefined ? {} : { osVersion: platform.osVersion }),
    ...(platform.osFeatures === undefined ? {} : { osFeatures: platform.osFeatures }),
  };
}

/**
 * The platforms a host of `wanted` runs, best first (containerd `platforms.Only`): the exact platform, then
 * amd64/vN → vN-1…v1 → 386; arm/vN → vN-1…v5; arm64/v8.x → v8.(x-1)…v8 → arm/v8…v5; arm64/v9.x → v9.(x-1)…v9 →
 * v8.(x+5)…v8 → arm. With `strict`, only the exact platform.
 */
export function compatiblePlatforms(wanted: Platform, strict = false): Platform[] {
  const exact = normalizePlatform(wanted);
  if (strict) return [exact];
  const { os } = exact;
  const make = (architecture: string, variant?: string): Platform =>
    normalizePlatform({ os, architecture, ...(variant ? { variant } : {}) });
  const vector = [exact];
  const version = variantNumber(exact.variant);
  switch (exact.architecture) {
    case 'amd64':
      for (let v = (version ?? 1) - 1; v >= 1; v--) vector.push(make('amd64', `v${v}`));
      vector.push(make('386'));
      break;
    case 'arm':
      for (let v = (version ?? 0) - 1; v >= 5; v--) vector.push(make('arm', `v${v}`));
      break;
    case 'arm64': {
      const [major, minor] = arm64Version(exact.variant ?? 'v8');
      let lowerMinor = minor;
      if (major === 9) {
        for (let m = minor - 1; m >= 0; m--) vector.push(make('arm64', m === 0 ? 'v9' : `v9.${m}`));
        lowerMinor = minor + 5;
        vector.push(make('arm64', `v8.${lowerMinor}`));
      }
      if (major === 8 || major === 9) {
        for (let m = lowerMinor - 1; m >= 0; m--) vector.push(make('arm64', m === 0 ? 'v8' : `v8.${m}`));
      }
      // A 64-bit ARM host also runs 32-bit ARM images (containerd: arm64 → arm/v8 and below).
      vector.push(...compatiblePlatforms(make('arm', major >= 8 ? 'v8' : exact.variant), false));
      break;
    }
  }
  return vector;
}

/**
 * Where `candidate` ranks among the platforms `wanted` runs (0 = exact), or undefined when it cannot run there.
 * Only os, architecture and variant are compared, after normalisation.
 */
export function platformRank(wanted: Platform, candidate: Platform, strict = false): number | undefined {
  const normal = normalizePlatform(candidate);
  const rank = compatiblePlatforms(wanted, strict).findIndex(
    (p) => p.os === normal.os && p.architecture === normal.architecture && p.variant === normal.variant,
  );
  return rank === -1 ? undefined : rank;
}

/** Whether an image built for `candidate` runs on a `wanted` host. */
export function platformMatches(wanted: Platform, candidate: Platform, strict = false): boolean {
  return platformRank(wanted, candidate, strict) !== undefined;
}

function variantNumber(variant: string | undefined): number | undefined {
  const match = /^v?([0-9]{1,3})$/.exec(variant ?? '');
  return match ? Number(match[1]) : undefined;
}

function arm64Version(variant: string): [number, number] {
  const match = /^v?([0-9]{1,3})(?:\.([0-9]{1,3}))?$/.exec(variant);
  return match ? [Number(match[1]), Number(match[2] ?? 0)] : [0, 0];
}

function invalid(specifier: string, reason: string): BerthError {
  return new BerthError('BERTH_INVALID_PLATFORM', `invalid platform ${quote(specifier)}: ${reason}`);
}
