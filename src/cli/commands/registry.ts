import type { Command } from 'commander';

export interface RegistryCommandOptions {
  state?: string;
  passwordStdin?: boolean;
  json?: boolean;
}

/**
 * `berth registry user add|list|remove` and `berth registry grant`: the users of berth's own registry and their
 * per-repository grants, written straight into the state dir's database (whether or not `berth up` runs; the
 * registry reads them fresh on every request).
 */
export function addRegistryCommand(program: Command): void {
  const registry = program.command('registry').description("users and grants of berth's own registry (/v2/)");
  const user = registry.command('user').description('registry users (Basic / token login)');
  const run = async (action: (impl: typeof import('./registry-run.js')) => Promise<number>) => {
    // Loaded here, not at the top: SQLite and scrypt would slow every other command's start.
    process.exitCode = await action(await import('./registry-run.js'));
  };
  user
    .command('add')
    .description('add a user; the password is read from stdin, or generated and printed once')
    .argument('<name>', 'user name')
    .option('--password-stdin', 'read the password from stdin')
    .option('--state <dir>', 'state directory (default: ~/.berth)')
    .action((name: string, options: RegistryCommandOptions) => run((impl) => impl.userAdd(name, options)));
  user
    .command('list')
    .description('list users and their grants')
    .option('--state <dir>', 'state directory (default: ~/.berth)')
    .option('--json', 'print the users as JSON')
    .action((options: RegistryCommandOptions) => run((impl) => impl.userList(options)));
  user
    .command('remove')
    .description('remove a user and their grants')
    .argument('<name>', 'user name')
    .option('--state <dir>', 'state directory (default: ~/.berth)')
    .action((name: string, options: RegistryCommandOptions) => run((impl) => impl.userRemove(name, options)));
  registry
    .command('grant')
    .description(
      'let a user pull, or push (which includes pull), repositories matching a pattern (`*` wildcard)',
    )
    .argument('<name>', 'user name')
    .argument('<repo-pattern>', 'repository name or pattern, e.g. alice/* or *')
    .argument('<action>', 'pull or push')
    .option('--state <dir>', 'state directory (default: ~/.berth)')
    .action((name: string, pattern: string, action: string, options: RegistryCommandOptions) =>
      run((impl) => impl.grant(name, pattern, action, options)),
    );
}
