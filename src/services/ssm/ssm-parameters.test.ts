// Parameter Store's operations in process: versions, selectors, paths, filters, history and labels, tags, and the
// errors of bad names and writes (texts in errors.ts with their sources; ref cloudformation-cdk §1.4 step 6 for the
// CDK CLI's GetParameter).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  AddTagsToResourceCommand,
  DeleteParameterCommand,
  DeleteParametersCommand,
  DescribeParametersCommand,
  GetParameterCommand,
  GetParameterHistoryCommand,
  GetParametersByPathCommand,
  GetParametersCommand,
  LabelParameterVersionCommand,
  ListTagsForResourceCommand,
  PutParameterCommand,
  RemoveTagsFromResourceCommand,
  UnlabelParameterVersionCommand,
} from '@aws-sdk/client-ssm';
import { sdkError } from '../../testing/sdk-error.js';
import { parameterArn, ssmHarness } from '../../testing/ssm-fixtures.js';

test('PutParameter creates version 1, Overwrite adds versions; GetParameter answers as the CDK CLI reads it', async () => {
  const { ssm } = ssmHarness();
  const name = '/cdk-bootstrap/hnb659fds/version';
  assert.deepEqual(
    (await ssm.send(new PutParameterCommand({ Name: name, Value: '33', Type: 'String' }))).Version,
    1,
  );
  const again = await sdkError(
    ssm.send(new PutParameterCommand({ Name: name, Value: '34', Type: 'String' })),
  );
  assert.deepEqual(again, {
    name: 'ParameterAlreadyExists',
    message:
      'The parameter already exists. To overwrite this value, set the overwrite option in the request to true.',
    status: 400,
  });
  const put = await ssm.send(new PutParameterCommand({ Name: name, Value: '34', Overwrite: true }));
  assert.deepEqual([put.Version, put.Tier], [2, 'Standard']);
  const { Parameter } = await ssm.send(new GetParameterCommand({ Name: name, WithDecryption: true }));
  assert.equal(Parameter?.Name, name);
  assert.equal(Parameter?.Value, '34');
  assert.equal(Parameter?.Type, 'String');
  assert.equal(Parameter?.Version, 2);
  assert.equal(Parameter?.ARN, parameterArn(name));
  assert.equal(Parameter?.DataType, 'text');
  assert.ok(Parameter?.LastModifiedDate instanceof Date);
});

test('ARNs drop the leading slash: /a/b is parameter/a/b and x is parameter/x, and x and /x are one parameter', async () => {
  const { ssm } = ssmHarness();
  await ssm.send(new PutParameterCommand({ Name: 'x', Value: 'v', Type: 'String' }));
  const { Parameter } = await ssm.send(new GetParameterCommand({ Name: 'x' }));
  assert.equal(Parameter?.ARN, 'arn:aws:ssm:us-east-1:000000000000:parameter/x');
  assert.equal(
    (await sdkError(ssm.send(new PutParameterCommand({ Name: '/x', Value: 'w', Type: 'String' })))).name,
    'ParameterAlreadyExists',
  );
  const byArn = await ssm.send(new GetParameterCommand({ Name: parameterArn('x') }));
  assert.equal(byArn.Parameter?.Value, 'v');
});

test('a missing parameter is ParameterNotFound without a message, a missing version ParameterVersionNotFound', async () => {
  const { ssm } = ssmHarness();
  assert.deepEqual(await sdkError(ssm.send(new GetParameterCommand({ Name: '/none' }))), {
    name: 'ParameterNotFound',
    message: 'UnknownError',
    status: 400,
  });
  await ssm.send(new PutParameterCommand({ Name: '/app/db', Value: 'a', Type: 'String' }));
  assert.deepEqual(await sdkError(ssm.send(new GetParameterCommand({ Name: '/app/db:5' }))), {
    name: 'ParameterVersionNotFound',
    message: 'Systems Manager could not find version 5 of /app/db. Verify the version and try again.',
    status: 400,
  });
  assert.equal(
    (await sdkError(ssm.send(new DeleteParameterCommand({ Name: '/none' })))).name,
    'ParameterNotFound',
  );
});

