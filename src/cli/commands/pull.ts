import type { Command } from 'commander';

export interface PullOptions {
  username?: string;
  passwordStdin?: boolean;
  platform?: string;
  rootfs?: string;
  insecureRegistry: string[];
  registryCa: string[];
  state?: string;
  json?: boolean;
}

/**
 * `berth pull IMAGE`: resolve, download and verify an image into `<state>/content` (and unpack it with --rootfs),
 * showing per-layer progress as `docker pull` does. Exit 0 pulled, 2 bad input, 3 the pull failed — then stderr has
 * the text ECS would put in stoppedReason.
 */
export function addPullCommand(program: Command): void {
  program
    .command('pull')
    .description(
      'pull an image from a registry as the ECS agent would (exit 0 pulled, 2 bad input, 3 failed)',
    )
    .argument('<image>', 'image reference, e.g. ghcr.io/org/app:1.2 or 127.0.0.1:5000/app@sha256:…')
    .option('--username <user>', 'registry username (the password comes from stdin)')
    .option('--password-stdin', 'read the registry password (or token) from stdin')
    .option('--platform <os/arch[/variant]>', 'platform to pull (default: this machine’s)')
    .option('--rootfs <dir>', 'unpack the image into this directory (must not exist, or be empty)')
    .option('--insecure-registry <host>', 'allow plain HTTP to this registry host (repeatable)', collect, [])
    .option(
      '--registry-ca <host=file>',
      'trust the PEM CA bundle in file for this registry host (repeatable), as daemon.json/certs.d would',
      collect,
      [],
    )
    .option('--state <dir>', 'state directory (default: ~/.berth); blobs go to <state>/content')
    .option('--json', 'print the result as JSON')
    .action(async (image: string, options: PullOptions) => {
      // Loaded here, not at the top: the registry client and its HTTP stack would slow every other command's start.
      const { pull } = await import('./pull-run.js');
      process.exitCode = await pull(image, options);
    });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
