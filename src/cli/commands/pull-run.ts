import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { FsContentStore } from '../../adapters/fs-content-store/index.js';
import { openStateDir } from '../../adapters/state-dir/index.js';
import {
  ImagePullError,
  type PullEvent,
  type PullImageResult,
  pullImage,
  unpackInto,
} from '../../agent/pull/index.js';
import {
  formatFamiliarReference,
  formatPlatform,
  formatReference,
  type ImageReference,
  parsePlatform,
  parseReference,
  registryApiHost,
  withDefaultTag,
} from '../../engines/oci/index.js';
import { Secret } from '../../errors/index.js';
import { hostKeychain, RegistryClient } from '../../registry/client/index.js';
import { badInput, exitCodes } from '../cli-error.js';
import { hostPlatform } from '../host-platform.js';
import { parseRegistryCas } from '../registry-trust.js';
import { resolveStateDir } from '../state-location.js';
import type { PullOptions } from './pull.js';
import { type EcrLogin, EcrLoginFailed, ecrLogin } from './pull-ecr.js';

/** The implementation of `berth pull`, loaded only when the command runs (keeps every other command's start fast). */
export async function pull(image: string, options: PullOptions): Promise<number> {
  parseReference(image);
  const platform = parsePlatform(options.platform ?? hostPlatform());
  const rootfs = options.rootfs === undefined ? undefined : checkRootfs(options.rootfs);
  const hosts = parseRegistryCas(options.registryCa.join(','));
  const given = await readPassword(options);
  let ecr: EcrLogin | undefined;
  try {
    ecr = given === undefined ? await ecrLogin(image, options.state) : undefined;
  } catch (error) {
    if (!(error instanceof EcrLoginFailed)) throw error;
    process.stderr.write(`${error.message}\n`);
    return exitCodes.failure;
  }
  const reference = parseReference(ecr?.reference ?? image);
  const login = ecr
    ? { username: ecr.username, password: ecr.password }
    : given && { username: options.username!, password: given };
  const host = registryApiHost(reference);
  const client = new RegistryClient({
    insecureHosts: options.insecureRegistry,
    hosts,
    ...(login === undefined ? {} : { keychain: hostKeychain(host, login) }),
  });
  const store = await FsContentStore.open(openStateDir(resolveStateDir(options.state)).content);
  const progress = options.json ? undefined : new ProgressPrinter(reference);
  const abort = new AbortController();
  const onSignal = () => abort.abort(new Error('interrupted'));
  process.once('SIGINT', onSignal);
  try {
    const result = await pullImage({
      client,
      store,
      reference,
      platform,
      ...(rootfs === undefined ? {} : { unpack: unpackInto(rootfs) }),
      signal: abort.signal,
      ...(progress === undefined ? {} : { onEvent: (event: PullEvent) => progress.event(event) }),
    });
    progress?.finish(result);
    if (options.json) process.stdout.write(`${JSON.stringify(summary(reference, result, store.root))}\n`);
    return exitCodes.ok;
  } catch (error) {
    progress?.stop();
    if (!(error instanceof ImagePullError)) throw error;
    const reason = ecr ? ecr.restore(error.reason) : error.reason;
    process.stderr.write(`${reason}\n`);
    if (options.json) {
      process.stdout.write(`${JSON.stringify({ error: { code: error.code, reason } })}\n`);
    }
    return exitCodes.failure;
  } finally {
    process.off('SIGINT', onSignal);
    await client.close();
  }
}

function summary(reference: ImageReference, result: PullImageResult, contentStore: string) {
  const { image } = result;
  return {
    reference: formatReference(withDefaultTag(reference)),
    digest: image.digest,
    mediaType: image.mediaType,
    manifestDigest: image.manifestDigest,
    platform: formatPlatform(image.platform),
    config: image.manifest.config.digest,
    layers: image.manifest.layers.map((l) => ({ digest: l.digest, size: l.size, mediaType: l.mediaType })),
    contentStore,
    ...(result.unpacked === undefined
      ? {}
      : { rootfs: result.unpacked.rootfs, chainId: result.unpacked.chainId }),
  };
}

/** docker's `Pulling fs layer` … `Pull complete` lines: redrawn in place on a TTY, one line per change otherwise. */
class ProgressPrinter {
  readonly #tty = process.stdout.isTTY === true;
  readonly #order: string[] = [];
  readonly #lines = new Map<string, string>();
  #allExisted = true;
  #drawn = 0;
  #lastDraw = 0;

