// PutLogEvents, GetLogEvents and FilterLogEvents in process through the AWS SDK (ref ecs-services-elb-logs §7.2,
// §7.3): the batch rules, both reading directions with their tokens, filter patterns, pages, retention on read.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  type CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
  PutLogEventsCommand,
  PutRetentionPolicyCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { logsHarness } from '../../testing/logs-fixtures.js';
import { sdkError } from '../../testing/sdk-error.js';

const hour = 3_600_000;
const day = 24 * hour;

async function withStreams(...streams: string[]) {
  // Real signature time: a test moves the services' clock by days.
  const h = logsHarness({ signatureClock: 'real' });
  await h.logs.send(new CreateLogGroupCommand({ logGroupName: '/ecs/web' }));
  for (const name of streams)
    await h.logs.send(new CreateLogStreamCommand({ logGroupName: '/ecs/web', logStreamName: name }));
  return h;
}

function put(logs: CloudWatchLogsClient, stream: string, events: { timestamp: number; message: string }[]) {
  return logs.send(
    new PutLogEventsCommand({ logGroupName: '/ecs/web', logStreamName: stream, logEvents: events }),
  );
}

test('PutLogEvents: the token is ignored; too old, expired and too new events are reported by index, the rest kept', async () => {
  const { logs, clock } = await withStreams('s');
  const now = clock.now().getTime();
  const ok = await logs.send(
    new PutLogEventsCommand({
      logGroupName: '/ecs/web',
      logStreamName: 's',
      sequenceToken: 'anything at all',
      logEvents: [{ timestamp: now, message: 'one' }],
    }),
  );
  assert.equal(ok.rejectedLogEventsInfo, undefined);
  assert.match(ok.nextSequenceToken!, /^[0-9]{56}$/);
  // The batch spans at most 24 hours, so the too-old case is its own batch.
  const old = await put(logs, 's', [
    { timestamp: now - 15 * day, message: 'old' },
    { timestamp: now - 15 * day + 1, message: 'old too' },
  ]);
  assert.deepEqual(old.rejectedLogEventsInfo, { tooOldLogEventEndIndex: 1 });
  const mixed = await put(logs, 's', [
    { timestamp: now + 1, message: 'two' },
    { timestamp: now + 3 * hour, message: 'future' },
  ]);
  assert.deepEqual(mixed.rejectedLogEventsInfo, { tooNewLogEventStartIndex: 1 });
  await logs.send(new PutRetentionPolicyCommand({ logGroupName: '/ecs/web', retentionInDays: 1 }));
  const expired = await put(logs, 's', [
    { timestamp: now - day - hour, message: 'expired' },
    { timestamp: now - hour, message: 'three' },
  ]);
  assert.deepEqual(expired.rejectedLogEventsInfo, { expiredLogEventEndIndex: 0 });
  const { events } = await logs.send(
    new GetLogEventsCommand({ logGroupName: '/ecs/web', logStreamName: 's', startFromHead: true }),
  );
  assert.deepEqual(
    events!.map((e) => e.message),
    ['three', 'one', 'two'],
  );
  assert.ok(events![1]!.ingestionTime! >= now && events![1]!.ingestionTime! <= events![0]!.ingestionTime!);
});

test('PutLogEvents: out of order, over 24 hours, missing stream: InvalidParameter / ResourceNotFound, nothing stored', async () => {
  const { logs, clock } = await withStreams('s');
  const now = clock.now().getTime();
  const unordered = await sdkError(
    put(logs, 's', [
      { timestamp: now, message: 'b' },
      { timestamp: now - 1, message: 'a' },
    ]),
  );
  assert.equal(unordered.name, 'InvalidParameterException');
  const span = await sdkError(
    put(logs, 's', [
      { timestamp: now - 2 * day, message: 'a' },
      { timestamp: now, message: 'b' },
    ]),
  );
  assert.equal(span.name, 'InvalidParameterException');
  assert.deepEqual(await sdkError(put(logs, 'nope', [{ timestamp: now, message: 'x' }])), {
    name: 'ResourceNotFoundException',
    message: 'The specified log stream does not exist.',
    status: 400,
  });
  const empty = await sdkError(put(logs, 's', [{ timestamp: now, message: '' }]));
  assert.equal(empty.name, 'ValidationException');
  const read = await logs.send(new GetLogEventsCommand({ logGroupName: '/ecs/web', logStreamName: 's' }));
  assert.deepEqual(read.events, []);
});

