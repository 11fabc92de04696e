/**
 * The open-files limit a container can get on this host. runc sets it with prlimit from berth's own process, and the
 * kernel lets that raise a hard limit only with CAP_SYS_RESOURCE — which sandboxed hosts (this project's CI among
 * them) drop even for root. Without it the container gets berth's own hard limit, and the start result says so.
 */
import { readFileSync } from 'node:fs';
import { defaultNofile } from '../../agent/bundle/index.js';

/** capability(7) number of CAP_SYS_RESOURCE. */
const capSysResource = 24n;

export interface HostNofile {
  readonly nofile: number;
  readonly note?: string;
}

export function hostNofile(): HostNofile {
  const hard = ownHardNofile();
  if (hard === undefined || hard >= defaultNofile || canRaiseLimits()) return { nofile: defaultNofile };
  return {
    nofile: hard,
    note: `open files limit (nofile) is ${hard}, not ${defaultNofile}: berth's own hard limit, which it cannot raise without CAP_SYS_RESOURCE`,
  };
}

/** "Max open files  <soft>  <hard>  files" from /proc/self/limits; undefined when unlimited or unreadable. */
function ownHardNofile(): number | undefined {
  const line = readOrEmpty('/proc/self/limits')
    .split('\n')
    .find((l) => l.startsWith('Max open files'));
  const hard = line?.trim().split(/\s+/)[4];
  return hard !== undefined && /^\d+$/.test(hard) ? Number(hard) : undefined;
}

function canRaiseLimits(): boolean {
  const match = /^CapEff:\s*([0-9a-f]+)$/m.exec(readOrEmpty('/proc/self/status'));
  return match !== null && ((BigInt(`0x${match[1]}`) >> capSysResource) & 1n) === 1n;
}

function readOrEmpty(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}
