// npm run bench -- doctor: `berth doctor --template` on a 500-resource template synthesized by aws-cdk-lib (target:
// under 1 s), in-process and as the CLI process, with cfn-lint on the same template as the reference point when it is
// installed (pip; it is not on npm or in Debian). See docs/benchmarks.md.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { templateModel } from '../src/cli/commands/doctor/template-input.js';
import { loadTemplate } from '../src/engines/cloudformation/index.js';
import { diagnose } from '../src/engines/doctor/index.js';
import { envNumber, median, recordResult } from './bench-kit.js';

const resources = envNumber('BENCH_RESOURCES', 500);
const runs = envNumber('BENCH_RUNS', 7);
const dist = new URL('../dist/cli/main.js', import.meta.url).pathname;

/** Task definitions with their secret (CMK) and CDK's roles and policy, 6 resources each; log groups fill up. */
function synthesize(outdir: string): { text: string; count: number; tasks: number } {
  const app = new App({ outdir });
  const stack = new Stack(app, 'DoctorBench');
  let tasks = 0;
  const count = () =>
    Object.keys(app.synth({ force: true }).getStackByName('DoctorBench').template.Resources).length;
  // Each unit: Key, Secret, TaskDefinition, TaskRole, ExecutionRole, ExecutionRoleDefaultPolicy.
  while (tasks * 6 + 6 <= resources - 1) {
    const key = new kms.Key(stack, `Key${tasks}`);
    const secret = new secretsmanager.Secret(stack, `Secret${tasks}`, {
      encryptionKey: key,
      generateSecretString: { secretStringTemplate: '{"username":"bot"}', generateStringKey: 'password' },
    });
    const task = new ecs.FargateTaskDefinition(stack, `Task${tasks}`);
    task.addContainer('web', {
      image: ecs.ContainerImage.fromRegistry(`ghcr.io/acme/service-${tasks}:1`, { credentials: secret }),
    });
    tasks++;
  }
  for (let filler = 0; count() < resources; filler++) new logs.LogGroup(stack, `Logs${filler}`);
  const template = app.synth({ force: true }).getStackByName('DoctorBench').template;
  return { text: JSON.stringify(template, null, 1), count: Object.keys(template.Resources).length, tasks };
}

function timeProcess(command: string, args: string[]): { ms: number; status: number | null; output: string } {
  const started = process.hrtime.bigint();
  const run = spawnSync(command, args, { encoding: 'utf8' });
  return {
    ms: Number(process.hrtime.bigint() - started) / 1e6,
    status: run.status,
    output: run.stdout + run.stderr,
  };
}

const dir = mkdtempSync(join(tmpdir(), 'berth-bench-doctor-'));
try {
  const { text, count, tasks } = synthesize(join(dir, 'cdk.out'));
  const file = join(dir, 'DoctorBench.template.json');
  writeFileSync(file, text);

  // Correctness gate: every task definition's chain is right, so the doctor must find nothing.
  const check = () => diagnose(templateModel(loadTemplate(text, { stackName: 'DoctorBench' }), file));
  const findings = check();
  if (findings.length !== 0)
    throw new Error(`expected no findings, got ${JSON.stringify(findings.slice(0, 3))}`);

  const inProcess: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    check();
    inProcess.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  const cli: number[] = [];
  for (let i = 0; i < runs; i++) {
    const run = timeProcess(process.execPath, [dist, 'doctor', '--template', file]);
    if (run.status !== 0) throw new Error(`berth doctor exited ${run.status}: ${run.output}`);
    cli.push(run.ms);
  }
  const lintVersion = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' });
  const lint: number[] = [];
  if (lintVersion.status === 0) {
    for (let i = 0; i < Math.min(runs, 3); i++) lint.push(timeProcess('cfn-lint', [file]).ms);
  }

  console.log(
    `berth doctor on a ${count}-resource CDK template (${tasks} task definitions, ${Math.round(text.length / 1024)} KiB), node ${process.version}, median of ${runs}`,
  );
  console.log(
    `  in-process (read + resolve + model + rules)   ${median(inProcess).toFixed(0).padStart(6)} ms`,
  );
  console.log(
    `  berth doctor --template (whole process)       ${median(cli).toFixed(0).padStart(6)} ms   target < 1000 ms: ${median(cli) < 1000 ? 'met' : 'MISSED'}`,
  );
  recordResult({
    measure: `berth doctor --template, ${count} resources`,
    berth: `${median(cli).toFixed(0)} ms`,
    peer: lint.length > 0 ? `${median(lint).toFixed(0)} ms cfn-lint` : 'cfn-lint not installed',
    ratio: lint.length > 0 ? `${(median(lint) / median(cli)).toFixed(1)}× faster` : '',
    target: '< 1000 ms',
    met: median(cli) < 1000,
  });
  if (lint.length > 0) {
    console.log(
      `  ${lintVersion.stdout.trim()} (whole process, median of ${lint.length})`.padEnd(47) +
        `${median(lint).toFixed(0).padStart(6)} ms   (${(median(lint) / median(cli)).toFixed(1)}× berth doctor)`,
    );
  } else {
    console.log('  cfn-lint: not installed (pip install cfn-lint; it is on neither npm nor Debian)');
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