test('GetLogEvents: latest first by default, forward and backward tokens, the same token at the end', async () => {
  const { logs, clock } = await withStreams('s');
  const now = clock.now().getTime();
  await put(
    logs,
    's',
    [1, 2, 3].map((i) => ({ timestamp: now + i, message: `m${i}` })),
  );
  await put(
    logs,
    's',
    [4, 5].map((i) => ({ timestamp: now + i, message: `m${i}` })),
  );
  const read = (extra: object) =>
    logs.send(new GetLogEventsCommand({ logGroupName: '/ecs/web', logStreamName: 's', ...extra }));
  const tail = await read({ limit: 2 });
  assert.deepEqual(
    tail.events!.map((e) => e.message),
    ['m4', 'm5'],
  );
  assert.match(tail.nextForwardToken!, /^f\/[0-9]{56}$/);
  assert.match(tail.nextBackwardToken!, /^b\/[0-9]{56}$/);
  const back = await read({ limit: 2, nextToken: tail.nextBackwardToken });
  assert.deepEqual(
    back.events!.map((e) => e.message),
    ['m2', 'm3'],
  );
  const end = await read({ nextToken: tail.nextForwardToken });
  assert.deepEqual(end.events, []);
  assert.equal(end.nextForwardToken, tail.nextForwardToken);
  await put(logs, 's', [{ timestamp: now + 6, message: 'm6' }]);
  const next = await read({ nextToken: end.nextForwardToken });
  assert.deepEqual(
    next.events!.map((e) => e.message),
    ['m6'],
  );
  const head = await read({ startFromHead: true, limit: 2 });
  assert.deepEqual(
    head.events!.map((e) => e.message),
    ['m1', 'm2'],
  );
  const range = await read({ startFromHead: true, startTime: now + 2, endTime: now + 4 });
  assert.deepEqual(
    range.events!.map((e) => e.message),
    ['m2', 'm3'],
  );
  assert.equal((await sdkError(read({ nextToken: 'f/123' }))).name, 'InvalidParameterException');
});

test('FilterLogEvents: terms, phrases, exclusions, any-of, stream names and prefix, inclusive range, stable ids, pages', async () => {
  const { logs, clock } = await withStreams('web/web/1', 'web/web/2', 'db/db/1');
  const now = clock.now().getTime();
  await put(logs, 'web/web/1', [
    { timestamp: now, message: 'GET /index 200' },
    { timestamp: now + 1, message: 'ERROR disk full' },
  ]);
  await put(logs, 'web/web/2', [
    { timestamp: now, message: 'WARN slow request' },
    { timestamp: now + 2, message: 'GET /health 200' },
  ]);
  await put(logs, 'db/db/1', [{ timestamp: now + 1, message: 'ERROR "quoted" text' }]);
  const filter = async (extra: object) =>
    (await logs.send(new FilterLogEventsCommand({ logGroupName: '/ecs/web', ...extra }))).events!.map(
      (e) => e.message,
    );
  assert.deepEqual(await filter({}), [
    'GET /index 200',
    'WARN slow request',
    'ERROR disk full',
    'ERROR "quoted" text',
    'GET /health 200',
  ]);
  assert.deepEqual(await filter({ filterPattern: 'ERROR' }), ['ERROR disk full', 'ERROR "quoted" text']);
  assert.deepEqual(await filter({ filterPattern: 'GET 200 -health' }), ['GET /index 200']);
  assert.deepEqual(await filter({ filterPattern: '"disk full"' }), ['ERROR disk full']);
  assert.deepEqual(await filter({ filterPattern: '?WARN ?disk' }), ['WARN slow request', 'ERROR disk full']);
  assert.deepEqual(await filter({ filterPattern: 'error' }), []);
  assert.deepEqual(await filter({ logStreamNamePrefix: 'db/' }), ['ERROR "quoted" text']);
  assert.deepEqual(await filter({ logStreamNames: ['web/web/2'], startTime: now + 2, endTime: now + 2 }), [
    'GET /health 200',
  ]);
  // Group-wide with a start time: the streams whose events all precede it are skipped on their bounds.
  assert.deepEqual(await filter({ startTime: now + 2 }), ['GET /health 200']);
  assert.deepEqual(await filter({ startTime: now + 1, endTime: now + 1 }), [
    'ERROR disk full',
    'ERROR "quoted" text',
  ]);
  const both = await sdkError(
    logs.send(
      new FilterLogEventsCommand({
        logGroupName: '/ecs/web',
        logStreamNames: ['a'],
        logStreamNamePrefix: 'a',
      }),
    ),
  );
  assert.equal(both.name, 'InvalidParameterException');

  const first = await logs.send(new FilterLogEventsCommand({ logGroupName: '/ecs/web', limit: 3 }));
  const again = await logs.send(new FilterLogEventsCommand({ logGroupName: '/ecs/web', limit: 3 }));
  assert.deepEqual(
    first.events!.map((e) => e.eventId),
    again.events!.map((e) => e.eventId),
  );
  assert.equal(new Set(first.events!.map((e) => e.eventId)).size, 3);
  assert.equal(first.events![0]!.logStreamName, 'web/web/1');
  assert.deepEqual(first.searchedLogStreams, []);
  const rest = await logs.send(
    new FilterLogEventsCommand({ logGroupName: '/ecs/web', limit: 3, nextToken: first.nextToken }),
  );
  assert.deepEqual(
    rest.events!.map((e) => e.message),
    ['ERROR "quoted" text', 'GET /health 200'],
  );
  assert.equal(rest.nextToken, undefined);
});

test('retention is enforced on read: events older than the retention disappear as the clock moves', async () => {
  const { logs, clock } = await withStreams('s');
  const now = clock.now().getTime();
  await put(logs, 's', [{ timestamp: now, message: 'kept for a day' }]);
  await logs.send(new PutRetentionPolicyCommand({ logGroupName: '/ecs/web', retentionInDays: 1 }));
  clock.advance(day + 1);
  const { events } = await logs.send(new FilterLogEventsCommand({ logGroupName: '/ecs/web' }));
  assert.deepEqual(events, []);
});
