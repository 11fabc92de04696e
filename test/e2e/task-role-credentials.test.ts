// Task-role credentials through a real `berth up` and runc (issue 14, "Inside the task"): a container fetches its task
// role's credentials from 169.254.170.2 with the relative URI ECS puts in its environment, the test signs an STS
// call with them and sees the task role's assumed-role ARN; another task that knows the URI gets nothing; and the
// credentials are nowhere but in that answer: not in the environment, DescribeTasks, berth's log or state files.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { StopTaskCommand, type Task } from '@aws-sdk/client-ecs';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { stateFileTexts } from '../integ/berth-process.js';
import { type EcsWorld, type PrivateImage, startEcsWorld } from './support/ecs-world.js';
import { runScriptTask, taskAddress, taskFile } from './support/task-files.js';
import { webPort } from './support/web-image.js';

let world: EcsWorld;
let web: PrivateImage;
const account = '000000000000';

before(async () => {
  world = await startEcsWorld();
  web = await world.privateWebImage('role');
});

after(async () => {
  await world?.close();
});

const taskIdOf = (task: Task) => task.taskArn!.split('/').pop()!;

const runScript = (family: string, script: string, taskRole?: string) =>
  runScriptTask(world, web, family, script, taskRole ? { taskRole } : {});

async function stop(task: Task): Promise<void> {
  await world.ecs.send(new StopTaskCommand({ task: task.taskArn }));
  await world.waitFor(task.taskArn!, (t) => t.lastStatus === 'STOPPED');
}

const fetchCredentials =
  'wget -qO /tmp/creds.json http://169.254.170.2$AWS_CONTAINER_CREDENTIALS_RELATIVE_URI; ' +
  'echo -n $AWS_CONTAINER_CREDENTIALS_RELATIVE_URI > /tmp/uri; env > /tmp/env';

describe('task-role credentials at 169.254.170.2', () => {
  test('a container reads its task role credentials, and STS says they are the task role, assumed for the task', async () => {
    const role = await world.createRole('appTaskRole');
    const task = await runScript('role-creds', fetchCredentials, role);
    const uri = await taskFile(task, 'uri');
    assert.match(uri, /^\/v2\/credentials\/[0-9a-f-]{36}$/);
    const creds = JSON.parse(await taskFile(task, 'creds.json')) as Record<string, string>;
    assert.deepEqual(Object.keys(creds).sort(), [
      'AccessKeyId',
      'Expiration',
      'RoleArn',
      'SecretAccessKey',
      'Token',
    ]);
    assert.equal(creds['RoleArn'], role);
    assert.match(creds['Expiration']!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    // Renewed before expiry: what a container is given has at least berth's 30-minute window left.
    assert.ok(Date.parse(creds['Expiration']!) - Date.now() > 29 * 60_000);

    const sts = new STSClient({
      endpoint: world.berth.endpoint,
      region: world.berth.region,
      credentials: {
        accessKeyId: creds['AccessKeyId']!,
        secretAccessKey: creds['SecretAccessKey']!,
        sessionToken: creds['Token']!,
      },
    });
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    sts.destroy();
    assert.equal(identity.Arn, `arn:aws:sts::${account}:assumed-role/appTaskRole/${taskIdOf(task)}`);

    // The environment carries the URI, never the credentials themselves.
    const env = await taskFile(task, 'env');
    assert.ok(env.includes(`AWS_CONTAINER_CREDENTIALS_RELATIVE_URI=${uri}`));
    assert.ok(!env.includes(creds['SecretAccessKey']!) && !env.includes(creds['Token']!));
    assert.ok(!env.includes('AWS_SECRET_ACCESS_KEY') && !env.includes('AWS_SESSION_TOKEN'));

    // Another task that knows the URI gets nothing: the answer is for the task's own address only.
    const thief = await runScript(
      'role-thief',
      `wget -qO /tmp/stolen http://169.254.170.2${uri}; echo -n $? > /tmp/rc`,
    );
    assert.notEqual(await taskFile(thief, 'rc'), '0');
    const stolen = await fetch(`http://${taskAddress(thief)}:${webPort}/stolen`);
    assert.ok(!(await stolen.text()).includes(creds['SecretAccessKey']!));
    await stop(thief);

    const described = JSON.stringify(await world.waitFor(task.taskArn!, () => true));
    await stop(task);
    const { stdout, stderr } = world.berth.output();
    for (const secret of [creds['SecretAccessKey']!, creds['Token']!]) {
      assert.ok(!described.includes(secret), 'DescribeTasks shows the credentials');
      assert.ok(!stdout.includes(secret) && !stderr.includes(secret), 'berth printed the credentials');
      for (const file of stateFileTexts(world.berth.stateDir)) {
        assert.ok(!file.text.includes(secret), `${file.path} holds the credentials in clear`);
      }
    }
    // Once the task stopped, its URI answers nothing, even from a task at the same address.
    const later = await runScript(
      'role-later',
      `wget -qO /tmp/late http://169.254.170.2${uri}; echo -n $? > /tmp/rc`,
    );
    assert.notEqual(await taskFile(later, 'rc'), '0');
    await stop(later);
  });

  test('a task without a task role gets no credentials URI', async () => {
    const task = await runScript('no-role', 'env > /tmp/env');
    const env = await taskFile(task, 'env');
    assert.ok(!env.includes('AWS_CONTAINER_CREDENTIALS_RELATIVE_URI'));
    assert.match(env, /^ECS_CONTAINER_METADATA_URI_V4=http:\/\/169\.254\.170\.2\/v4\/[0-9a-f-]{36}$/m);
    await stop(task);
  });
});
