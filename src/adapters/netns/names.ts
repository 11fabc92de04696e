/**
 * The names berth gives what it makes for a task: the namespace `<prefix><first 12 characters of the task id>` and
 * the host side of its veth pair, `bv<10 hex of sha256(namespace name)>` (interface names are at most 15
 * characters, so the task id cannot be in it; the hash ties it to the namespace for orphan cleanup).
 */
import { createHash } from 'node:crypto';
import { BerthError } from '../../errors/index.js';

const safeName = /^[A-Za-z0-9_.-]+$/;

export function checkNamePrefix(prefix: string): string {
  if (!safeName.test(prefix) || prefix.length > 32 || prefix.startsWith('.')) {
    throw new BerthError(
      'BERTH_INVALID_ARGUMENT',
      `network namespace prefix "${prefix}" must be 1-32 characters of A-Z a-z 0-9 _ . - and not start with "."`,
    );
  }
  return prefix;
}

export function checkBridgeName(name: string): string {
  if (!/^[A-Za-z0-9_-]{1,15}$/.test(name)) {
    throw new BerthError(
      'BERTH_INVALID_ARGUMENT',
      `bridge name "${name}" must be 1-15 characters of A-Z a-z 0-9 _ - (a Linux interface name)`,
    );
  }
  return name;
}

export function namespaceName(prefix: string, taskId: string): string {
  if (!safeName.test(taskId)) {
    throw new BerthError(
      'BERTH_INVALID_ARGUMENT',
      `task id "${taskId}" cannot name a network namespace: use A-Z a-z 0-9 _ . -`,
    );
  }
  return prefix + taskId.slice(0, 12);
}

export function hostVethName(namespace: string): string {
  return 'bv' + createHash('sha256').update(namespace).digest('hex').slice(0, 10);
}

export function netnsPath(namespace: string): string {
  return `/run/netns/${namespace}`;
}