test('names: reserved prefixes, characters, a path must begin with /, at most 15 levels; type required to create', async () => {
  const { ssm } = ssmHarness();
  const put = (Name: string, Type?: 'String') =>
    sdkError(ssm.send(new PutParameterCommand({ Name, Value: 'v', Type: Type ?? 'String' })));
  assert.deepEqual(await put('awsThing'), {
    name: 'ValidationException',
    message: 'Parameter name: can\'t be prefixed with "aws" or "ssm" (case-insensitive).',
    status: 400,
  });
  assert.match((await put('/SSM/x')).message, /If formed as a path, it can consist of sub-paths/);
  assert.equal((await put('/a b')).name, 'ValidationException');
  assert.deepEqual(await put('a/b'), {
    name: 'ValidationException',
    message: 'Parameter name must be a fully qualified name.',
    status: 400,
  });
  assert.equal((await put(`/${'l/'.repeat(15)}x`)).name, 'HierarchyLevelLimitExceededException');
  await ssm.send(new PutParameterCommand({ Name: `/${'l/'.repeat(14)}x`, Value: 'v', Type: 'String' }));
  assert.deepEqual(
    await sdkError(ssm.send(new PutParameterCommand({ Name: '/e', Value: '', Type: 'String' }))),
    {
      name: 'ValidationException',
      message:
        "1 validation error detected: Value '' at 'value' failed to satisfy constraint: Member must have length greater than or equal to 1",
      status: 400,
    },
  );
  assert.deepEqual(await sdkError(ssm.send(new PutParameterCommand({ Name: '/new', Value: 'v' }))), {
    name: 'ValidationException',
    message: 'A parameter type is required when you create a parameter.',
    status: 400,
  });
});

