// `berth up` as users run it: the BUILT bin in a real process over real HTTP (`npm test` builds dist/ first), and
// the composition root in-process with a small service, to check what the wiring guarantees before the real
// services are registered.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { GetCallerIdentityCommand, GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { withOperations } from '../../src/aws/index.js';
import { type BerthConfig, compose, type Wiring } from '../../src/cli/compose.js';
import { berthBin, runBerth, startBerth, tempStateDir } from './berth-process.js';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function sts(
  endpoint: string,
  credentials: { accessKeyId: string; secretAccessKey: string },
  region = 'us-east-1',
) {
  return new STSClient({ endpoint, region, credentials, maxAttempts: 1 });
}

/** Whether anything accepts connections on the port. */
function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.on('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

const mode = (path: string) => statSync(path).mode & 0o777;

describe('berth up (built bin)', () => {
  test('listens, answers as AWS does, prints its env, keeps files private, and stops on SIGTERM', async () => {
    const berth = await startBerth();
    try {
      const { stateDir, credentials } = berth;
      assert.equal(berth.accountId, '000000000000');
      assert.equal(berth.region, 'us-east-1');
      assert.equal(berth.endpoint, `http://127.0.0.1:${berth.port}`);
      assert.match(berth.env.AWS_ENDPOINT_URL, /^https:\/\/localhost:\d+$/);
      assert.equal(mode(stateDir), 0o700);
      for (const file of [
        'master.key',
        'root-credentials.json',
        'berth.sqlite',
        'instance.json',
        'berth.log',
      ])
        assert.equal(mode(join(stateDir, file)), 0o600, file);
      assert.equal(statSync(join(stateDir, 'master.key')).size, 32);
      assert.match(credentials.accessKeyId, /^AKIA[A-Z2-7]{16}$/);
      assert.match(credentials.secretAccessKey, /^[A-Za-z0-9+/]{40}$/);
      for (const file of ['root-credentials.json', 'instance.json'])
        assert.ok(!readFileSync(join(stateDir, file), 'utf8').includes(credentials.secretAccessKey), file);

      const env = runBerth(['env', '--state', stateDir]);
      assert.equal(env.code, 0, env.stderr);
      assert.equal(
        env.stdout,
        // The HTTPS endpoint and its CA (the brief of the TLS listener): aws:SecureTransport as on AWS.
        `export AWS_ENDPOINT_URL=${berth.env.AWS_ENDPOINT_URL}\n` +
          `export AWS_CA_BUNDLE=${stateDir}/tls/ca.pem\nexport NODE_EXTRA_CA_CERTS=${stateDir}/tls/ca.pem\n` +
          `export AWS_ACCESS_KEY_ID=${credentials.accessKeyId}\n` +
          `export AWS_SECRET_ACCESS_KEY=${credentials.secretAccessKey}\nexport AWS_REGION=us-east-1\n` +
          'export AWS_DEFAULT_REGION=us-east-1\nunset AWS_SESSION_TOKEN\n',
      );

      // Signed with the root credentials of `berth env`: STS answers with the root identity.
      const identity = await sts(berth.endpoint, credentials).send(new GetCallerIdentityCommand({}));
      assert.equal(identity.Arn, 'arn:aws:iam::000000000000:root');
      assert.equal(identity.Account, '000000000000');

      // Unsigned: AWS's MissingAuthenticationToken (ref ecs-private-auth §3.3).
      const unsigned = await fetch(`${berth.endpoint}/`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'Action=GetCallerIdentity&Version=2011-06-15',
      });
      const text = await unsigned.text();
      assert.match(unsigned.headers.get('x-amzn-requestid') ?? '', uuid);
      assert.equal(unsigned.headers.get('content-type'), 'text/xml');
      assert.match(
        unsigned.headers.get('date') ?? '',
        /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} [\d:]{8} GMT$/,
      );
      assert.equal(unsigned.status, 403);
      assert.match(text, /<Code>MissingAuthenticationToken<\/Code>/);
    } finally {
      const exit = await berth.stop({ removeState: false });
      assert.deepEqual(exit, { code: 0, signal: null }, berth.output().stderr);
    }
    assert.equal(await portOpen(berth.port), false);
    const { stdout, stderr } = berth.output();
    assert.equal(stdout.split('\n').length, 2, `more than one line on stdout: ${stdout}`);
    assert.ok(!stderr.includes(berth.credentials.secretAccessKey), 'the secret reached stderr');
    assert.ok(
      !readFileSync(join(berth.stateDir, 'berth.log'), 'utf8').includes(berth.credentials.secretAccessKey),
    );
    assert.equal(existsSync(join(berth.stateDir, 'berth.lock')), false);
    assert.equal(existsSync(join(berth.stateDir, 'instance.json')), false);
    const after = runBerth(['env', '--state', berth.stateDir]);
    assert.equal(after.code, 3);
    assert.match(
      after.stderr,
      /^berth: berth is not running on the state dir .* \(start it with: berth up --state /,
    );
    rmSync(join(berth.stateDir, '..'), { recursive: true, force: true });
  });

  test('a second up on the same state dir is refused; SIGINT stops; a restart keeps the generated root credentials', async () => {
    const state = tempStateDir();
    const first = await startBerth({ state });
    let firstCredentials: typeof first.credentials;
    try {
      firstCredentials = first.credentials;
      const second = spawnSync(process.execPath, [berthBin, 'up', '--port', '0', '--state', state], {
        encoding: 'utf8',
        timeout: 20_000,
      });
      assert.equal(second.status, 3, second.stderr);
      assert.equal(second.stdout, '');
      assert.equal(
        second.stderr,
        `berth: the state dir ${state} is in use by another berth up (pid ${first.child.pid}); stop it first, ` +
          `or remove ${join(state, 'berth.lock')} if no berth is running\n`,
      );
    } finally {
      assert.deepEqual(await first.stop({ signal: 'SIGINT', removeState: false }), { code: 0, signal: null });
    }
    const restarted = await startBerth({ state });
    assert.deepEqual(restarted.credentials, firstCredentials);
    // kill -9 leaves the lock and the instance record behind: berth env says "not running", the next up starts.
    assert.equal((await restarted.stop({ signal: 'SIGKILL', removeState: false })).signal, 'SIGKILL');
    assert.equal(runBerth(['env', '--state', state]).code, 3);
    const again = await startBerth({ state });
    assert.deepEqual(again.credentials, firstCredentials);
    assert.equal((await again.stop({ removeState: false })).code, 0);
    rmSync(join(state, '..'), { recursive: true, force: true });
  });

  test('root credentials from the environment are used and not written to the state dir', async () => {
    const env = {
      BERTH_ROOT_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
      BERTH_ROOT_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG/bPxRfiCY'EXAMPLE",
    };
    const berth = await startBerth({ env, accountId: '111122223333', region: 'eu-west-1' });
    try {
      assert.deepEqual(berth.credentials, {
        accessKeyId: env.BERTH_ROOT_ACCESS_KEY_ID,
        secretAccessKey: env.BERTH_ROOT_SECRET_ACCESS_KEY,
      });
      assert.equal(berth.accountId, '111122223333');
      assert.equal(berth.env.AWS_REGION, 'eu-west-1');
      assert.equal(existsSync(join(berth.stateDir, 'root-credentials.json')), false);
      assert.ok(!readFileSync(join(berth.stateDir, 'instance.json'), 'utf8').includes("EXAMPLE'"));
      const printed = runBerth(['env', '--state', berth.stateDir]).stdout;
      assert.match(printed, /^export AWS_SECRET_ACCESS_KEY='wJalrXUtnFEMI\/K7MDENG\/bPxRfiCY'\\''EXAMPLE'$/m);
    } finally {
      assert.equal((await berth.stop()).code, 0);
    }
  });

  test('bad options exit 2; a taken port exits 3', async () => {
    const state = tempStateDir();
    const badAccount = runBerth(['up', '--account-id', '12', '--state', state]);
    assert.equal(badAccount.code, 2);
    assert.equal(badAccount.stderr, "berth: --account-id must be 12 digits, not '12'\n");
    assert.equal(runBerth(['up', '--port', '70000', '--state', state]).code, 2);
    assert.equal(runBerth(['up', '--region', 'Mars', '--state', state]).code, 2);
    const badSize = runBerth(['up', '--registry-max-blob-size', 'lots', '--state', state]);
    assert.equal(badSize.code, 2);
    assert.equal(
      badSize.stderr,
      "berth: --registry-max-blob-size must be a size such as 512MiB, 2GiB or a number of bytes, not 'lots'\n",
    );
    const berth = await startBerth();
    try {
      const taken = runBerth(['up', '--port', String(berth.port), '--state', state]);
      assert.equal(taken.code, 3);
      assert.match(taken.stderr, new RegExp(`^berth: port ${berth.port} on 127\\.0\\.0\\.1 is in use`));
      assert.equal(existsSync(join(state, 'berth.lock')), false, 'a failed start left its lock');
    } finally {
      await berth.stop();
      rmSync(join(state, '..'), { recursive: true, force: true });
    }
  });
});

describe('compose() in-process with a registered service', () => {
  const probe: Wiring = {
    parts: [
      {
        name: 'probe',
        build: () => ({
          services: [
            withOperations(
              {
                name: 'sts',
                signingName: 'sts',
                protocol: 'aws-query',
                version: '2011-06-15',
                xmlNamespace: 'https://sts.amazonaws.com/doc/2011-06-15/',
              },
              {
                GetCallerIdentity: {
                  authorize: 'none',
                  handler: async (ctx) => ({
                    UserId: ctx.caller.principal.userId,
                    Account: ctx.accountId,
                    Arn: ctx.caller.principal.arn,
                  }),
                },
                // Authorized by the gateway through the IAM authorizer: the root identity needs no policy.
                GetSessionToken: { authorize: () => '*', handler: async () => ({}) },
              },
            ),
          ],
        }),
      },
    ],
  };

  test('root is authenticated by SigV4, failures get AWS codes, and the access log names service and caller', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'berth-compose-'));
    const config: BerthConfig = {
      stateDir: join(dir, 'state'),
      port: 0,
      accountId: '111122223333',
      region: 'eu-west-1',
      rootEnv: {},
      logToStderr: false,
    };
    const running = await compose(config, probe);
    const root = {
      accessKeyId: running.rootCredentials.accessKeyId,
      secretAccessKey: running.rootCredentials.secretAccessKey.reveal(),
    };
    try {
      const identity = await sts(running.endpoint, root, 'eu-west-1').send(new GetCallerIdentityCommand({}));
      assert.equal(identity.Arn, 'arn:aws:iam::111122223333:root');
      assert.equal(identity.UserId, '111122223333');
      assert.equal(identity.Account, '111122223333');
      await sts(running.endpoint, root, 'eu-west-1').send(new GetSessionTokenCommand({}));
      const failures: Array<[typeof root, string, string]> = [
        [{ ...root, secretAccessKey: 'wrong' }, 'eu-west-1', 'SignatureDoesNotMatch'],
        [{ ...root, accessKeyId: 'AKIAUNKNOWNUNKNOWN00' }, 'eu-west-1', 'InvalidClientTokenId'],
        [root, 'us-east-1', 'SignatureDoesNotMatch'],
      ];
      for (const [credentials, region, code] of failures) {
        await assert.rejects(
          sts(running.endpoint, credentials, region).send(new GetCallerIdentityCommand({})),
          (e: Error) => e.name === code,
        );
      }
      await assert.rejects(
        compose(config, probe),
        (e: Error & { code?: string }) => e.code === 'BERTH_STATE_LOCKED',
      );
    } finally {
      await running.stop();
      await running.stop();
    }
    const log = readFileSync(join(config.stateDir, 'berth.log'), 'utf8');
    assert.ok(!log.includes(root.secretAccessKey), 'the root secret reached the log');
    const requests = log
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line))
      .filter((line) => line.msg === 'request');
    assert.deepEqual(
      requests.map(({ service, operation, status, callerArn, errorCode }) => ({
        service,
        operation,
        status,
        callerArn,
        errorCode,
      })),
      [
        {
          service: 'sts',
          operation: 'GetCallerIdentity',
          status: 200,
          callerArn: 'arn:aws:iam::111122223333:root',
          errorCode: undefined,
        },
        {
          service: 'sts',
          operation: 'GetSessionToken',
          status: 200,
          callerArn: 'arn:aws:iam::111122223333:root',
          errorCode: undefined,
        },
        {
          service: 'sts',
          operation: 'GetCallerIdentity',
          status: 403,
          callerArn: undefined,
          errorCode: 'SignatureDoesNotMatch',
        },
        {
          service: 'sts',
          operation: 'GetCallerIdentity',
          status: 403,
          callerArn: undefined,
          errorCode: 'InvalidClientTokenId',
        },
        {
          service: 'sts',
          operation: 'GetCallerIdentity',
          status: 403,
          callerArn: undefined,
          errorCode: 'SignatureDoesNotMatch',
        },
      ],
    );
    for (const line of requests) assert.match(line.requestId, uuid);
    rmSync(dir, { recursive: true, force: true });
  });
});
