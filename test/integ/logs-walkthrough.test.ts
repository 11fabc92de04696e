// CloudWatch Logs over HTTP against a real `berth up`: the AWS SDK writes and reads, the AWS CLI's
// `filter-log-events` and `logs tail --follow` read the same events (ref ecs-services-elb-logs §7.2, §7.3), and the
// data survives a restart. Debian's awscli 2.9 ignores AWS_ENDPOINT_URL, so every call passes --endpoint-url.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
  PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { awsCliEnv, type BerthProcess, startBerth } from './berth-process.js';

const aws = existsSync('/usr/bin/aws') ? '/usr/bin/aws' : 'aws';
const group = '/ecs/web';
const stream = 'web/web/0123456789abcdef';

describe('CloudWatch Logs through the SDK and the AWS CLI', () => {
  let berth: BerthProcess;
  const logs = () =>
    new CloudWatchLogsClient({
      endpoint: berth.endpoint,
      region: berth.region,
      credentials: berth.credentials,
      maxAttempts: 1,
    });
  const cliEnv = () => awsCliEnv(berth);
  const put = (...messages: string[]) =>
    logs().send(
      new PutLogEventsCommand({
        logGroupName: group,
        logStreamName: stream,
        logEvents: messages.map((message) => ({ timestamp: Date.now(), message })),
      }),
    );

  before(async () => {
    berth = await startBerth();
  });
  after(async () => {
    await berth?.stop();
  });

  test('the SDK creates, writes and reads a stream', async () => {
    await logs().send(new CreateLogGroupCommand({ logGroupName: group }));
    await logs().send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: stream }));
    await put('listening on :8080', 'ERROR upstream timed out');
    const { events } = await logs().send(
      new GetLogEventsCommand({ logGroupName: group, logStreamName: stream, startFromHead: true }),
    );
    assert.deepEqual(
      events!.map((e) => e.message),
      ['listening on :8080', 'ERROR upstream timed out'],
    );
  });

  test('aws logs filter-log-events finds the term', () => {
    const run = spawnSync(
      aws,
      [
        'logs',
        'filter-log-events',
        '--log-group-name',
        group,
        '--filter-pattern',
        'ERROR',
        '--endpoint-url',
        berth.endpoint,
        '--output',
        'json',
      ],
      { encoding: 'utf8', timeout: 60_000, env: cliEnv() },
    );
    assert.equal(run.status, 0, run.stderr);
    const out = JSON.parse(run.stdout);
    assert.deepEqual(
      out.events.map((e: { message: string; logStreamName: string }) => [e.logStreamName, e.message]),
      [[stream, 'ERROR upstream timed out']],
    );
  });

  test('aws logs tail --follow prints the lines there are, then the ones that come', async () => {
    const tail = spawn(
      aws,
      [
        'logs',
        'tail',
        group,
        '--follow',
        '--since',
        '1h',
        '--format',
        'short',
        '--endpoint-url',
        berth.endpoint,
      ],
      // Python buffers a pipe's output: unbuffered, each line reaches the test as the CLI prints it.
      { env: { ...cliEnv(), PYTHONUNBUFFERED: '1' } },
    );
    let out = '';
    let err = '';
    tail.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
    });
    tail.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString('utf8');
    });
    const seen = async (text: string) => {
      for (let i = 0; i < 200 && !out.includes(text); i++) await new Promise((r) => setTimeout(r, 100));
      assert.ok(out.includes(text), `tail printed ${JSON.stringify(text)}; stdout ${out} stderr ${err}`);
    };
    try {
      await seen('listening on :8080');
      await put('a line written while following');
      // The CLI polls every 5 seconds (ref ecs-services-elb-logs §7.3).
      await seen('a line written while following');
      assert.equal(out.split('listening on :8080').length, 2, 'no line is printed twice');
    } finally {
      tail.kill('SIGTERM');
    }
  });

  test('the events survive a restart', async () => {
    const state = berth.stateDir;
    assert.equal((await berth.stop({ removeState: false })).code, 0);
    berth = await startBerth({ state });
    const { events } = await logs().send(new FilterLogEventsCommand({ logGroupName: group }));
    assert.equal(events!.length, 3);
  });
});
