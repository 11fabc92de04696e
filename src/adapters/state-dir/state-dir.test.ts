import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, test } from 'node:test';
import fc from 'fast-check';
import { isBerthError, Secret } from '../../errors/index.js';
import { createAesSealer } from '../../ports/index.js';
import { nodeRandom } from '../random.js';
import { instanceRecord } from './instance-record.js';
import { loadMasterKey } from './master-key.js';
import { loadRootCredentials } from './root-credentials.js';
import { entryOf, openStateDir, stateDirLayout } from './state-dir.js';
import { acquireStateLock } from './state-lock.js';

const root = mkdtempSync(join(tmpdir(), 'berth-state-'));
after(() => rmSync(root, { recursive: true, force: true }));
let dirs = 0;
const fresh = () => openStateDir(join(root, `s${++dirs}`, 'nested'));
const withCode = (code: string) => (e: unknown) => isBerthError(e) && e.code === code;
/** The pid of a process that has exited. */
const deadPid = () => spawnSync(process.execPath, ['-e', '']).pid!;

describe('state dir', () => {
  test('entryOf names what join names, for any resolved dir (the root too) and any one-segment name', () => {
    const segment = fc.stringMatching(/^[^/\0]+$/).filter((name) => name !== '.' && name !== '..');
    const dir = fc.array(segment, { maxLength: 4 }).map((parts) => resolve('/', ...parts));
    fc.assert(fc.property(dir, segment, (d, name) => entryOf(d, name) === join(d, name)));
    assert.equal(
      stateDirLayout('relative/dir').database,
      join(process.cwd(), 'relative/dir', 'berth.sqlite'),
    );
  });

  test('is created 0700 with its parents; a file in its place is refused', () => {
    const dir = fresh();
    assert.equal(statSync(dir.path).mode & 0o777, 0o700);
    assert.equal(dir.masterKey, join(dir.path, 'master.key'));
    writeFileSync(join(root, 'plain-file'), '');
    assert.throws(() => openStateDir(join(root, 'plain-file')), withCode('BERTH_STATE_INVALID'));
  });

  test('master key: 32 random bytes created once in a 0600 file, then reused', () => {
    const dir = fresh();
    const key = loadMasterKey(dir.masterKey, nodeRandom);
    assert.equal(key.length, 32);
    assert.equal(statSync(dir.masterKey).mode & 0o777, 0o600);
    assert.deepEqual(loadMasterKey(dir.masterKey, nodeRandom), key);
    assert.deepEqual(readFileSync(dir.masterKey), key);
  });

  test('master key: refused when others may read it, when its size is wrong, or when it is a symlink', () => {
    const dir = fresh();
    loadMasterKey(dir.masterKey, nodeRandom);
    chmodSync(dir.masterKey, 0o644);
    assert.throws(() => loadMasterKey(dir.masterKey, nodeRandom), /has mode 0644; .*chmod 600/);
    chmodSync(dir.masterKey, 0o600);
    writeFileSync(dir.masterKey, Buffer.alloc(31));
    assert.throws(() => loadMasterKey(dir.masterKey, nodeRandom), withCode('BERTH_MASTER_KEY_INVALID'));
    const other = fresh();
    symlinkSync(dir.masterKey, other.masterKey);
    assert.throws(() => loadMasterKey(other.masterKey, nodeRandom), /not a regular file/);
  });

  test('root credentials: generated once in AWS shapes, sealed at rest in a 0600 file, the same after reload', () => {
    const dir = fresh();
    const sealer = createAesSealer(loadMasterKey(dir.masterKey, nodeRandom));
    const sources = { env: {}, file: dir.rootCredentials, sealer, random: nodeRandom, now: new Date() };
    const first = loadRootCredentials(sources);
    assert.match(first.accessKeyId, /^AKIA[A-Z2-7]{16}$/);
    assert.match(first.secretAccessKey.reveal(), /^[A-Za-z0-9+/]{40}$/);
    assert.equal(first.source, 'generated');
    assert.equal(statSync(dir.rootCredentials).mode & 0o777, 0o600);
    const text = readFileSync(dir.rootCredentials, 'utf8');
    assert.ok(text.includes(first.accessKeyId));
    assert.ok(!text.includes(first.secretAccessKey.reveal()), 'the secret is stored in clear');
    const again = loadRootCredentials(sources);
    assert.equal(again.accessKeyId, first.accessKeyId);
    assert.equal(again.secretAccessKey.reveal(), first.secretAccessKey.reveal());
    const otherKey = createAesSealer(loadMasterKey(fresh().masterKey, nodeRandom));
    assert.throws(() => loadRootCredentials({ ...sources, sealer: otherKey }), withCode('BERTH_SEAL_BROKEN'));
  });

  test('root credentials: the environment wins and writes nothing; half or malformed settings are refused', () => {
    const dir = fresh();
    const sealer = createAesSealer(loadMasterKey(dir.masterKey, nodeRandom));
    const base = { file: dir.rootCredentials, sealer, random: nodeRandom, now: new Date() };
    const env = {
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    };
    const fromEnv = loadRootCredentials({ ...base, env });
    assert.equal(fromEnv.accessKeyId, env.accessKeyId);
    assert.equal(fromEnv.secretAccessKey.reveal(), env.secretAccessKey);
    assert.equal(fromEnv.source, 'env');
    assert.equal(existsSync(dir.rootCredentials), false);
    const invalid = withCode('BERTH_INVALID_ARGUMENT');
    assert.throws(() => loadRootCredentials({ ...base, env: { accessKeyId: env.accessKeyId } }), invalid);
    assert.throws(
      () => loadRootCredentials({ ...base, env: { ...env, accessKeyId: 'akia-lower' } }),
      invalid,
    );
    assert.throws(
      () => loadRootCredentials({ ...base, env: { ...env, secretAccessKey: 'has space' } }),
      invalid,
    );
  });

  test('lock: one holder at a time, named by pid; a stale lock is taken over; release removes it', () => {
    const dir = fresh();
    writeFileSync(dir.lock, `${process.ppid}\n`);
    assert.throws(
      () => acquireStateLock(dir.lock, dir.path),
      (e) =>
        isBerthError(e) &&
        e.code === 'BERTH_STATE_LOCKED' &&
        e.message.includes(`in use by another berth up (pid ${process.ppid})`),
    );
    writeFileSync(dir.lock, `${deadPid()}\n`);
    const lock = acquireStateLock(dir.lock, dir.path);
    assert.equal(readFileSync(dir.lock, 'utf8'), `${process.pid}\n`);
    lock.release();
    assert.equal(existsSync(dir.lock), false);
    writeFileSync(dir.lock, 'garbage');
    acquireStateLock(dir.lock, dir.path).release();
    // Our own pid, left by an earlier process (a container's pid 1 after a restart), is stale; a lock this
    // process holds is not.
    writeFileSync(dir.lock, `${process.pid}\n`);
    const held = acquireStateLock(dir.lock, dir.path);
    assert.throws(() => acquireStateLock(dir.lock, dir.path), withCode('BERTH_STATE_LOCKED'));
    held.release();
  });

  test('instance record: sealed, read back while the pid lives, "not running" otherwise', () => {
    const dir = fresh();
    const sealer = createAesSealer(loadMasterKey(dir.masterKey, nodeRandom));
    const notRunning = withCode('BERTH_NOT_RUNNING');
    assert.throws(() => instanceRecord.read(dir.instance, dir.path, sealer), notRunning);
    const info = {
      pid: process.pid,
      endpoint: 'http://127.0.0.1:4599',
      accountId: '000000000000',
      region: 'us-east-1',
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      secretAccessKey: new Secret('the-secret-value'),
      startedAt: new Date().toISOString(),
    };
    instanceRecord.write(dir.instance, info, sealer);
    assert.equal(statSync(dir.instance).mode & 0o777, 0o600);
    assert.ok(!readFileSync(dir.instance, 'utf8').includes('the-secret-value'));
    const read = instanceRecord.read(dir.instance, dir.path, sealer);
    assert.equal(read.endpoint, info.endpoint);
    assert.equal(read.secretAccessKey.reveal(), 'the-secret-value');
    instanceRecord.remove(dir.instance);
    assert.equal(existsSync(dir.instance), false);
    instanceRecord.write(dir.instance, { ...info, pid: deadPid() }, sealer);
    assert.throws(() => instanceRecord.read(dir.instance, dir.path, sealer), notRunning);
  });
});
