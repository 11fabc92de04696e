import type { Authorizer, OperationSpec, RequestContext } from '../../aws/index.js';
import { handledJsonOperation, type JsonInputReader } from '../../aws/index.js';
import { type AwsTag, tagConditionKeys, tagsFromRecord } from '../../engines/aws-tags/index.js';
import { groupNameOf, logsArns } from '../../engines/logs/index.js';
import { parseEventToken } from './domain/event-window.js';
import { retentionDays } from './domain/put-batch.js';
import { logsErrors } from './errors.js';
import { groupName, readEvents, readGroupReference, readTags, streamName } from './input/read-group.js';
import type { LogEvents } from './log-events.js';
import type { LogGroups } from './log-groups.js';
import type { LogStreams } from './log-streams.js';

export interface LogsParts {
  readonly groups: LogGroups;
  readonly streams: LogStreams;
  readonly events: LogEvents;
  readonly partition: string;
  readonly authorizer: Authorizer;
}

type Resource = (ctx: RequestContext, input: Record<string, unknown>) => string;

const required = { required: true } as const;
const token = { min: 1 } as const;
const time = { min: 0 } as const;

/**
 * CloudWatch Logs' operations (ref ecs-services-elb-logs §7.2). Every one is authorized by the gateway before its
 * handler runs, on the IAM resource AWS names for it (engines/logs/logs-arns.ts): the group's `…:log-stream:` form,
 * the stream's, or for DescribeLogGroups no group at all. So a caller without permission learns nothing about
 * what exists. Handlers read (read → done() → act), then hand over to the groups, streams or events.
 */
export function logsOperations(parts: LogsParts): Record<string, OperationSpec> {
  const { groups, streams, events, partition, authorizer } = parts;
  const scope = (ctx: RequestContext) => ({ partition, region: ctx.region, account: ctx.accountId });
  const onGroup: Resource = (ctx, input) => logsArns.resource(scope(ctx), groupIn(input));
  const onStream: Resource = (ctx, input) =>
    logsArns.resource(scope(ctx), groupIn(input), text(input.logStreamName));
  const onArn: Resource = (_ctx, input) => text(input.resourceArn);
  const tagged = (arn: string) => {
    const name = arn.startsWith('arn:') ? groupNameOf(arn) : undefined;
    // [INF] TagResource takes log groups' ARNs here (destinations and anomaly detectors berth does not have).
    if (name === undefined) throw logsErrors.invalidParameter(`Invalid resource ARN: ${arn}`);
    return name;
  };
  return {
    CreateLogGroup: taggingOperation(
      authorizer,
      (r) => ({
        name: r.string('logGroupName', { ...groupName, ...required }),
        kmsKeyId: r.string('kmsKeyId', { max: 256 }),
        tags: readTags(r, 'tags'),
        logGroupClass: r.string('logGroupClass', { enum: ['STANDARD', 'INFREQUENT_ACCESS', 'DELIVERY'] }),
      }),
      {
        action: 'logs:CreateLogGroup',
        resource: (ctx, { name }) => logsArns.resource(scope(ctx), name),
        tags: ({ tags }) => tags && tagsFromRecord(tags),
      },
      async (ctx, request) => groups.create(ctx, request),
    ),
    DeleteLogGroup: authorized(
      onGroup,
      (r) => r.string('logGroupName', { ...groupName, ...required }),
      async (ctx, name) => groups.delete(ctx, name),
    ),
    DescribeLogGroups: authorized(
      (ctx) => logsArns.anyGroup(scope(ctx)),
      (r) => ({
        prefix: r.string('logGroupNamePrefix', groupName),
        pattern: r.string('logGroupNamePattern', { max: 512 }),
        token: r.string('nextToken', token),
        limit: r.integer('limit', { min: 1, max: 50 }) ?? 50,
      }),
      async (ctx, request) => groups.describe(ctx, request),
    ),
    PutRetentionPolicy: authorized(
      onGroup,
      (r) => {
        const name = r.string('logGroupName', { ...groupName, ...required });
        const days = r.integer('retentionInDays', required);
        if (days !== undefined && !(retentionDays as readonly number[]).includes(days))
          r.fail(
            'retentionInDays',
            `'${days}'`,
            `Member must satisfy enum value set: [${retentionDays.join(', ')}]`,
          );
        return { name, days: days ?? 0 };
      },
      async (ctx, { name, days }) => groups.setRetention(ctx, name, days),
    ),
    DeleteRetentionPolicy: authorized(
      onGroup,
      (r) => r.string('logGroupName', { ...groupName, ...required }),
      async (ctx, name) => groups.setRetention(ctx, name, undefined),
    ),
    TagResource: taggingOperation(
      authorizer,
      (r) => ({
        arn: r.string('resourceArn', { min: 1, max: 1011, ...required }),
        tags: readTags(r, 'tags', true)!,
      }),
      {
        action: 'logs:TagResource',
        resource: (_ctx, { arn }) => arn,
        tags: ({ tags }) => tagsFromRecord(tags),
      },
      async (ctx, { arn, tags }) => groups.tag(ctx, tagged(arn), tags),
    ),
    UntagResource: taggingOperation(
      authorizer,
      (r) => ({
        arn: r.string('resourceArn', { min: 1, max: 1011, ...required }),
        keys: readTagKeys(r),
      }),
      {
        action: 'logs:UntagResource',
        resource: (_ctx, { arn }) => arn,
        tags: ({ keys }) => keys.map((key) => ({ key })),
      },
      async (ctx, { arn, keys }) => groups.untag(ctx, tagged(arn), keys),
    ),
    ListTagsForResource: authorized(
      onArn,
      (r) => r.string('resourceArn', { min: 1, max: 1011, ...required }),
      async (ctx, arn) => groups.tags(ctx, tagged(arn)),
    ),
    // Deprecated for ListTagsForResource, but older Terraform providers still read a group's tags with it.
    ListTagsLogGroup: authorized(
      onGroup,
      (r) => r.string('logGroupName', { ...groupName, ...required }),
      async (ctx, name) => groups.tags(ctx, name),
    ),
    CreateLogStream: authorized(onStream, readStream, async (ctx, { group, stream }) =>
      streams.create(ctx, group, stream),
    ),
    DeleteLogStream: authorized(onStream, readStream, async (ctx, { group, stream }) =>
      streams.delete(ctx, group, stream),
    ),
    DescribeLogStreams: authorized(
      onGroup,
      (r) => ({
        group: readGroupReference(r),
        prefix: r.string('logStreamNamePrefix', streamName),
        orderBy: (r.string('orderBy', { enum: ['LogStreamName', 'LastEventTime'] }) ?? 'LogStreamName') as
          | 'LogStreamName'
          | 'LastEventTime',
        descending: r.boolean('descending') ?? false,
        token: r.string('nextToken', token),
        limit: r.integer('limit', { min: 1, max: 50 }) ?? 50,
      }),
      async (ctx, { group, ...request }) => streams.describe(ctx, { ...request, group: group() }),
    ),
    PutLogEvents: authorized(
      onStream,
      (r) => {
        const group = r.string('logGroupName', { ...groupName, ...required });
        const stream = r.string('logStreamName', { ...streamName, ...required });
        // The sequence token is read (its type is checked) and ignored, as AWS does today.
        r.string('sequenceToken', token);
        return { group, stream, events: readEvents(r) };
      },
      async (ctx, { group, stream, events: batch }) => events.put(ctx, group, stream, batch),
    ),
    GetLogEvents: authorized(
      onStream,
      (r) => ({
        group: readGroupReference(r),
        stream: r.string('logStreamName', { ...streamName, ...required }),
        startTime: r.integer('startTime', time),
        endTime: r.integer('endTime', time),
        token: r.string('nextToken', token),
        limit: r.integer('limit', { min: 1, max: 10_000 }) ?? 10_000,
        // "startFromHead (default false = latest first)" (ref ecs-services-elb-logs §7.2).
        startFromHead: r.boolean('startFromHead') ?? false,
      }),
      async (ctx, { group, token: raw, ...request }) => {
        const parsed = raw === undefined ? undefined : parseEventToken(raw);
        if (raw !== undefined && parsed === undefined) throw logsErrors.invalidToken();
        return events.get(ctx, { ...request, group: group(), token: parsed });
      },
    ),
    FilterLogEvents: authorized(
      onGroup,
      (r) => ({
        group: readGroupReference(r),
        streamNames: r.list('logStreamNames', (name) => String(name), { min: 1, max: 100 }),
        streamPrefix: r.string('logStreamNamePrefix', streamName),
        startTime: r.integer('startTime', time),
        endTime: r.integer('endTime', time),
        filterPattern: r.string('filterPattern', { max: 1024 }),
        token: r.string('nextToken', token),
        limit: r.integer('limit', { min: 1, max: 10_000 }) ?? 10_000,
      }),
      async (ctx, { group, ...request }) => events.filter(ctx, { ...request, group: group() }),
    ),
  };
}

