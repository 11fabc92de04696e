// Pushes OCI layouts into a registry with skopeo (ENVIRONMENT-NOTES: there is no Docker engine to push with).
import { requireTool, run } from './system-tools.js';

export interface PushOptions {
  readonly username?: string;
  readonly password?: string;
  /** Every image of an index, not just the host's platform (`--all`). */
  readonly all?: boolean;
}

/** `skopeo copy oci:LAYOUT:TAG docker://DESTINATION --dest-tls-verify=false [--dest-creds U:P]`, digests kept. */
export async function pushLayout(
  layoutDir: string,
  tag: string,
  destination: string,
  options: PushOptions = {},
): Promise<void> {
  requireTool('skopeo');
  const args = [
    '--insecure-policy',
    'copy',
    '--quiet',
    '--preserve-digests',
    '--dest-tls-verify=false',
    ...(options.all ? ['--all'] : []),
    ...(options.username === undefined
      ? []
      : ['--dest-creds', `${options.username}:${options.password ?? ''}`]),
    `oci:${layoutDir}:${tag}`,
    `docker://${destination}`,
  ];
  await run('skopeo', args, { timeoutMs: 120_000 });
}

/** `skopeo copy docker://SOURCE oci:LAYOUT:x --src-tls-verify=false --src-creds U:P`: a pull that keeps what it got. */
export async function pullToLayout(
  source: string,
  layoutDir: string,
  credentials: { readonly username: string; readonly password: string },
): Promise<void> {
  requireTool('skopeo');
  await run(
    'skopeo',
    [
      '--insecure-policy',
      'copy',
      '--quiet',
      '--src-tls-verify=false',
      '--src-creds',
      `${credentials.username}:${credentials.password}`,
      `docker://${source}`,
      `oci:${layoutDir}:x`,
    ],
    { timeoutMs: 120_000 },
  );
}
