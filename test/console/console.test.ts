// The berth console in a real browser (Debian's chromium through playwright-core) against a real `berth up` with runc
// tasks: the token guard, the overview, live status changes, a failed task's explanation and policy decision, the
// logs tail, the actions and their CSRF token, and a scan of everything the browser received for the registry
// password and the secret values. BERTH_CONSOLE_SCREENSHOTS=<dir> saves the main pages (docs/console/).
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  CreateServiceCommand,
  DescribeServicesCommand,
  DescribeTasksCommand,
  ListTasksCommand,
  RunTaskCommand,
  StopTaskCommand,
} from '@aws-sdk/client-ecs';
import { PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { allowGetSecret, type PrivateImage, webContainer } from '../e2e/support/ecs-world.js';
import { type ConsoleWorld, startConsoleWorld, streamText } from './console-world.js';

let world: ConsoleWorld;
let app: PrivateImage;
let origin: string;
const registryPassword = 'cons-registry-pw';
const secretValue = 'sv-Console-Never-Shows-This-7Qx';
const service = 'shop';
// The default VPC's subnet: ECS refuses subnets EC2 does not have, as on AWS.
const network = () => ({ awsvpcConfiguration: { subnets: [world.ecs.subnet] } });
const shots = process.env.BERTH_CONSOLE_SCREENSHOTS;

async function screenshot(name: string): Promise<void> {
  if (!shots) return;
  mkdirSync(shots, { recursive: true });
  await world.page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
}

async function runTask(family: string): Promise<string> {
  const ran = await world.ecs.ecs.send(
    new RunTaskCommand({ taskDefinition: family, launchType: 'FARGATE', networkConfiguration: network() }),
  );
  const arn = ran.tasks?.[0]?.taskArn;
  assert.ok(arn, JSON.stringify(ran.failures));
  return arn;
}

const idOf = (arn: string) => arn.split('/').pop()!;

before(async () => {
  world = await startConsoleWorld();
  app = await world.ecs.privateWebImage('cons');
  const dbSecret = await world.ecs.createSecret('app/db', secretValue);
  await world.ecs.iam.send(
    new PutRolePolicyCommand({
      RoleName: 'consExecution',
      PolicyName: 'inline',
      PolicyDocument: allowGetSecret([app.secretArn, dbSecret]),
    }),
  );
  await world.ecs.registerFargate(
    'shop',
    [
      {
        ...webContainer(app.image, app.secretArn),
        secrets: [{ name: 'DB_PASSWORD', valueFrom: dbSecret }],
        environment: [{ name: 'MODE', value: 'demo' }],
      },
    ],
    { execution: app.executionRoleArn },
  );
  // A task that stays PENDING for seconds, whatever the machine's speed: its web container waits for the gate
  // container to be HEALTHY (dependsOn), and the gate's health check passes only after its first interval (5 s).
  await world.ecs.registerFargate(
    'gated',
    [
      {
        name: 'gate',
        image: app.image,
        essential: false,
        repositoryCredentials: { credentialsParameter: app.secretArn },
        command: ['sh', '-c', 'sleep 1; touch /tmp/ready; exec sleep 3600'],
        healthCheck: { command: ['CMD-SHELL', 'test -f /tmp/ready'], interval: 5, timeout: 2, retries: 1 },
      },
      {
        ...webContainer(app.image, app.secretArn),
        dependsOn: [{ containerName: 'gate', condition: 'HEALTHY' }],
      },
    ],
    { execution: app.executionRoleArn },
  );
  await world.ecs.ecs.send(
    new CreateServiceCommand({
      serviceName: service,
      taskDefinition: 'shop',
      desiredCount: 1,
      launchType: 'FARGATE',
      networkConfiguration: network(),
    }),
  );
  origin = new URL(world.printUrl().trim()).origin;
});

after(async () => {
  await world?.close();
});

describe('the berth console', () => {
  test('without the token nothing of the account is answered', async () => {
    const paths = [
      '/console/',
      '/console/events',
      '/console/secrets',
      '/console/registry',
      `/console/clusters/default/services/${service}`,
    ];
    for (const path of paths) {
      const response = await fetch(`${origin}${path}`);
      assert.equal(response.status, 401, path);
      const text = await response.text();
      assert.doesNotMatch(text, /arn:aws|shop|registry\/cons|000000000000/, path);
    }
    const wrong = await fetch(`${origin}/console/?token=not-the-token`, { redirect: 'manual' });
    assert.equal(wrong.status, 401);
    assert.equal(wrong.headers.get('set-cookie'), null);
    const post = await fetch(`${origin}/console/clusters/default/services/${service}/desired-count`, {
      method: 'POST',
      body: new URLSearchParams({ desiredCount: '0' }),
    });
    assert.equal(post.status, 401);
  });

  test('the printed URL signs in: an HttpOnly, SameSite=Strict cookie, and the token leaves the address bar', async () => {
    const url = world.printUrl();
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/console\/\?token=[A-Za-z0-9_-]{43}\n$/);
    const response = await world.page.goto(url.trim());
    assert.equal(response?.status(), 200);
    assert.equal(world.page.url(), `${origin}/console/`);
    const [cookie] = await world.context.cookies();
    assert.equal(cookie?.httpOnly, true);
    assert.equal(cookie?.sameSite, 'Strict');
    const csp = response?.headers()['content-security-policy'] ?? '';
    assert.match(csp, /script-src 'self'/);
    assert.match(csp, /frame-ancestors 'none'/);
  });

  test('the overview lists the running service and its task', async () => {
    const page = world.page;
    await page
      .locator('tr[data-service="shop"]')
      .getByText('1', { exact: true })
      .nth(1)
      .waitFor({ timeout: 30_000 });
    const row = page.locator('tr[data-service="shop"]');
    assert.match((await row.textContent()) ?? '', /shop\s*default\s*ACTIVE\s*1\s*1\s*0/);
    await page.locator('tr[data-task] .status-running').first().waitFor();
    assert.match(
      (await page.locator('tr[data-task]').first().textContent()) ?? '',
      /shop:1.*RUNNING.*service:shop/s,
    );
    await screenshot('overview');
  });

  test('a task started while the page is open goes PENDING → RUNNING on screen without a reload', async () => {
    const page = world.page;
    await page.evaluate(() => {
      (globalThis as unknown as { notReloaded: boolean }).notReloaded = true;
    });
    const arn = await runTask('gated');
    const id = idOf(arn);
    const seen: string[] = [];
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const status = await page
        .locator(`tr[data-task="${id}"] .status`)
        .first()
        .textContent({ timeout: 50 })
        .catch(() => undefined);
      if (status && seen.at(-1) !== status) seen.push(status);
      if (status === 'RUNNING') break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.equal(seen.at(-1), 'RUNNING', `statuses seen: ${seen.join(' → ')}`);
    assert.ok(
      seen.length >= 2 && /PROVISIONING|PENDING|ACTIVATING/.test(seen[0]!),
      `statuses seen: ${seen.join(' → ')}`,
    );
    assert.equal(
      await page.evaluate(() => (globalThis as unknown as { notReloaded?: boolean }).notReloaded),
      true,
    );
  });

  test('a stopped task shows as stopping on the page without a reload', async () => {
    const page = world.page;
    const { taskArns } = await world.ecs.ecs.send(new ListTasksCommand({ serviceName: service }));
    const arn = taskArns![0]!;
    // The desired-status column turns STOPPED; the latency itself is measured by `npm run bench -- console`.
    await world.ecs.ecs.send(new StopTaskCommand({ task: arn }));
    await page
      .locator(`tr[data-task="${idOf(arn)}"] td:nth-of-type(3)`)
      .getByText('STOPPED')
      .waitFor({ timeout: 10_000 });
    assert.equal(
      await page.evaluate(() => (globalThis as unknown as { notReloaded?: boolean }).notReloaded),
      true,
    );
  });

  test('the task-role mistake: ResourceInitializationError, the explanation naming the execution role, the policy decision', async () => {
    const secret = await world.ecs.createSecret(
      'registry/c1',
      JSON.stringify({ username: 'cons', password: registryPassword }),
    );
    const execution = await world.ecs.createRole('c1Execution');
    const taskRole = await world.ecs.createRole('c1TaskRole', allowGetSecret(secret));
    await world.ecs.registerFargate(
      'c1',
      [
        {
          name: 'app',
          image: app.image,
          essential: true,
          repositoryCredentials: { credentialsParameter: secret },
        },
      ],
      {
        execution,
        task: taskRole,
      },
    );
    const task = await world.ecs.runAndSettle('c1');
    assert.equal(task.lastStatus, 'STOPPED');
    await world.page.goto(`${origin}/console/clusters/default/tasks/${idOf(task.taskArn!)}`);
    const reason = (await world.page.locator('#stopped-reason').textContent()) ?? '';
    assert.match(reason, /^ResourceInitializationError: unable to pull secrets or registry auth/);
    const cause = (await world.page.locator('#likely-cause').textContent()) ?? '';
    assert.match(cause, /\[C1\].*the execution role c1Execution has no secretsmanager:GetSecretValue/);
    const decision = (await world.page.locator('#policy-decision').textContent()) ?? '';
    assert.match(decision, /arn:aws:iam::000000000000:role\/c1Execution/);
    assert.match(decision, /secretsmanager:GetSecretValue/);
    assert.ok(decision.includes(secret));
    assert.match(decision, /ImplicitDeny/);
    assert.match(decision, /"Effect": "Allow"/);
    await screenshot('task-failed');
    // The overview lists it among the latest failures, with the explanation.
    await world.page.goto(`${origin}/console/`);
    assert.match((await world.page.locator('.failures').textContent()) ?? '', /\[C1\]/);
  });

  test('the logs tail live; the environment masks the secret-sourced value', async () => {
    await world.ecs.registerFargate(
      'ticker',
      [
        {
          name: 'tick',
          image: app.image,
          essential: true,
          repositoryCredentials: { credentialsParameter: app.secretArn },
          command: ['sh', '-c', 'i=0; while :; do echo tick $i; i=$((i+1)); sleep 0.3; done'],
        },
      ],
      { execution: app.executionRoleArn },
    );
    const task = await world.ecs.runAndSettle('ticker');
    assert.equal(task.lastStatus, 'RUNNING', task.stoppedReason);
    await world.page.goto(`${origin}/console/clusters/default/tasks/${idOf(task.taskArn!)}`);
    // The agent's pull report: each layer of the image, downloaded or found in the store.
    const pull = (await world.page.locator('section[aria-labelledby="pull-h"]').textContent()) ?? '';
    assert.match(pull, /tick\s*sha256:[0-9a-f]{64}\s*(complete|exists)/);
    const logs = world.page.locator('#logs');
    await logs.getByText('tick 1', { exact: false }).first().waitFor({ timeout: 10_000 });
    const before = (await logs.textContent()) ?? '';
    const last = Math.max(...[...before.matchAll(/tick (\d+)/g)].map((m) => Number(m[1])));
    await logs.getByText(`tick ${last + 3}`).waitFor({ timeout: 10_000 });
    await screenshot('task-running');
    // Its Stop button: the action sends StopTask.
    await world.page.getByRole('button', { name: 'Stop task' }).click();
    await world.page.getByRole('status').getByText('StopTask sent.').waitFor();
    const { tasks } = await world.ecs.ecs.send(new DescribeTasksCommand({ tasks: [task.taskArn!] }));
    assert.equal(tasks?.[0]?.desiredStatus, 'STOPPED');
  });

  test('the environment shows plain values and masks the secret-sourced one', async () => {
    const { taskArns } = await world.ecs.ecs.send(new ListTasksCommand({ serviceName: service }));
    await world.page.goto(`${origin}/console/clusters/default/tasks/${idOf(taskArns![0]!)}`);
    const env = (await world.page.locator('section[aria-labelledby="env-h"]').textContent()) ?? '';
    assert.match(env, /MODE\s*demo/);
    assert.match(env, /DB_PASSWORD\s*•+ \(from arn:aws:secretsmanager:/);
  });

  test('scaling needs the session’s CSRF token; with it the form sets the desired count', async () => {
    const serviceUrl = `${origin}/console/clusters/default/services/${service}`;
    await world.page.goto(serviceUrl);
    // The browser's cookie, without the form's token: refused, and nothing changes.
    const forged = await world.page.request.post(`${serviceUrl}/desired-count`, {
      form: { desiredCount: '5' },
    });
    assert.equal(forged.status(), 403);
    const wrong = await world.page.request.post(`${serviceUrl}/desired-count`, {
      form: { desiredCount: '5', csrf: 'guess' },
    });
    assert.equal(wrong.status(), 403);
    const described = async () =>
      (await world.ecs.ecs.send(new DescribeServicesCommand({ services: [service] }))).services![0]!;
    assert.equal((await described()).desiredCount, 1);
    await world.page.getByLabel('Desired count').fill('2');
    await world.page.getByRole('button', { name: 'Set desired count' }).click();
    await world.page.getByRole('status').getByText('Desired count set to 2.').waitFor();
    assert.equal((await described()).desiredCount, 2);
    await world.page.getByRole('button', { name: 'Force new deployment' }).click();
    await world.page.getByRole('status').getByText('A new deployment was started.').waitFor();
    assert.ok((await described()).deployments!.length >= 1);
    await screenshot('service');
    // The doctor's live check of the service's task definition, as `berth doctor --task-definition shop:1`.
    await world.page.getByRole('button', { name: 'Run the doctor on its task definition' }).click();
    await world.page.getByRole('heading', { name: 'Doctor: shop:1' }).waitFor({ timeout: 60_000 });
    assert.match(
      (await world.page.locator('main').textContent()) ?? '',
      /No findings: the chain holds\.|Findings/,
    );
  });

  test('secrets and the registry: metadata and who may read, never a value', async () => {
    await world.page.goto(`${origin}/console/secrets`);
    const secrets = (await world.page.locator('main').textContent()) ?? '';
    assert.match(secrets, /registry\/cons/);
    assert.match(secrets, /app\/db.*consExecution/s);
    await screenshot('secrets');
    await world.page.goto(`${origin}/console/registry`);
    const registry = (await world.page.locator('main').textContent()) ?? '';
    assert.match(registry, /cons\/web\s*latest\s*sha256:[0-9a-f]{64}/);
    await screenshot('registry');
  });

  test('the registry password and the secret values appear in no response, no event stream, no console message', async () => {
    const cookie = (await world.context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    const { taskArns } = await world.ecs.ecs.send(new ListTasksCommand({ serviceName: service }));
    const streams = [
      await streamText(`${origin}/console/events`, cookie, 600),
      await streamText(`${origin}/console/clusters/default/tasks/${idOf(taskArns![0]!)}/logs`, cookie, 600),
    ];
    const everything = [...world.bodies, ...streams, ...world.messages];
    assert.ok(world.bodies.length > 10, `${world.bodies.length} bodies recorded`);
    for (const needle of [registryPassword, 'cons-registry-pw', secretValue]) {
      const found = everything.filter((text) => text.includes(needle));
      assert.deepEqual(found, [], `${needle} reached the browser`);
    }
  });
});
