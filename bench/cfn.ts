// npm run bench -- cfn: CloudFormation through a real `berth up` — CreateStack, UpdateStack and DeleteStack of a
// template of BENCH_RESOURCES resources (default 200: half IAM roles, half IAM policies each put on its role, so half
// the resources wait for the other half), each timed from the request to DescribeStacks' *_COMPLETE. The update
// changes every policy's document (an in-place update of 100 resources). No peer: the target is berth's own
// figure (ref cloudformation-cdk §8; CloudFormation on AWS takes minutes for such a stack). Options: BENCH_RUNS
// (default 3), BENCH_POLL_MS (DescribeStacks poll, default 50). See docs/benchmarks.md.
import { loadavg } from 'node:os';
import {
  CloudFormationClient,
  CreateStackCommand,
  DeleteStackCommand,
  DescribeStacksCommand,
  UpdateStackCommand,
} from '@aws-sdk/client-cloudformation';
import { startBerth } from '../test/integ/berth-process.js';
import { envNumber, median, recordResult } from './bench-kit.js';

const resources = envNumber('BENCH_RESOURCES', 200);
const runs = envNumber('BENCH_RUNS', 3);
const pollMs = envNumber('BENCH_POLL_MS', 50);

function template(action: string): string {
  const body: Record<string, unknown> = {};
  for (let i = 0; i < resources / 2; i++) {
    body[`Role${i}`] = {
      Type: 'AWS::IAM::Role',
      Properties: {
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' },
          ],
        },
      },
    };
    body[`Policy${i}`] = {
      Type: 'AWS::IAM::Policy',
      Properties: {
        PolicyName: `p${i}`,
        Roles: [{ Ref: `Role${i}` }],
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }],
        },
      },
    };
  }
  return JSON.stringify({ Resources: body });
}

const berth = await startBerth();
const cfn = new CloudFormationClient({
  endpoint: berth.endpoint,
  region: berth.region,
  credentials: berth.credentials,
});

async function until(stackId: string, done: string): Promise<void> {
  for (;;) {
    const stack = (await cfn.send(new DescribeStacksCommand({ StackName: stackId }))).Stacks![0]!;
    if (stack.StackStatus === done) return;
    if (!stack.StackStatus!.endsWith('_IN_PROGRESS')) {
      throw new Error(`${stackId}: ${stack.StackStatus} ${stack.StackStatusReason ?? ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

async function timed(work: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await work();
  return (performance.now() - started) / 1000;
}

const times = { create: [] as number[], update: [] as number[], delete: [] as number[] };
try {
  for (let run = 0; run < runs; run++) {
    const name = `bench-${run}`;
    let stackId = '';
    times.create.push(
      await timed(async () => {
        stackId = (
          await cfn.send(
            new CreateStackCommand({
              StackName: name,
              TemplateBody: template('s3:GetObject'),
              Capabilities: ['CAPABILITY_IAM'],
            }),
          )
        ).StackId!;
        await until(stackId, 'CREATE_COMPLETE');
      }),
    );
    times.update.push(
      await timed(async () => {
        await cfn.send(
          new UpdateStackCommand({
            StackName: name,
            TemplateBody: template('s3:PutObject'),
            Capabilities: ['CAPABILITY_IAM'],
          }),
        );
        await until(stackId, 'UPDATE_COMPLETE');
      }),
    );
    times.delete.push(
      await timed(async () => {
        await cfn.send(new DeleteStackCommand({ StackName: stackId }));
        await until(stackId, 'DELETE_COMPLETE');
      }),
    );
  }
} finally {
  await berth.stop({ removeState: true });
}

const fmt = (values: number[]) =>
  `${median(values).toFixed(2)} s median (${values.map((v) => v.toFixed(2)).join(', ')})`;
console.log(
  `cfn: ${resources} resources, ${runs} runs, load ${loadavg()[0]!.toFixed(1)}, node ${process.version}`,
);
console.log(`  create  ${fmt(times.create)}`);
console.log(`  update  ${fmt(times.update)}  (${resources / 2} resources updated in place)`);
console.log(`  delete  ${fmt(times.delete)}`);
for (const [step, values] of Object.entries(times)) {
  recordResult({
    measure: `CloudFormation ${step} of ${resources} resources`,
    berth: `${median(values).toFixed(2)} s`,
    peer: '— (CloudFormation on AWS: minutes)',
    ratio: '',
    // Issue 17 asks for the figures, with no target of its own for this template.
    target: 'reported',
    met: true,
  });
}
