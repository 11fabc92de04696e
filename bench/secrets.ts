// npm run bench -- secrets: GetSecretValue over HTTP with SigV4, as an execution-role session, of a secret
// encrypted with a customer managed KMS key (so every request is authenticated, authorized by IAM with a resource
// and a key policy, and decrypted through KMS as the caller). Several concurrent clients in a second process
// (bench/secrets-load.ts); prints throughput and p50/p99 latency. Targets: ≥ 3,000 requests/s on 2 cores, p99 < 10 ms.
// The reference in the same run is a bare node:http server answering a fixed 200 (bench/bare-node-http.ts) under the
// same load generator: the floor of the machine, in alternating rounds with berth.
// Options: CONCURRENCY (default 8), DURATION_MS per round (default 5000), ROUNDS (default 1; the median round of
// each side is reported). Cold start: npm run bench -- cold-start.
import { type ChildProcess, spawn } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { startBerth } from '../test/integ/berth-process.js';
import { envNumber, median, recordResult } from './bench-kit.js';

interface Round {
  readonly requests: number;
  readonly seconds: number;
  readonly perSecond: number;
  readonly p50: number;
  readonly p99: number;
}

const concurrency = process.env['CONCURRENCY'] ?? '8';
const rounds = envNumber('ROUNDS', 1);
const loadAtStart = loadavg()[0]!;

// BENCH_BERTH_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=DIR") profiles the server side.
const nodeArgs = process.env['BENCH_BERTH_NODE_ARGS']?.split(' ').filter(Boolean);
const berth = await startBerth({ nodeArgs });
let bare: { endpoint: string; stop(): void } | undefined;
try {
  bare = await startBare();
  const config = { endpoint: berth.endpoint, region: berth.region, credentials: berth.credentials };
  const key = await new KMSClient(config).send(new CreateKeyCommand({}));
  const secret = await new SecretsManagerClient(config).send(
    new CreateSecretCommand({
      Name: 'registry/bench',
      SecretString: JSON.stringify({ username: 'bench', password: 'bench-password' }),
      KmsKeyId: key.KeyMetadata!.Arn,
    }),
  );
  const iam = new IAMClient(config);
  const trust = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: berth.accountId }, Action: 'sts:AssumeRole' }],
  };
  await iam.send(
    new CreateRoleCommand({ RoleName: 'exec', AssumeRolePolicyDocument: JSON.stringify(trust) }),
  );
  const policy = {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: secret.ARN },
      { Effect: 'Allow', Action: 'kms:Decrypt', Resource: key.KeyMetadata!.Arn },
    ],
  };
  await iam.send(
    new PutRolePolicyCommand({
      RoleName: 'exec',
      PolicyName: 'read',
      PolicyDocument: JSON.stringify(policy),
    }),
  );
  const session = await new STSClient(config).send(
    new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${berth.accountId}:role/exec`, RoleSessionName: 'bench' }),
  );
  const c = session.Credentials!;
  const signing = {
    REGION: berth.region,
    SECRET_ID: secret.ARN!,
    AKID: c.AccessKeyId!,
    SECRET: c.SecretAccessKey!,
    TOKEN: c.SessionToken!,
  };

  const berthRounds: Round[] = [];
  const bareRounds: Round[] = [];
  for (let round = 0; round < rounds; round++) {
    berthRounds.push(await load({ ENDPOINT: berth.endpoint, ...signing }));
    bareRounds.push(await load({ ENDPOINT: bare.endpoint, ...signing }));
  }
  const berthResult = medianRound(berthRounds);
  const bareResult = medianRound(bareRounds);

  console.log(
    `GetSecretValue (SigV4, role session, IAM + resource/key policy, KMS envelope), node ${process.version}, ` +
      `${availableParallelism()} CPUs, load average ${loadAtStart.toFixed(2)} at start`,
  );
  console.log(
    `  concurrency ${concurrency}, ${rounds} round(s) of ${berthResult.seconds.toFixed(1)} s per side, ` +
      `alternating; the median round of each side`,
  );
  console.log(`  berth           ${line(berthResult)}   (target ≥ 3,000 requests/s, p99 < 10 ms)`);
  recordResult({
    measure: 'GetSecretValue throughput',
    berth: `${Math.round(berthResult.perSecond)}/s, p99 ${berthResult.p99.toFixed(1)} ms`,
    peer: `${Math.round(bareResult.perSecond)}/s bare node:http`,
    ratio: `${(berthResult.perSecond / bareResult.perSecond).toFixed(2)} of the floor`,
    target: '≥ 3,000/s, p99 < 10 ms',
    met: berthResult.perSecond >= 3000 && berthResult.p99 < 10,
  });
  console.log(`  bare node:http  ${line(bareResult)}   (a fixed 200: this machine's floor)`);
  console.log(
    `  berth ÷ bare node:http: ${(berthResult.perSecond / bareResult.perSecond).toFixed(2)} of the throughput`,
  );
} finally {
  bare?.stop();
  await berth.stop();
}

/** One round of the load generator against `env.ENDPOINT`; every request must succeed. */
async function load(env: Record<string, string>): Promise<Round> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', new URL('./secrets-load.ts', import.meta.url).pathname],
    { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`load generator exited ${code}`);
  const { requests, failures, firstFailure, seconds, latencies } = JSON.parse(out) as {
    requests: number;
    failures: number;
    firstFailure?: string;
    seconds: number;
    latencies: number[];
  };
  if (failures > 0)
    throw new Error(`${failures} requests failed against ${env['ENDPOINT']}: ${firstFailure}`);
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
  return { requests, seconds, perSecond: requests / seconds, p50: at(0.5), p99: at(0.99) };
}

function medianRound(all: Round[]): Round {
  const middle = median(all.map((round) => round.perSecond));
  return all.reduce((best, round) =>
    Math.abs(round.perSecond - middle) < Math.abs(best.perSecond - middle) ? round : best,
  );
}

function line(round: Round): string {
  const rate = Math.round(round.perSecond).toLocaleString('en-US').padStart(6);
  return `${rate} requests/s, p50 ${round.p50.toFixed(2)} ms, p99 ${round.p99.toFixed(2)} ms`;
}

/** The reference server in its own process, as berth is. */
async function startBare(): Promise<{ endpoint: string; stop(): void }> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', new URL('./bare-node-http.ts', import.meta.url).pathname],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const port = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve(out.trim());
    });
    child.on('exit', (code) => reject(new Error(`bare node:http server exited ${code}`)));
  });
  return { endpoint: `http://127.0.0.1:${port}`, stop: () => child.kill('SIGTERM') };
}
