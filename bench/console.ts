// npm run bench -- console: the console of a `berth up` holding 200 tasks of 20 services (issue 18):
//   render  — GET /console/ (the overview) with the session cookie: server time, all reads included, over loopback;
//             beside it the pure render of the same overview (views only, no reads);
//   live    — a task stopped through the API → the overview's change event (with its new content) arriving on an open
//             event stream: what a page waits for before it swaps its content in.
// Targets: overview < 300 ms, status change < 500 ms. berth runs in this process (compose, with the console part) on
// an agent that reports tasks RUNNING at once: the console's work is measured, not runc's. No peer: the AWS console is
// not local. Options: BENCH_RUNS (default 20), BENCH_SERVICES (20), BENCH_TASKS_PER_SERVICE (10). docs/benchmarks.md.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateServiceCommand,
  ECSClient,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  StopTaskCommand,
} from '@aws-sdk/client-ecs';
import { compose } from '../src/cli/compose.js';
import { consoleFiles, consolePart } from '../src/cli/control-plane/console-part.js';
import {
  ecsPart,
  iamStsPart,
  kmsSecretsPart,
  type ManagedTaskAgent,
} from '../src/cli/control-plane/index.js';
import { EcsReader } from '../src/console/ecs-reader.js';
import { overviewPage } from '../src/console/views/overview-view.js';
import type { TaskStateSink } from '../src/engines/ecs/index.js';
import { envNumber, median } from './bench-kit.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const runs = envNumber('BENCH_RUNS', 20);
const serviceCount = envNumber('BENCH_SERVICES', 20);
const perService = envNumber('BENCH_TASKS_PER_SERVICE', 10);
const total = serviceCount * perService;
const ms = (value: number) => `${value.toFixed(1)} ms`;
const p95 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.ceil(values.length * 0.95) - 1]!;

/** Reports every launched task PENDING, then RUNNING, and every stop STOPPED, on the next turn of the event loop. */
function instantAgent(): ManagedTaskAgent {
  let sink: TaskStateSink | undefined;
  let address = 2;
  const later = (job: (s: TaskStateSink) => void) => setImmediate(() => job(sink!));
  return {
    start: async (to) => {
      sink = to;
    },
    close: async () => undefined,
    launch: (task) =>
      later((s) => {
        s.submit({ taskArn: task.taskArn, lastStatus: 'PENDING' });
        const ip = `10.213.${Math.floor(address / 250)}.${(address++ % 250) + 2}`;
        s.submit({ taskArn: task.taskArn, lastStatus: 'RUNNING', privateIpv4Address: ip });
      }),
    stop: (taskArn, reason) =>
      later((s) => s.submit({ taskArn, lastStatus: 'STOPPED', stoppedReason: reason })),
  };
}

const dir = mkdtempSync(join(tmpdir(), 'berth-bench-console-'));
const stateDir = join(dir, 'state');
const berth = await compose(
  { stateDir, port: 0, accountId: '000000000000', region: 'us-east-1', rootEnv: {}, logToStderr: false },
  { parts: [iamStsPart, kmsSecretsPart, ecsPart({ agent: instantAgent }), consolePart()] },
);
const credentials = {
  accessKeyId: berth.rootCredentials.accessKeyId,
  secretAccessKey: berth.rootCredentials.secretAccessKey.reveal(),
};
const ecs = new ECSClient({ endpoint: berth.endpoint, region: berth.region, credentials });
try {
  await ecs.send(
    new RegisterTaskDefinitionCommand({
      family: 'bench',
      requiresCompatibilities: ['FARGATE'],
      networkMode: 'awsvpc',
      cpu: '256',
      memory: '512',
      containerDefinitions: [{ name: 'app', image: 'busybox', essential: true }],
    }),
  );
  const network = { awsvpcConfiguration: { subnets: ['subnet-0123456789abcdef0'] } };
  for (let i = 0; i < serviceCount; i++) {
    await ecs.send(
      new CreateServiceCommand({
        serviceName: `svc${i}`,
        taskDefinition: 'bench',
        desiredCount: perService,
        launchType: 'FARGATE',
        networkConfiguration: network,
      }),
    );
  }
  const running = async () => {
    const arns: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await ecs.send(new ListTasksCommand({ desiredStatus: 'RUNNING', nextToken }));
      arns.push(...(page.taskArns ?? []));
      nextToken = page.nextToken;
    } while (nextToken);
    return arns;
  };
  const deadline = Date.now() + 120_000;
  while ((await running()).length < total) {
    if (Date.now() > deadline) throw new Error('the services did not reach their tasks');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  // Sign in as a browser does: the printed URL's token for the session cookie.
  const files = consoleFiles(stateDir);
  const { url } = JSON.parse(readFileSync(files.address, 'utf8')) as { url: string };
  const token = readFileSync(files.token, 'utf8').trim();
  const signIn = await fetch(`${url}?token=${token}`, { redirect: 'manual' });
  const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;

  const renders: number[] = [];
  let size = 0;
  for (let i = 0; i < runs + 2; i++) {
    const started = performance.now();
    const response = await fetch(url, { headers: { cookie } });
    const body = await response.text();
    if (response.status !== 200 || !body.includes('svc19')) throw new Error(`overview: ${response.status}`);
    if (i >= 2) renders.push(performance.now() - started); // the first two load the console and warm the SDK
    size = body.length;
  }
  const reader = new EcsReader(ecs, () => {
    throw new Error('no load balancers here');
  });
  const overview = await reader.overview();
  const pure: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    overviewPage(overview);
    pure.push(performance.now() - started);
  }

  // The live feed: one open overview stream; each round stops a task and waits for the event naming it.
  const abort = new AbortController();
  const stream = await fetch(`${url.replace(/\/$/, '')}/events?view=overview`, {
    headers: { cookie },
    signal: abort.signal,
  });
  const decoder = new TextDecoder();
  const reading = stream.body!.getReader();
  let buffered = '';
  const waitFor = async (needle: string) => {
    while (!buffered.includes(needle)) {
      const { value, done } = await reading.read();
      if (done) throw new Error('the event stream ended');
      buffered += decoder.decode(value);
    }
    buffered = '';
  };
  await new Promise((resolve) => setTimeout(resolve, 500)); // the feed's first read is its baseline
  const latencies: number[] = [];
  const arns = await running();
  for (let i = 0; i < Math.min(runs, arns.length); i++) {
    const task = arns[i]!;
    const started = performance.now();
    await ecs.send(new StopTaskCommand({ task }));
    await waitFor(task);
    latencies.push(performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  abort.abort();

  console.log(
    `console overview: ${total} tasks of ${serviceCount} services, ${runs} runs, load ${loadavg()[0]!.toFixed(1)}`,
  );
  console.log(
    `  GET /console/ (reads + render): median ${ms(median(renders))}, p95 ${ms(p95(renders))}; page ${Math.round(size / 1024)} KiB   target < 300 ms`,
  );
  console.log(`  render only (views):            median ${ms(median(pure))}, p95 ${ms(p95(pure))}`);
  console.log(
    `  status change → event on page:  median ${ms(median(latencies))}, p95 ${ms(p95(latencies))} (${latencies.length} stops)   target < 500 ms`,
  );
} finally {
  ecs.destroy();
  await berth.stop();
  rmSync(dir, { recursive: true, force: true });
}