test('Tags with Overwrite are refused; a type never changes; AllowedPattern and the 4 KB standard limit hold', async () => {
  const { ssm } = ssmHarness();
  await ssm.send(
    new PutParameterCommand({ Name: '/p', Value: 'abc', Type: 'String', AllowedPattern: '[a-z]+' }),
  );
  const tagged = await sdkError(
    ssm.send(
      new PutParameterCommand({ Name: '/p', Value: 'x', Overwrite: true, Tags: [{ Key: 'k', Value: 'v' }] }),
    ),
  );
  assert.equal(tagged.name, 'ValidationException');
  assert.match(tagged.message, /^Invalid request: tags and overwrite can't be used together\./);
  assert.equal(
    (
      await sdkError(
        ssm.send(new PutParameterCommand({ Name: '/p', Value: 'x', Type: 'StringList', Overwrite: true })),
      )
    ).name,
    'HierarchyTypeMismatchException',
  );
  assert.deepEqual(
    await sdkError(ssm.send(new PutParameterCommand({ Name: '/p', Value: 'ABC', Overwrite: true }))),
    {
      name: 'ParameterPatternMismatchException',
      message: 'Parameter value, cannot be validated against allowedPattern: [a-z]+',
      status: 400,
    },
  );
  await ssm.send(new PutParameterCommand({ Name: '/any', Value: 'x', Type: 'String', AllowedPattern: '' }));
  const big = await sdkError(
    ssm.send(new PutParameterCommand({ Name: '/big', Value: 'v'.repeat(4097), Type: 'String' })),
  );
  assert.equal(big.name, 'ValidationException');
  assert.doesNotMatch(big.message, /vvvv/);
  const advanced = await ssm.send(
    new PutParameterCommand({ Name: '/big', Value: 'v'.repeat(4097), Type: 'String', Tier: 'Advanced' }),
  );
  assert.equal(advanced.Tier, 'Advanced');
});

test('GetParameters lists what it cannot find; DeleteParameters likewise', async () => {
  const { ssm } = ssmHarness();
  await ssm.send(new PutParameterCommand({ Name: '/a', Value: '1', Type: 'String' }));
  await ssm.send(new PutParameterCommand({ Name: '/b', Value: '2', Type: 'StringList' }));
  const got = await ssm.send(new GetParametersCommand({ Names: ['/a', '/b', '/c', '/a:9'] }));
  assert.deepEqual(
    got.Parameters?.map((p) => [p.Name, p.Value, p.Type]),
    [
      ['/a', '1', 'String'],
      ['/b', '2', 'StringList'],
    ],
  );
  assert.deepEqual(got.InvalidParameters, ['/c', '/a:9']);
  const deleted = await ssm.send(new DeleteParametersCommand({ Names: ['/a', '/c'] }));
  assert.deepEqual([deleted.DeletedParameters, deleted.InvalidParameters], [['/a'], ['/c']]);
  const tooMany = await sdkError(
    ssm.send(new GetParametersCommand({ Names: Array.from({ length: 11 }, (_, i) => `/n${i}`) })),
  );
  assert.equal(tooMany.name, 'ValidationException');
});

test('GetParametersByPath: one level or recursive, filters, pages of MaxResults', async () => {
  const { ssm } = ssmHarness();
  for (const [Name, Type] of [
    ['/app/a', 'String'],
    ['/app/b', 'StringList'],
    ['/app/deep/c', 'String'],
    ['/other/d', 'String'],
  ] as const) {
    await ssm.send(new PutParameterCommand({ Name, Value: 'v', Type }));
  }
  const names = async (input: ConstructorParameters<typeof GetParametersByPathCommand>[0]) =>
    (await ssm.send(new GetParametersByPathCommand(input))).Parameters?.map((p) => p.Name);
  assert.deepEqual(await names({ Path: '/app' }), ['/app/a', '/app/b']);
  assert.deepEqual(await names({ Path: '/app/', Recursive: true }), ['/app/a', '/app/b', '/app/deep/c']);
  assert.deepEqual(
    await names({ Path: '/app', Recursive: true, ParameterFilters: [{ Key: 'Type', Values: ['String'] }] }),
    ['/app/a', '/app/deep/c'],
  );
  const first = await ssm.send(new GetParametersByPathCommand({ Path: '/', Recursive: true, MaxResults: 3 }));
  assert.equal(first.Parameters?.length, 3);
  const rest = await ssm.send(
    new GetParametersByPathCommand({ Path: '/', Recursive: true, MaxResults: 3, NextToken: first.NextToken }),
  );
  assert.deepEqual(
    rest.Parameters?.map((p) => p.Name),
    ['/other/d'],
  );
  assert.equal(rest.NextToken, undefined);
  const badKey = await sdkError(
    ssm.send(
      new GetParametersByPathCommand({ Path: '/app', ParameterFilters: [{ Key: 'Name', Values: ['x'] }] }),
    ),
  );
  assert.equal(badKey.name, 'ValidationException');
  assert.match(badKey.message, /^The following filter key is not valid: Name\./);
  assert.equal(
    (await sdkError(ssm.send(new GetParametersByPathCommand({ Path: 'app' })))).name,
    'ValidationException',
  );
});

test('DescribeParameters: metadata without values, Name/Type/Path filters, pages', async () => {
  const { ssm } = ssmHarness();
  await ssm.send(
    new PutParameterCommand({ Name: '/app/a', Value: 'v', Type: 'String', Description: 'first' }),
  );
  await ssm.send(new PutParameterCommand({ Name: '/app/s', Value: 'v', Type: 'SecureString' }));
  await ssm.send(new PutParameterCommand({ Name: 'root', Value: 'v', Type: 'String' }));
  const all = await ssm.send(new DescribeParametersCommand({}));
  assert.deepEqual(
    all.Parameters?.map((p) => p.Name),
    ['/app/a', '/app/s', 'root'],
  );
  const a = all.Parameters![0]!;
  assert.deepEqual(
    [a.Description, a.Version, a.Tier, a.LastModifiedUser, (a as { Value?: string }).Value],
    ['first', 1, 'Standard', 'arn:aws:iam::000000000000:root', undefined],
  );
  assert.equal(all.Parameters![1]!.KeyId, 'alias/aws/ssm');
  const filtered = async (ParameterFilters: { Key: string; Option?: string; Values: string[] }[]) =>
    (await ssm.send(new DescribeParametersCommand({ ParameterFilters }))).Parameters?.map((p) => p.Name);
  assert.deepEqual(await filtered([{ Key: 'Type', Values: ['SecureString'] }]), ['/app/s']);
  assert.deepEqual(await filtered([{ Key: 'Name', Option: 'BeginsWith', Values: ['/app'] }]), [
    '/app/a',
    '/app/s',
  ]);
  assert.deepEqual(await filtered([{ Key: 'Path', Values: ['/app'] }]), ['/app/a', '/app/s']);
  const paged = await ssm.send(new DescribeParametersCommand({ MaxResults: 2 }));
  assert.equal(paged.Parameters?.length, 2);
  assert.ok(paged.NextToken);
  assert.equal(
    (await sdkError(ssm.send(new DescribeParametersCommand({ NextToken: 'nonsense' })))).name,
    'InvalidNextToken',
  );
});

test('history and labels: selectors name:3 and name:label, labels move, invalid labels are listed', async () => {
  const { ssm } = ssmHarness();
  for (const Value of ['one', 'two', 'three']) {
    await ssm.send(new PutParameterCommand({ Name: '/h', Value, Type: 'String', Overwrite: true }));
  }
  const label = await ssm.send(
    new LabelParameterVersionCommand({ Name: '/h', ParameterVersion: 1, Labels: ['prod', '1bad', 'awsx'] }),
  );
  assert.deepEqual([label.ParameterVersion, label.InvalidLabels], [1, ['1bad', 'awsx']]);
  const byLabel = await ssm.send(new GetParameterCommand({ Name: '/h:prod' }));
  assert.deepEqual(
    [byLabel.Parameter?.Value, byLabel.Parameter?.Selector, byLabel.Parameter?.Name],
    ['one', ':prod', '/h'],
  );
  const byVersion = await ssm.send(new GetParameterCommand({ Name: '/h:2' }));
  assert.deepEqual([byVersion.Parameter?.Value, byVersion.Parameter?.Selector], ['two', ':2']);
  // Without a version, the latest; the label moves from version 1.
  const moved = await ssm.send(new LabelParameterVersionCommand({ Name: '/h', Labels: ['prod'] }));
  assert.equal(moved.ParameterVersion, 3);
  const history = await ssm.send(new GetParameterHistoryCommand({ Name: '/h' }));
  assert.deepEqual(
    history.Parameters?.map((p) => [p.Version, p.Value, p.Labels]),
    [
      [1, 'one', []],
      [2, 'two', []],
      [3, 'three', ['prod']],
    ],
  );
  const unlabel = await ssm.send(
    new UnlabelParameterVersionCommand({ Name: '/h', ParameterVersion: 3, Labels: ['prod', 'nope'] }),
  );
  assert.deepEqual([unlabel.RemovedLabels, unlabel.InvalidLabels], [['prod'], ['nope']]);
  assert.equal(
    (
      await sdkError(
        ssm.send(new LabelParameterVersionCommand({ Name: '/h', ParameterVersion: 9, Labels: ['x'] })),
      )
    ).name,
    'ParameterVersionNotFound',
  );
  const paged = await ssm.send(new GetParameterHistoryCommand({ Name: '/h', MaxResults: 2 }));
  const next = await ssm.send(
    new GetParameterHistoryCommand({ Name: '/h', MaxResults: 2, NextToken: paged.NextToken }),
  );
  assert.deepEqual(
    next.Parameters?.map((p) => p.Version),
    [3],
  );
});

test('tags: PutParameter Tags, AddTagsToResource, RemoveTagsFromResource, ListTagsForResource on parameters', async () => {
  const { ssm } = ssmHarness();
  await ssm.send(
    new PutParameterCommand({ Name: '/t', Value: 'v', Type: 'String', Tags: [{ Key: 'team', Value: 'a' }] }),
  );
  await ssm.send(
    new AddTagsToResourceCommand({
      ResourceType: 'Parameter',
      ResourceId: '/t',
      Tags: [
        { Key: 'team', Value: 'b' },
        { Key: 'env', Value: 'dev' },
      ],
    }),
  );
  await ssm.send(
    new RemoveTagsFromResourceCommand({ ResourceType: 'Parameter', ResourceId: '/t', TagKeys: ['env'] }),
  );
  const { TagList } = await ssm.send(
    new ListTagsForResourceCommand({ ResourceType: 'Parameter', ResourceId: '/t' }),
  );
  assert.deepEqual(TagList, [{ Key: 'team', Value: 'b' }]);
  assert.equal(
    (
      await sdkError(
        ssm.send(new ListTagsForResourceCommand({ ResourceType: 'Parameter', ResourceId: '/none' })),
      )
    ).name,
    'InvalidResourceId',
  );
  assert.equal(
    (await sdkError(ssm.send(new ListTagsForResourceCommand({ ResourceType: 'Document', ResourceId: '/t' }))))
      .name,
    'InvalidResourceType',
  );
});
