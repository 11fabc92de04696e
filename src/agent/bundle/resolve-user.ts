/**
 * A container's `user` (`name`, `uid`, `uid:gid`, `name:group`, …) as numeric ids, the way Docker resolves it before
 * handing it to runc (libcontainer/user GetExecUser semantics): a name must be in the image's /etc/passwd, a number
 * need not be; the primary group is the passwd entry's unless a group is named; supplementary groups are the groups
 * listing the user as a member, and only when no group was named.
 */
import { BerthError } from '../../errors/index.js';
import {
  type GroupEntry,
  maxId,
  type PasswdEntry,
  parseGroup,
  parsePasswd,
  readRootFile,
} from './user-files.js';

export interface ResolvedUser {
  readonly uid: number;
  readonly gid: number;
  readonly additionalGids: readonly number[];
}

/** The account files of an image, or undefined where the image has none. */
export interface AccountFiles {
  readonly passwd?: readonly PasswdEntry[];
  readonly group?: readonly GroupEntry[];
}

/** Reads /etc/passwd and /etc/group from inside `rootfs`. */
export function readAccountFiles(rootfs: string): AccountFiles {
  const passwd = readRootFile(rootfs, ['etc', 'passwd']);
  const group = readRootFile(rootfs, ['etc', 'group']);
  return {
    ...(passwd === undefined ? {} : { passwd: parsePasswd(passwd) }),
    ...(group === undefined ? {} : { group: parseGroup(group) }),
  };
}

/** Resolves `spec` (empty: root) against the account files; Docker's error texts for names that do not exist. */
export function resolveUser(spec: string, files: AccountFiles): ResolvedUser {
  const [userArg = '', groupArg = ''] = spec.split(':');
  const userNumber = numericArg(userArg);
  let uid = 0;
  let gid = 0;
  let matchedName: string | undefined;

  const user = files.passwd?.find((entry) =>
    userArg === ''
      ? entry.uid === 0
      : userNumber !== undefined
        ? entry.uid === userNumber
        : entry.name === userArg,
  );
  if (user) {
    ({ uid, gid } = user);
    matchedName = user.name;
  } else if (userArg !== '') {
    if (userNumber === undefined) {
      throw new BerthError(
        'BERTH_INVALID_ARGUMENT',
        `unable to find user ${userArg}: no matching entries in passwd file`,
      );
    }
    uid = userNumber;
  }

  if (groupArg !== '') {
    const groupNumber = numericArg(groupArg);
    const group = files.group?.find((entry) =>
      groupNumber !== undefined ? entry.gid === groupNumber : entry.name === groupArg,
    );
    if (group) gid = group.gid;
    else if (groupNumber !== undefined) gid = groupNumber;
    else {
      throw new BerthError(
        'BERTH_INVALID_ARGUMENT',
        `unable to find group ${groupArg}: no matching entries in group file`,
      );
    }
    return { uid, gid, additionalGids: [] };
  }

  const additionalGids =
    matchedName === undefined
      ? []
      : (files.group ?? []).filter((g) => g.members.includes(matchedName)).map((g) => g.gid);
  return { uid, gid, additionalGids };
}

/** A decimal id (runc parses with Atoi, so `-1` is a number, and out of range). */
function numericArg(arg: string): number | undefined {
  if (!/^[-+]?\d+$/.test(arg)) return undefined;
  const id = Number(arg);
  if (id < 0 || id > maxId) {
    throw new BerthError('BERTH_INVALID_ARGUMENT', `uids and gids must be in range 0-${maxId}`);
  }
  return id;
}
