// The CDK sample app (test/fixtures/cdk-app) driven by the real CDK CLI (aws-cdk 2.1149.0, node_modules/.bin/cdk):
// synth now, and — once berth's CloudFormation is in — bootstrap, deploy and destroy with the environment `berth env`
// prints (ref cloudformation-cdk §8.4). Output goes to a temporary directory: the template holds the registry login.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const sampleAppDir = fileURLToPath(new URL('../../fixtures/cdk-app/', import.meta.url));
const cdkBin = fileURLToPath(new URL('../../../node_modules/.bin/cdk', import.meta.url));

/** The sample's inputs (app.mjs reads them from the environment). */
export interface SampleInputs {
  readonly image?: string;
  readonly registryUser?: string;
  readonly registryPassword?: string;
  readonly listenerPort?: number;
  readonly broken?: boolean;
}

export interface CdkRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CDK CLI in the app's folder, offline: no notices, no telemetry, account and region as given. */
export function runCdk(args: string[], env: Record<string, string>, inputs: SampleInputs = {}): CdkRun {
  const ran = spawnSync(cdkBin, [...args, '--no-notices'], {
    cwd: sampleAppDir,
    encoding: 'utf8',
    timeout: 600_000,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      CDK_DISABLE_CLI_TELEMETRY: 'true',
      ...sampleEnv(inputs),
      ...env,
    },
  });
  return { code: ran.status, stdout: ran.stdout, stderr: ran.stderr };
}

/** `cdk synth` of WebStack for 000000000000/us-east-1 (the AZs come from cdk.context.json); the parsed template. */
export function synthSample(inputs: SampleInputs = {}): {
  run: CdkRun;
  template: SampleTemplate;
  outDir: string;
} {
  const outDir = mkdtempSync(join(tmpdir(), 'berth-cdk-sample-'));
  const run = runCdk(
    ['synth', '--quiet', '--output', outDir],
    {
      CDK_DEFAULT_ACCOUNT: '000000000000',
      CDK_DEFAULT_REGION: 'us-east-1',
    },
    inputs,
  );
  const template =
    run.code === 0 ? JSON.parse(readFileSync(join(outDir, 'WebStack.template.json'), 'utf8')) : {};
  return { run, template, outDir };
}

export interface SampleTemplate {
  readonly Resources?: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
}

function sampleEnv(inputs: SampleInputs): Record<string, string> {
  const env: Record<string, string> = {};
  if (inputs.image) env['BERTH_SAMPLE_IMAGE'] = inputs.image;
  if (inputs.registryUser) env['BERTH_SAMPLE_REGISTRY_USER'] = inputs.registryUser;
  if (inputs.registryPassword) env['BERTH_SAMPLE_REGISTRY_PASSWORD'] = inputs.registryPassword;
  if (inputs.listenerPort) env['BERTH_SAMPLE_LISTENER_PORT'] = String(inputs.listenerPort);
  if (inputs.broken) env['BERTH_SAMPLE_BROKEN'] = '1';
  return env;
}
