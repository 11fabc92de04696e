// Step 6 of the demo: the classic mistake (ref peers-and-misconfigurations §C1). The same task, with GetSecretValue granted to the *task*
// role and nothing to the execution role: ECS reads registry credentials as the execution role, so the task stops
// before any pull with ECS's exact ResourceInitializationError, and berth names the likely cause.
import { explainStoppedReason } from '../../engines/ecs/explain-stopped-reason.js';
import { type DemoContext, DemoStepFailed, demoNames } from './demo-context.js';
import { readSecretPolicy } from './demo-documents.js';
import { createTaskRole } from './demo-iam.js';
import { runAndSettle } from './demo-tasks.js';
import { awsLine } from './shell-line.js';
import { registerTaskDefinition } from './walkthrough.js';

/** What ECS (Fargate) says when the execution role may not read the credentials' secret. */
const expectedPrefix =
  'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: ' +
  'unable to retrieve secret from asm';

export async function permissionOnTaskRole(
  context: DemoContext,
  image: string,
  secretArn: string,
): Promise<void> {
  const { print } = context;
  print.step('The classic mistake: the same task with the permission on the task role instead');
  const taskRole = await createTaskRole(context, demoNames.taskRole, {
    policy: { file: `${demoNames.policy}.json`, document: readSecretPolicy(secretArn) },
  });
  const bareRole = await createTaskRole(context, demoNames.bareExecutionRole);
  const family = await registerTaskDefinition(
    context,
    `${demoNames.misplacedFamily}.json`,
    {
      family: demoNames.misplacedFamily,
      image,
      secretArn,
      executionRoleArn: bareRole,
      taskRoleArn: taskRole,
    },
    `web-task.json with "family": "${demoNames.misplacedFamily}", ` +
      `"executionRoleArn": "${bareRole}", "taskRoleArn": "${taskRole}"`,
  );
  const task = await runAndSettle(context, family);
  const reason = task.stoppedReason ?? '';
  print.command(
    awsLine('ecs', 'describe-tasks', {
      tasks: task.taskArn ?? '',
      query: 'tasks[0].[stopCode,stoppedReason]',
      output: 'text',
    }),
  );
  print.result(`${task.stopCode}  ${reason}`);
  const explanation = explainStoppedReason(reason);
  if (explanation !== undefined) print.detail(`likely cause: ${explanation.summary} [${explanation.code}]`);
  if (
    task.lastStatus !== 'STOPPED' ||
    task.stopCode !== 'TaskFailedToStart' ||
    !reason.startsWith(expectedPrefix) ||
    !reason.includes(`AccessDeniedException: User: `) ||
    explanation?.code !== 'C1'
  ) {
    throw new DemoStepFailed(
      `expected the task to stop with ECS's AccessDeniedException for the execution role; it is ${task.lastStatus}`,
    );
  }
}
