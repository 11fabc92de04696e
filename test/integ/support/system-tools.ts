// The Debian tools the registry tests drive. A missing tool is a failure with the install command, never a skip:
// scripts/setup installs them (scripts/system-packages.txt).
import { execFile, spawnSync } from 'node:child_process';

// Kept here for the tests and benches that import it with the other tools.
export { freePort } from '../../../src/testing/free-port.js';

const packages: Record<string, string> = {
  'docker-registry': 'docker-registry',
  skopeo: 'skopeo',
  htpasswd: 'apache2-utils',
  umoci: 'umoci',
  openssl: 'openssl',
};

/** Throws unless `command` is on PATH. */
export function requireTool(command: string): void {
  const found = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  if (found.status !== 0) {
    const pkg = packages[command] ?? command;
    throw new Error(`${command} is not installed: run scripts/setup (or apt-get install -y ${pkg})`);
  }
}

/** Runs a command to completion; rejects with its stderr on a non-zero exit. Bounded by `timeoutMs`. */
export function run(
  command: string,
  args: readonly string[],
  options: { timeoutMs?: number; input?: string } = {},
): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      command,
      args,
      { timeout: options.timeoutMs ?? 60_000, maxBuffer: 16 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`${command} ${args.join(' ')} failed: ${stderr || error.message}`));
        else resolve({ stdout, stderr });
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}

/** `htpasswd -Bbn user password` lines (bcrypt; Distribution accepts nothing else). */
export async function htpasswdLines(users: Readonly<Record<string, string>>): Promise<string> {
  requireTool('htpasswd');
  let out = '';
  for (const [user, password] of Object.entries(users)) {
    const { stdout } = await run('htpasswd', ['-Bbn', user, password]);
    out += `${stdout.trim()}\n`;
  }
  return out;
}