/** UntagResource's `tagKeys`: required, 1–50 keys. */
function readTagKeys(r: JsonInputReader): string[] {
  const keys = r.list('tagKeys', (key) => String(key), { min: 1, max: 50 });
  if (keys === undefined) r.fail('tagKeys', 'null', 'Member must not be null');
  return keys ?? [];
}

/** The group and stream of CreateLogStream and DeleteLogStream. */
function readStream(r: JsonInputReader) {
  return {
    group: r.string('logGroupName', { ...groupName, ...required }),
    stream: r.string('logStreamName', { ...streamName, ...required }),
  };
}

/**
 * An operation that sets or removes tags, authorized by its handler once the input is read, because the request's
 * tags are condition keys (`aws:RequestTag/…`, `aws:TagKeys`: tag-based policies, engines/aws-tags) that the
 * gateway's resource-only authorization cannot carry.
 */
function taggingOperation<T>(
  authorizer: Authorizer,
  read: (r: JsonInputReader) => T,
  ask: {
    readonly action: string;
    readonly resource: (ctx: RequestContext, input: T) => string;
    readonly tags: (input: T) => AwsTag[] | undefined;
  },
  act: (ctx: RequestContext, input: T) => Promise<unknown>,
): OperationSpec {
  return handledJsonOperation(read, async (ctx, input) => {
    const context = tagConditionKeys.request(ask.tags(input));
    await authorizer.authorize(ctx, { action: ask.action, resource: ask.resource(ctx, input), context });
    return act(ctx, input);
  });
}

/** An operation the gateway authorizes on `resource` (from the raw input) before `read → done() → act`. */
function authorized<T>(
  resource: Resource,
  read: (r: JsonInputReader) => T,
  act: (ctx: RequestContext, input: T) => Promise<unknown>,
): OperationSpec {
  return { ...handledJsonOperation(read, act), authorize: resource };
}

/** The group an input names, for its IAM resource: before validation, so any value is turned into text. */
function groupIn(input: Record<string, unknown>): string {
  const named = text(input.logGroupName ?? input.logGroupIdentifier);
  return groupNameOf(named) ?? named;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
