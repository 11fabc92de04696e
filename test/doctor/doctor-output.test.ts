// The doctor's three outputs on fixed findings: text grouped per task definition/container (colour only when asked),
// the JSON shape, and SARIF 2.1.0 with a region only where the input's text gives a line (a plan gives none).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatJson, formatSarif, formatText } from '../../src/cli/commands/doctor/output-formats.js';
import type { Finding } from '../../src/engines/doctor/index.js';

const findings: Finding[] = [
  {
    rule: 'C1',
    severity: 'error',
    resource: 'web/app',
    location: { file: 'stack.json', pointer: '/Resources/Task/Properties/ContainerDefinitions/0' },
    message: 'the execution role has no secretsmanager:GetSecretValue on the secret',
    ecs: 'ResourceInitializationError: …',
    fix: 'add to a policy of the execution role exec: {…}',
  },
  {
    rule: 'C16',
    severity: 'warning',
    resource: 'web/sidecar',
    location: { file: 'plan.json', pointer: 'aws_ecs_task_definition.web.container_definitions[1]' },
    message: 'nginx is pulled from Docker Hub anonymously',
    ecs: 'CannotPullContainerError: … toomanyrequests …',
    fix: 'add repositoryCredentials',
  },
];
const locate = (file: string) => (file === 'stack.json' ? { line: 12, column: 7 } : undefined);

test('text: one group per resource, file:line:column or the pointer, colour only when asked', () => {
  const plain = formatText(findings, locate, false);
  assert.equal(
    plain,
    [
      'web/app',
      '  C1 error  stack.json:12:7',
      '    the execution role has no secretsmanager:GetSecretValue on the secret',
      '    ECS will show: ResourceInitializationError: …',
      '    fix: add to a policy of the execution role exec: {…}',
      'web/sidecar',
      '  C16 warning  plan.json aws_ecs_task_definition.web.container_definitions[1]',
      '    nginx is pulled from Docker Hub anonymously',
      '    ECS will show: CannotPullContainerError: … toomanyrequests …',
      '    fix: add repositoryCredentials',
      '1 error(s), 1 warning(s)',
      '',
    ].join('\n'),
  );
  assert.ok(!plain.includes('\u001b['));
  assert.ok(formatText(findings, locate, true).includes('\u001b[31mC1 error\u001b[0m'));
  assert.equal(
    formatText([], locate, false),
    'no findings: every link of the private-registry chain checks out\n',
  );
});

test('json: {"findings":[…]} as given', () => {
  assert.deepEqual(JSON.parse(formatJson(findings)), { findings });
});

test('sarif: 2.1.0, every rule described once, levels mapped, a region only where there is a line', () => {
  const log = JSON.parse(formatSarif(findings, locate, '0.1.0'));
  assert.equal(log.version, '2.1.0');
  const { rules } = log.runs[0].tool.driver;
  assert.equal(new Set(rules.map((r: { id: string }) => r.id)).size, rules.length);
  assert.equal(rules.length, 17);
  const [error, warning] = log.runs[0].results;
  assert.deepEqual(
    [error.ruleId, error.level, warning.ruleId, warning.level],
    ['C1', 'error', 'C16', 'warning'],
  );
  assert.equal(rules[error.ruleIndex].id, 'C1');
  assert.deepEqual(error.locations[0].physicalLocation.region, { startLine: 12, startColumn: 7 });
  assert.equal(warning.locations[0].physicalLocation.region, undefined);
  assert.equal(warning.locations[0].physicalLocation.artifactLocation.uri, 'plan.json');
  assert.match(error.message.text, /ECS will show: .*\nFix: /s);
});
