// The small pure rules the engine runs by: dependsOn cycles, stop order, and the image StopSignal as `docker stop`
// reads it. The lifecycle tables are tested with them, in engines/ecs/task-lifecycle.test.ts.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { containersOnCycles, dependencyMet, dependentsOf, newGates } from './container-order.js';
import { stopSignalOf } from './stop-containers.js';

describe('dependsOn', () => {
  const c = (name: string, ...deps: string[]) => ({
    name,
    image: 'i',
    dependsOn: deps.map((containerName) => ({ containerName, condition: 'START' as const })),
  });

  test('containers on a cycle are found; those merely depending on one are not', () => {
    const cycle = containersOnCycles([
      c('a', 'b'),
      c('b', 'c'),
      c('c', 'a'),
      c('d', 'a'),
      c('e'),
      c('f', 'f'),
    ]);
    assert.deepEqual([...cycle].sort(), ['a', 'b', 'c', 'f']);
  });

  test('dependents are stopped first: each container lists who depends on it', () => {
    assert.deepEqual(Object.fromEntries(dependentsOf([c('db'), c('app', 'db'), c('proxy', 'app', 'db')])), {
      db: ['app', 'proxy'],
      app: ['proxy'],
      proxy: [],
    });
  });

  test('conditions: SUCCESS needs exit 0, COMPLETE any exit, a container that never starts meets none', async () => {
    const exited = (code: number) => {
      const gates = newGates();
      gates.started.resolve(true);
      gates.exited.resolve({ exitCode: code });
      return gates;
    };
    const never = newGates();
    never.started.resolve(false);
    assert.equal(await dependencyMet('SUCCESS', exited(0)), true);
    assert.equal(await dependencyMet('SUCCESS', exited(1)), false);
    assert.equal(await dependencyMet('COMPLETE', exited(1)), true);
    assert.equal(await dependencyMet('START', never), false);
    assert.equal(await dependencyMet('START', undefined), false);
  });
});

test("the image's StopSignal, as docker reads it", () => {
  assert.equal(stopSignalOf(undefined), 'SIGTERM');
  assert.equal(stopSignalOf('SIGQUIT'), 'SIGQUIT');
  assert.equal(stopSignalOf('quit'), 'SIGQUIT');
  assert.equal(stopSignalOf('3'), 'SIGQUIT');
  assert.equal(stopSignalOf('SIGNOPE'), 'SIGTERM');
});
