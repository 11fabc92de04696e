// ELBv2 against a real `berth up` (ref ecs-services-elb-logs §4): the AWS CLI (`aws elbv2 …`) and the SDK over
// HTTP; the listener answers on 127.0.0.1 and at its DNS name (curl, no --resolve); ELB's error codes on the wire;
// listeners close when berth up stops and listen again when it starts on the same state.
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import {
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { type BerthProcess, startBerth, tempStateDir } from './berth-process.js';
import { callOperation } from './support/aws-wire-client.js';
import { freePort } from './support/system-tools.js';

const aws = existsSync('/usr/bin/aws') ? '/usr/bin/aws' : 'aws';
const state = tempStateDir();
let berth: BerthProcess;
const app = createServer((req, res) => res.end(`app ${req.url}`));
let appPort = 0;

// biome-ignore lint/suspicious/noExplicitAny: the CLI's JSON output, read field by field by the assertions
function cli(...args: string[]): { code: number | null; json: any; stderr: string } {
  const run = spawnSync(aws, ['elbv2', ...args, '--endpoint-url', berth.endpoint, '--output', 'json'], {
    encoding: 'utf8',
    timeout: 60_000,
    env: {
      PATH: process.env.PATH,
      HOME: berth.stateDir,
      AWS_ACCESS_KEY_ID: berth.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: berth.credentials.secretAccessKey,
      AWS_DEFAULT_REGION: berth.region,
      AWS_MAX_ATTEMPTS: '1',
      AWS_PAGER: '',
    },
  });
  return {
    code: run.status,
    json: run.stdout.trim() ? JSON.parse(run.stdout) : undefined,
    stderr: run.stderr,
  };
}

function get(port: number, path = '/'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const out = request({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    out.on('error', reject);
    out.end();
  });
}

before(async () => {
  await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
  appPort = (app.address() as AddressInfo).port;
  berth = await startBerth({ state });
});

after(async () => {
  await berth?.stop();
  app.close();
  rmSync(state, { recursive: true, force: true });
});

let listenerPort = 0;
let dnsName = '';

test('aws elbv2: load balancer, target group, listener, targets; healthy; curl to the DNS name', async () => {
  const lb = cli('create-load-balancer', '--name', 'web', '--subnets', 'subnet-1', 'subnet-2');
  assert.equal(lb.code, 0, lb.stderr);
  dnsName = lb.json.LoadBalancers[0].DNSName;
  assert.match(dnsName, /^web-\d+\.us-east-1\.elb\.localhost$/);
  const tg = cli(
    'create-target-group',
    '--name',
    'app',
    '--protocol',
    'HTTP',
    '--port',
    String(appPort),
    '--target-type',
    'ip',
    '--vpc-id',
    'vpc-1',
  );
  assert.equal(tg.code, 0, tg.stderr);
  const tgArn: string = tg.json.TargetGroups[0].TargetGroupArn;
  listenerPort = await freePort();
  const listener = cli(
    'create-listener',
    '--load-balancer-arn',
    lb.json.LoadBalancers[0].LoadBalancerArn,
    '--protocol',
    'HTTP',
    '--port',
    String(listenerPort),
    '--default-actions',
    `Type=forward,TargetGroupArn=${tgArn}`,
  );
  assert.equal(listener.code, 0, listener.stderr);
  assert.equal((await get(listenerPort)).status, 503);
  const registered = cli(
    'register-targets',
    '--target-group-arn',
    tgArn,
    '--targets',
    `Id=127.0.0.1,Port=${appPort}`,
  );
  assert.equal(registered.code, 0, registered.stderr);
  const elb = new ElasticLoadBalancingV2Client({
    endpoint: berth.endpoint,
    region: berth.region,
    credentials: berth.credentials,
    maxAttempts: 1,
  });
  const deadline = Date.now() + 10_000;
  let state: string | undefined;
  while (state !== 'healthy' && Date.now() < deadline) {
    const health = await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: tgArn }));
    state = health.TargetHealthDescriptions?.[0]?.TargetHealth?.State;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.equal(state, 'healthy');
  assert.equal((await get(listenerPort, '/hello')).body, 'app /hello');
  const curl = await promisify(execFile)('curl', [
    '-s',
    '--max-time',
    '5',
    `http://${dnsName}:${listenerPort}/curl`,
  ]);
  assert.equal(curl.stdout, 'app /curl');
});

test('errors: the CLI prints ELB code and text; the wire carries the awsQueryError code', async () => {
  const missing = cli('describe-load-balancers', '--names', 'nope');
  assert.notEqual(missing.code, 0);
  assert.match(
    missing.stderr,
    /\(LoadBalancerNotFound\) when calling the DescribeLoadBalancers operation.*: One or more load balancers not found/,
  );
  const wire = await callOperation(
    { endpoint: berth.endpoint, region: berth.region, credentials: berth.credentials },
    {
      name: 'elbv2',
      signingName: 'elasticloadbalancing',
      protocol: 'aws-query',
      version: '2015-12-01',
      xmlNamespace: '',
    },
    'DescribeTargetGroups',
    { Names: ['nope'] },
  );
  assert.equal(wire.status, 400);
  assert.match(
    wire.body,
    /^<ErrorResponse xmlns="http:\/\/elasticloadbalancing\.amazonaws\.com\/doc\/2015-12-01\/"><Error><Type>Sender<\/Type><Code>TargetGroupNotFound<\/Code><Message>One or more target groups not found<\/Message><\/Error>/,
  );
});

test('berth up stops: nothing listens; starts again on the same state: the listener is back', async () => {
  await berth.stop({ removeState: false });
  await assert.rejects(get(listenerPort), { code: 'ECONNREFUSED' });
  berth = await startBerth({ state });
  const deadline = Date.now() + 10_000;
  let answer = await get(listenerPort, '/again');
  while (answer.status !== 200 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    answer = await get(listenerPort, '/again');
  }
  assert.equal(answer.body, 'app /again');
});
