// Steps 2–5 of the demo: the ECS private-registry walkthrough that works — the credentials in Secrets Manager, an
// execution role allowed to read exactly that secret, a Fargate task definition with repositoryCredentials, RunTask
// to RUNNING — and the page fetched from the task's own address.
import { RegisterTaskDefinitionCommand, type Task } from '@aws-sdk/client-ecs';
import { CreateSecretCommand } from '@aws-sdk/client-secrets-manager';
import type { Secret } from '../../errors/index.js';
import { type DemoContext, DemoStepFailed, demoNames } from './demo-context.js';
import { readSecretPolicy, type WebTaskDefinition, webTaskDefinition } from './demo-documents.js';
import { createTaskRole } from './demo-iam.js';
import { runAndSettle, taskAddress } from './demo-tasks.js';
import { fetchPage } from './fetch-page.js';
import { awsLine, shellLine } from './shell-line.js';
import { webPort } from './web-image.js';

export async function storeCredentials(context: DemoContext, password: Secret): Promise<string> {
  const { print, secrets } = context;
  print.step('The registry credentials in Secrets Manager');
  print.command(
    awsLine('secretsmanager', 'create-secret', {
      name: demoNames.secret,
      'secret-string': 'file://creds.json',
    }),
  );
  print.document(
    'creds.json',
    `{"username":"${demoNames.registryUser}","password":"<the registry password>"}`,
  );
  const created = await secrets.send(
    new CreateSecretCommand({
      Name: demoNames.secret,
      SecretString: JSON.stringify({ username: demoNames.registryUser, password: password.reveal() }),
    }),
  );
  if (created.ARN === undefined) throw new DemoStepFailed('CreateSecret returned no ARN');
  print.result(created.ARN);
  return created.ARN;
}

export async function executionRole(context: DemoContext, secretArn: string): Promise<string> {
  context.print.step('The execution role: ECS assumes it and reads exactly that secret as it');
  const arn = await createTaskRole(context, demoNames.executionRole, {
    showTrust: true,
    policy: { file: `${demoNames.policy}.json`, document: readSecretPolicy(secretArn) },
  });
  context.print.result(arn);
  return arn;
}

/**
 * RegisterTaskDefinition, printed as `--cli-input-json file://<file>` with the document (or, for a variant of one
 * shown before, with `variant` saying what differs); returns family:revision.
 */
export async function registerTaskDefinition(
  context: DemoContext,
  file: string,
  spec: WebTaskDefinition,
  variant?: string,
): Promise<string> {
  const { print, ecs } = context;
  const input = webTaskDefinition(spec);
  print.command(awsLine('ecs', 'register-task-definition', { 'cli-input-json': `file://${file}` }));
  if (variant === undefined) print.block(file, input);
  else print.document(file, variant);
  const registered = (await ecs.send(new RegisterTaskDefinitionCommand(input))).taskDefinition;
  if (registered?.revision === undefined) throw new DemoStepFailed('RegisterTaskDefinition returned nothing');
  const name = `${registered.family}:${registered.revision}`;
  print.result(`${name} (${registered.taskDefinitionArn})`);
  return name;
}

export async function runWebTask(context: DemoContext, taskDefinition: string): Promise<Task> {
  context.print.step(
    'RunTask: ECS assumes the execution role, reads the secret, pulls and starts the container',
  );
  const task = await runAndSettle(context, taskDefinition);
  if (task.lastStatus !== 'RUNNING') {
    throw new DemoStepFailed(`the task ${task.lastStatus} instead of RUNNING: ${task.stoppedReason ?? ''}`);
  }
  const address = taskAddress(task);
  if (address === undefined) throw new DemoStepFailed('the RUNNING task reports no privateIpv4Address');
  context.print.command(
    awsLine('ecs', 'describe-tasks', {
      tasks: task.taskArn!,
      query: 'tasks[0].containers[0].networkInterfaces[0].privateIpv4Address',
      output: 'text',
    }),
  );
  context.print.result(address);
  return task;
}

export async function showPage(context: DemoContext, task: Task, expected: string): Promise<void> {
  const url = `http://${taskAddress(task)}:${webPort}/`;
  context.print.step("The page, from the task's own address");
  context.print.command(shellLine(['curl', url]));
  const page = await fetchPage(url);
  for (const line of page.trimEnd().split('\n')) context.print.detail(line);
  if (page !== expected)
    throw new DemoStepFailed(`the task served ${JSON.stringify(page)}, not the image's page`);
}

export async function webTaskDefinitionStep(
  context: DemoContext,
  image: string,
  secretArn: string,
  executionRoleArn: string,
): Promise<string> {
  context.print.step('A Fargate task definition whose container pulls with those credentials');
  return registerTaskDefinition(context, 'web-task.json', {
    family: demoNames.family,
    image,
    secretArn,
    executionRoleArn,
  });
}
