// npm run bench -- secrets: GetSecretValue over HTTP with SigV4, as an execution-role session, of a secret
// encrypted with a customer managed KMS key (so every request is authenticated, authorized by IAM with a resource
// and a key policy, and decrypted through KMS as the caller). Several concurrent SDK clients in a second process;
// prints throughput and p50/p99 latency. Targets: ≥ 3,000 requests/s on 2 cores, p99 < 10 ms.
// Options: CONCURRENCY (default 8), DURATION_MS (default 5000). Cold start: npm run bench -- cold-start.
import { spawn } from 'node:child_process';
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { startBerth } from '../test/integ/berth-process.js';

// BENCH_BERTH_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=DIR") profiles the server side.
const nodeArgs = process.env['BENCH_BERTH_NODE_ARGS']?.split(' ').filter(Boolean);
const berth = await startBerth({ nodeArgs });
try {
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
  const load = spawn(
    process.execPath,
    ['--import', 'tsx', new URL('./secrets-load.ts', import.meta.url).pathname],
    {
      env: {
        ...process.env,
        ENDPOINT: berth.endpoint,
        REGION: berth.region,
        SECRET_ID: secret.ARN,
        AKID: c.AccessKeyId,
        SECRET: c.SecretAccessKey,
        TOKEN: c.SessionToken,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let out = '';
  load.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  const code = await new Promise<number | null>((resolve) => load.on('exit', resolve));
  if (code !== 0) throw new Error(`load generator exited ${code}`);
  const { requests, failures, seconds, latencies } = JSON.parse(out) as {
    requests: number;
    failures: number;
    seconds: number;
    latencies: number[];
  };
  if (failures > 0) throw new Error(`${failures} requests failed`);
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
  console.log(
    `GetSecretValue (SigV4, role session, IAM + resource/key policy, KMS envelope), node ${process.version}`,
  );
  console.log(
    `  concurrency ${process.env['CONCURRENCY'] ?? 8}, ${requests} requests in ${seconds.toFixed(1)} s`,
  );
  console.log(
    `  throughput ${Math.round(requests / seconds).toLocaleString('en-US')} requests/s (target ≥ 3,000)`,
  );
  console.log(`  latency p50 ${at(0.5).toFixed(2)} ms, p99 ${at(0.99).toFixed(2)} ms (target p99 < 10 ms)`);
} finally {
  await berth.stop();
}
