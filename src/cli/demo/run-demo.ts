// `berth demo`: the ECS private-registry walkthrough, offline, in one command. Starts berth in this process on a
// fresh state dir, walks every step through the AWS SDK (printing the AWS CLI equivalent), shows the page a Fargate
// task serves from its own address and then the classic misconfiguration's exact stoppedReason, and stops it all.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Secret } from '../../errors/index.js';
import { badInput, exitCodes } from '../cli-error.js';
import { berthWiring, compose, resolveConfig } from '../compose.js';
import { resolveStateDir } from '../state-location.js';
import { closeDemoContext, type DemoContext, DemoStepFailed, demoContext } from './demo-context.js';
import { type DemoOutput, DemoPrinter } from './demo-printer.js';
import { seconds, stopAndWait } from './demo-tasks.js';
import { listenForInterruption } from './interruption.js';
import { permissionOnTaskRole } from './misplaced-permission.js';
import { registryUserAndImage } from './registry-steps.js';
import {
  executionRole,
  runWebTask,
  showPage,
  storeCredentials,
  webTaskDefinitionStep,
} from './walkthrough.js';
import { busyboxPath } from './web-image.js';

export interface DemoOptions {
  /** Keep the demo's state here (a new or empty directory); default a temporary one, removed at the end. */
  readonly state?: string;
  /** `berth up --task-cidr`: the awsvpc task address range. */
  readonly taskCidr?: string;
}

/** 128 + SIGINT, as a shell reports a command stopped by Ctrl-C. */
const interruptedExitCode = 130;

export async function runDemo(options: DemoOptions, out: DemoOutput = process.stdout): Promise<number> {
  const started = Date.now();
  const print = new DemoPrinter(out);
  const missing = missingPrerequisite();
  if (missing !== undefined) {
    print.line(`berth demo: ${missing}`);
    return exitCodes.failure;
  }
  const state = demoStateDir(options.state);
  let code: number = exitCodes.ok;
  try {
    const config = resolveConfig(
      {
        port: '0',
        state: state.dir,
        ...(options.taskCidr === undefined ? {} : { taskCidr: options.taskCidr }),
      },
      berthWiring.parts,
    );
    // berth's own log goes to the state dir's berth.log only: the demo's output is the walkthrough.
    const berth = await compose({ ...config, logToStderr: false });
    const abort = new AbortController();
    const context = demoContext(berth, print, abort.signal);
    const interruption = listenForInterruption();
    try {
      print.line(
        `berth demo: the ECS private-registry walkthrough, offline, on berth at ${berth.endpoint} ` +
          `(account ${berth.accountId}, ${berth.region})`,
      );
      print.line(
        'Each "$ aws …" line is the same step against AWS (against a running berth: eval "$(berth env)" and add ' +
          '--endpoint-url "$AWS_ENDPOINT_URL").',
      );
      const walking = walk(context);
      // Once interrupted, the walk's calls fail as berth stops: nothing of theirs is worth reporting.
      walking.catch(() => undefined);
      const signal = await Promise.race([walking.then(() => undefined), interruption.signalled]);
      if (signal !== undefined) {
        abort.abort();
        print.unexpected(`interrupted (${signal}): stopping the tasks and berth`);
        print.silence();
        code = interruptedExitCode;
      }
    } catch (error) {
      print.unexpected(describe(error));
      code = exitCodes.failure;
    } finally {
      interruption.dispose();
      closeDemoContext(context);
      // Stops every task still running (their namespaces and veths go with them), then the endpoint.
      await berth.stop();
    }
  } finally {
    if (state.remove) rmSync(dirname(state.dir), { recursive: true, force: true });
  }
  const where = state.remove ? 'its state removed' : `state kept in ${state.dir}`;
  const verdict = code === exitCodes.ok ? 'done' : code === interruptedExitCode ? 'interrupted' : 'FAILED';
  out.write(`\nberth demo: ${verdict} in ${seconds(Date.now() - started)}; berth stopped, ${where}\n`);
  return code;
}

async function walk(context: DemoContext): Promise<void> {
  // The registry password: random, handed to the registry, Secrets Manager and the pull, and never printed.
  const password = new Secret(randomBytes(18).toString('base64url'));
  const image = await registryUserAndImage(context, password);
  const secretArn = await storeCredentials(context, password);
  const role = await executionRole(context, secretArn);
  const taskDefinition = await webTaskDefinitionStep(context, image.reference, secretArn, role);
  const task = await runWebTask(context, taskDefinition);
  await showPage(context, task, image.page);
  await permissionOnTaskRole(context, image.reference, secretArn);

  context.print.step('Clean up: stop the web task');
  const stopped = await stopAndWait(context, task.taskArn!);
  context.print.result(
    `STOPPED (${stopped.stopCode}), container exit code ${stopped.containers?.[0]?.exitCode}`,
  );
}

/** Why the demo cannot run here, if it cannot: it runs a task with runc in a network namespace of its own. */
function missingPrerequisite(): string | undefined {
  if (process.getuid?.() !== 0) {
    return 'the demo runs a Fargate task with runc in a network namespace of its own: run it as root (sudo)';
  }
  if (!existsSync(busyboxPath)) {
    return `the demo builds its web image from ${busyboxPath}: install it with apt-get install busybox-static`;
  }
  return undefined;
}

/** The given directory, which must not hold anything yet; else a fresh temporary one, removed at the end. */
function demoStateDir(given: string | undefined): { dir: string; remove: boolean } {
  if (given === undefined)
    return { dir: join(mkdtempSync(join(tmpdir(), 'berth-demo-')), 'state'), remove: true };
  const dir = resolveStateDir(given);
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    throw badInput(`--state ${given}: the demo starts from a fresh state, and this directory is not empty`);
  }
  return { dir, remove: false };
}

function describe(error: unknown): string {
  if (error instanceof DemoStepFailed) return error.message;
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
