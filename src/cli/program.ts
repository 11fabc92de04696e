import { Command } from 'commander';
import { addConsoleCommand } from './commands/console.js';
import { addDemoCommand } from './commands/demo.js';
import { addDoctorCommand } from './commands/doctor/doctor-command.js';
import { addEnvCommand } from './commands/env.js';
import { addEventsCommand } from './commands/events.js';
import { addIamSimulateCommand } from './commands/iam-simulate.js';
import { addLogsCommand } from './commands/logs.js';
import { addPullCommand } from './commands/pull.js';
import { addRegistryCommand } from './commands/registry.js';
import { addRunCommand } from './commands/run.js';
import { addServicesCommand } from './commands/services.js';
import { addStopCommand } from './commands/stop.js';
import { addTasksCommand } from './commands/tasks.js';
import { addUpCommand } from './commands/up.js';

/** The `berth` command tree. Each subcommand lives in its own file under commands/ and is added here. */
export function buildProgram(): Command {
  const program = new Command('berth')
    .description('Amazon ECS private-registry authentication, end to end, on one machine')
    .version('0.1.0')
    // Set before subcommands are added: commander copies it to them when they are created.
    .exitOverride();
  addUpCommand(program);
  addEnvCommand(program);
  addPullCommand(program);
  addRegistryCommand(program);
  addRunCommand(program);
  addTasksCommand(program);
  addServicesCommand(program);
  addEventsCommand(program);
  addStopCommand(program);
  addLogsCommand(program);
  addConsoleCommand(program);
  addDemoCommand(program);
  addDoctorCommand(program);
  const iam = program.command('iam').description('the IAM policy engine');
  addIamSimulateCommand(iam);
  return program;
}
