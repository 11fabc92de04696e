// RunTask container overrides ([DOC] API_ContainerOverride).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyContainerOverrides, unknownOverrideNames } from './task-overrides.js';

const containers = [
  {
    name: 'app',
    image: 'nginx',
    command: ['a'],
    environment: [
      { name: 'X', value: '1' },
      { name: 'Y', value: '2' },
    ],
    cpu: 10,
  },
  { name: 'side', image: 'busybox' },
];

test('command and sizes replace, environment merges by name, other containers are untouched', () => {
  const [app, side] = applyContainerOverrides(containers, [
    {
      name: 'app',
      command: ['b'],
      cpu: 20,
      environment: [
        { name: 'Y', value: 'two' },
        { name: 'Z', value: '3' },
      ],
    },
  ]);
  assert.deepEqual(app?.command, ['b']);
  assert.equal(app?.cpu, 20);
  assert.deepEqual(app?.environment, [
    { name: 'X', value: '1' },
    { name: 'Y', value: 'two' },
    { name: 'Z', value: '3' },
  ]);
  assert.deepEqual(side, containers[1]);
  assert.deepEqual(containers[0]?.command, ['a'], 'the definition itself is not changed');
});

test('overrides naming no container are reported', () => {
  assert.deepEqual(unknownOverrideNames(containers, [{ name: 'app' }, { name: 'db' }]), ['db']);
});