  constructor(reference: ImageReference) {
    const what = reference.digest ?? reference.tag ?? 'latest';
    process.stdout.write(`${what}: Pulling from ${reference.path}\n`);
  }

  event(event: PullEvent): void {
    if (event.kind === 'layer') {
      const p = event.progress;
      const status =
        p.kind === 'waiting'
          ? 'Pulling fs layer'
          : p.kind === 'exists'
            ? 'Already exists'
            : p.kind === 'complete'
              ? 'Download complete'
              : `Downloading ${bar(p.bytes, p.size)}`;
      if (p.kind !== 'waiting' && p.kind !== 'exists') this.#allExisted = false;
      this.#set(p.digest, status, p.kind === 'downloading');
    } else if (event.kind === 'unpacked-layer') {
      this.#set(event.digest, 'Pull complete', false);
    }
  }

  finish(result: PullImageResult): void {
    this.#draw(true);
    const name = formatFamiliarReference(withDefaultTag(result.image.reference));
    const status = this.#allExisted ? 'Image is up to date for' : 'Downloaded newer image for';
    process.stdout.write(`Digest: ${result.image.digest}\nStatus: ${status} ${name}\n`);
    process.stdout.write(`${formatReference(withDefaultTag(result.image.reference))}\n`);
  }

  stop(): void {
    this.#draw(true);
  }

  #set(digest: string, status: string, isProgress: boolean): void {
    const id = digest.slice(digest.indexOf(':') + 1, digest.indexOf(':') + 13);
    if (!this.#lines.has(id)) this.#order.push(id);
    const previous = this.#lines.get(id);
    this.#lines.set(id, status);
    if (!this.#tty) {
      // Plain output: each change of state once, no progress bars.
      const word = isProgress ? 'Downloading' : status;
      if (previous === undefined || !previous.startsWith(word)) process.stdout.write(`${id}: ${word}\n`);
      return;
    }
    this.#draw(!isProgress);
  }

  #draw(force: boolean): void {
    if (!this.#tty) return;
    const now = Date.now();
    if (!force && now - this.#lastDraw < 100) return;
    this.#lastDraw = now;
    let out = this.#drawn > 0 ? `\x1b[${this.#drawn}A` : '';
    for (const id of this.#order) out += `\x1b[2K${id}: ${this.#lines.get(id)}\n`;
    this.#drawn = this.#order.length;
    process.stdout.write(out);
  }
}

/** `[=====>      ]  1.2MB/3.4MB`, docker's bar (50 wide) and decimal units. */
function bar(done: number, total: number): string {
  const width = 50;
  const filled = total > 0 ? Math.min(width, Math.floor((done / total) * width)) : 0;
  const body = filled >= width ? '='.repeat(width) : `${'='.repeat(filled)}>`.padEnd(width, ' ');
  return `[${body}]  ${units(done)}/${units(total)}`;
}

function units(bytes: number): string {
  if (bytes < 1000) return `${bytes}B`;
  const [unit, size] = bytes < 1e6 ? ['kB', 1e3] : bytes < 1e9 ? ['MB', 1e6] : ['GB', 1e9];
  return `${(bytes / (size as number)).toFixed(1)}${unit}`;
}

function checkRootfs(dir: string): string {
  const target = resolve(dir);
  try {
    if (readdirSync(target).length > 0) throw badInput(`--rootfs ${target} exists and is not empty`);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR') throw badInput(`--rootfs ${target} is not a directory`);
    if (code !== 'ENOENT') throw error;
  }
  return target;
}

async function readPassword(options: PullOptions): Promise<Secret | undefined> {
  if (options.username === undefined && !options.passwordStdin) return undefined;
  if (options.username === undefined) throw badInput('--password-stdin needs --username');
  if (!options.passwordStdin)
    throw badInput('--username needs --password-stdin (the password is read from stdin)');
  if (process.stdin.isTTY)
    throw badInput('--password-stdin: pipe the password in, e.g. printf %s "$PW" | berth pull …');
  let text = '';
  for await (const chunk of process.stdin) {
    text += chunk;
    if (text.length > 64 * 1024) throw badInput('--password-stdin: the password is longer than 64 KiB');
  }
  // docker login --password-stdin drops the trailing newline of `echo`.
  const password = text.replace(/\r?\n$/, '');
  if (password === '') throw badInput('--password-stdin: stdin was empty');
  return new Secret(password);
}
