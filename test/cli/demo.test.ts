// `berth demo` through the built bin (npm test builds dist/ first), as the README's first command runs it: the
// walkthrough's AWS CLI lines, the page the Fargate task serves from its own address, and the exact stoppedReason of
// the task-role misconfiguration. With --state the demo's state is kept, so a `berth up` on it afterwards shows that
// the printed reason is what ECS's API says, that no task was left running, and what the registry password was —
// which the output must not contain.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { DescribeTasksCommand, ECSClient, ListTasksCommand } from '@aws-sdk/client-ecs';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { berthBin, startBerth, testTaskCidr } from '../integ/berth-process.js';

const taskCidr = testTaskCidr();
const work = mkdtempSync(join(tmpdir(), 'berth-cli-demo-'));

after(() => rmSync(work, { recursive: true, force: true }));

interface DemoRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `berth demo` to its end (a hang guard of 2 minutes, not a timing assertion: it takes about a second); with
 * `interruptAt`, sends SIGINT as soon as a line of stdout matches it.
 */
function demo(args: string[] = [], interruptAt?: RegExp): Promise<DemoRun> {
  const child = spawn(process.execPath, [berthBin, 'demo', '--task-cidr', taskCidr, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    if (interruptAt?.test(stdout)) {
      interruptAt = undefined;
      child.kill('SIGINT');
    }
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const guard = setTimeout(() => child.kill('SIGKILL'), 120_000);
  return new Promise((resolve) =>
    child.on('close', (code) => {
      clearTimeout(guard);
      resolve({ code, stdout, stderr });
    }),
  );
}

/** The text after `→ ` on the first result line following the line that contains `after`. */
function resultAfter(output: string, after: string): string {
  const lines = output.split('\n');
  const at = lines.findIndex((line) => line.includes(after));
  assert.ok(at >= 0, `no line with ${after}`);
  const result = lines.slice(at + 1).find((line) => line.startsWith('   → '));
  assert.ok(result, `no result after ${after}`);
  return result.slice('   → '.length);
}

describe('berth demo', () => {
  test('the walkthrough, the page from the task address, and the task-role mistake as ECS reports it', async () => {
    const state = join(work, 'kept');
    const run = await demo(['--state', state]);
    assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
    const out = run.stdout;

    // Every step as the AWS CLI would do it; the credentials only as a file reference and a placeholder.
    for (const line of [
      /^ {3}\$ aws secretsmanager create-secret --name demo\/registry-credentials --secret-string file:\/\/creds\.json$/m,
      /^ {5}creds\.json: \{"username":"demo","password":"<the registry password>"\}$/m,
      /^ {3}\$ aws iam create-role --role-name webExecutionRole --assume-role-policy-document file:\/\/ecs-tasks-trust\.json$/m,
      /^ {3}\$ aws iam put-role-policy --role-name webExecutionRole --policy-name read-registry-credentials --policy-document file:\/\/read-registry-credentials\.json$/m,
      /^ {3}\$ aws ecs register-task-definition --cli-input-json file:\/\/web-task\.json$/m,
      /^ {3}\$ aws ecs run-task --launch-type FARGATE --task-definition web:1 --network-configuration 'awsvpcConfiguration=\{subnets=\[subnet-[0-9a-f]{17}\]\}'$/m,
      /^ {3}\$ aws ecs stop-task --task arn:aws:ecs:us-east-1:000000000000:task\/default\/[0-9a-f]{32}$/m,
    ]) {
      assert.match(out, line);
    }
    const secretArn = resultAfter(out, '$ aws secretsmanager create-secret');
    assert.match(
      secretArn,
      /^arn:aws:secretsmanager:us-east-1:000000000000:secret:demo\/registry-credentials-\w{6}$/,
    );
    // The execution role's inline policy names exactly that secret.
    assert.ok(
      out.includes(
        `read-registry-credentials.json: {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", ` +
          `"Action": "secretsmanager:GetSecretValue", "Resource": "${secretArn}"}]}`,
      ),
    );

    // RUNNING, at an address of the task range, serving the image's page there.
    assert.match(
      resultAfter(out, '$ aws ecs run-task --launch-type FARGATE --task-definition web:1 '),
      /→ RUNNING \(/,
    );
    const address = resultAfter(
      out,
      "--query 'tasks[0].containers[0].networkInterfaces[0].privateIpv4Address'",
    );
    assert.ok(address.startsWith(taskCidr.split('.').slice(0, 3).join('.')), address);
    assert.match(
      out,
      new RegExp(
        `^ {3}\\$ curl http://${address.replaceAll('.', '\\.')}:8080/\n {5}<h1>hello from berth: this page came from a private registry</h1>$`,
        'm',
      ),
    );

    // The misconfiguration: the task stops with ECS's exact text, naming the execution role's session.
    const [, stopCode, reason] = /^(\S+) {2}(.*)$/.exec(
      resultAfter(out, "--query 'tasks[0].[stopCode,stoppedReason]'"),
    )!;
    assert.equal(stopCode, 'TaskFailedToStart');
    const taskArn = /^ {3}\$ aws ecs wait tasks-running --tasks (\S+)$/gm;
    const arns = [...out.matchAll(taskArn)].map((m) => m[1]!);
    assert.equal(arns.length, 2);
    const failedId = arns[1]!.split('/').pop();
    const expected =
      'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: ' +
      'unable to retrieve secret from asm: service call has been retried 1 time(s): failed to fetch secret ' +
      `${secretArn} from secrets manager: AccessDeniedException: User: arn:aws:sts::000000000000:assumed-role/` +
      `webExecutionRoleWithoutSecretAccess/${failedId} is not authorized to perform: secretsmanager:GetSecretValue ` +
      `on resource: ${secretArn} because no identity-based policy allows the secretsmanager:GetSecretValue action ` +
      'status code: 400, request id: ';
    assert.ok(reason!.startsWith(expected), reason);
    assert.match(reason!.slice(expected.length), /^[0-9a-f-]{36}$/);
    assert.match(
      out,
      /^ {5}likely cause: the execution role webExecutionRoleWithoutSecretAccess has no secretsmanager:GetSecretValue on the secret \(the permission may be on the task role\): allow it in the execution role's policy \[C1\]$/m,
    );
    assert.match(out, /→ STOPPED \(UserInitiated\), container exit code 143$/m);
    assert.match(
      out,
      new RegExp(`berth demo: done in [0-9.]+ s; berth stopped, state kept in ${state}$`, 'm'),
    );

    // A berth up on the kept state: ECS's API says what the demo printed, no task runs, and the password never showed.
    const berth = await startBerth({ state, taskCidr });
    const config = { endpoint: berth.endpoint, region: berth.region, credentials: berth.credentials };
    const ecs = new ECSClient(config);
    const secrets = new SecretsManagerClient(config);
    try {
      const { tasks } = await ecs.send(new DescribeTasksCommand({ tasks: arns }));
      assert.equal(tasks?.find((t) => t.taskArn === arns[1])?.stoppedReason, reason);
      assert.deepEqual((await ecs.send(new ListTasksCommand({ desiredStatus: 'RUNNING' }))).taskArns, []);
      const secret = await secrets.send(new GetSecretValueCommand({ SecretId: secretArn }));
      const { username, password } = JSON.parse(secret.SecretString!) as Record<string, string>;
      assert.equal(username, 'demo');
      assert.ok(password && password.length >= 16);
      assert.ok(!out.includes(password), 'the registry password is not in the output');
      assert.ok(!run.stderr.includes(password));
    } finally {
      ecs.destroy();
      secrets.destroy();
      await berth.stop({ removeState: true });
    }
  });

  test('without --state it runs on a temporary state dir and removes it', async () => {
    const before = new Set(readdirSync(tmpdir()).filter((name) => name.startsWith('berth-demo-')));
    const run = await demo();
    assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
    assert.match(run.stdout, /^berth demo: done in [0-9.]+ s; berth stopped, its state removed$/m);
    const left = readdirSync(tmpdir()).filter((name) => name.startsWith('berth-demo-') && !before.has(name));
    assert.deepEqual(left, []);
  });

  test('Ctrl-C while a task starts: the task and berth are stopped, no container is left, exit 130', async () => {
    const state = join(work, 'interrupted');
    const run = await demo(['--state', state], /^ {3}\$ aws ecs run-task .*web:1 /m);
    assert.equal(run.code, 130, `${run.stdout}\n${run.stderr}`);
    assert.match(run.stdout, /^ {3}✗ interrupted \(SIGINT\): stopping the tasks and berth$/m);
    assert.match(run.stdout, /^berth demo: interrupted in [0-9.]+ s; berth stopped, state kept in /m);
    const containers = spawnSync('runc', ['--root', join(state, 'runc'), 'list', '-q'], { encoding: 'utf8' });
    assert.equal(containers.status, 0, containers.stderr);
    assert.equal(containers.stdout.trim(), '');
  });

  test('--state must be a new or empty directory: the demo starts from a fresh state', async () => {
    const used = join(work, 'used');
    mkdirSync(used);
    writeFileSync(join(used, 'notes.txt'), 'mine');
    const run = await demo(['--state', used]);
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /the demo starts from a fresh state, and this directory is not empty/);
    assert.deepEqual(readdirSync(used), ['notes.txt']);
  });
});
