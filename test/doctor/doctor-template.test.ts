// `berth doctor --template` over a corpus synthesized by the real aws-cdk-lib (issue 15): correct setups give no error
// findings, each misconfiguration exactly its rule (ref peers-and-misconfigurations §C); then the command itself —
// text, json and sarif outputs, exit codes 0/1/2 — and bad inputs.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { templateModel } from '../../src/cli/commands/doctor/template-input.js';
import { loadTemplate } from '../../src/engines/cloudformation/index.js';
import { diagnose } from '../../src/engines/doctor/index.js';
import { corpus, synthesize } from './cdk-corpus.js';

const dir = mkdtempSync(join(tmpdir(), 'berth-doctor-'));
const files = new Map<string, string>();
const main = join(import.meta.dirname, '../../src/cli/main.ts');

before(() => {
  corpus.forEach((entry, index) => {
    const out = join(dir, `case-${index}`);
    mkdirSync(out);
    const file = join(out, 'DoctorCase.template.json');
    writeFileSync(file, JSON.stringify(synthesize(entry, out), null, 1));
    files.set(entry.name, file);
  });
});
after(() => rmSync(dir, { recursive: true, force: true }));

function doctor(...args: string[]) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', main, 'doctor', ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('the CDK corpus', () => {
  for (const entry of corpus) {
    test(entry.rule ? `${entry.name} → exactly ${entry.rule}` : `${entry.name} → no error findings`, () => {
      const file = files.get(entry.name)!;
      const findings = diagnose(
        templateModel(loadTemplate(readFileSync(file, 'utf8'), { stackName: 'DoctorCase' }), file),
      );
      if (entry.rule === undefined) {
        assert.deepEqual(findings, []);
        return;
      }
      assert.deepEqual(
        findings.map((f) => [f.rule, f.severity]),
        [[entry.rule, entry.severity ?? 'error']],
        JSON.stringify(findings, null, 1),
      );
    });
  }
});

describe('berth doctor --template', () => {
  test('a correct setup: exit 0 and a clean report', () => {
    const run = doctor('--template', files.get(corpus[0]!.name)!);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /no findings/);
  });

  test('text: grouped by task definition/container, with what ECS will show and the fix; exit 1', () => {
    const run = doctor('--template', files.get('C1: GetSecretValue granted to the task role only')!);
    assert.equal(run.code, 1, run.stderr);
    assert.match(
      run.stdout,
      /^DoctorCaseTask\w*\/web\n {2}C1 error {2}.*DoctorCase\.template\.json:\d+:\d+/m,
    );
    assert.match(
      run.stdout,
      /ECS will show: ResourceInitializationError: .*is not authorized to perform: secretsmanager:GetSecretValue/,
    );
    assert.match(
      run.stdout,
      /fix: add to a policy of the execution role .*"Action":"secretsmanager:GetSecretValue","Resource":"arn:aws:secretsmanager:us-east-1:000000000000:secret:DoctorCase-RegistrySecret\w+-PLACEHOLDER-\?{6}"} \(in the template: "Resource": \{"Ref": "RegistrySecret\w+"\}\)/,
    );
  });

  test("json: the issue's shape", () => {
    const file = files.get('C4: CMK, GetSecretValue by hand without kms:Decrypt')!;
    const run = doctor('--template', file, '--format', 'json');
    assert.equal(run.code, 1, run.stderr);
    const { findings } = JSON.parse(run.stdout);
    assert.equal(findings.length, 1);
    const [finding] = findings;
    assert.equal(finding.rule, 'C4');
    assert.equal(finding.severity, 'error');
    assert.equal(finding.location.file, file);
    assert.match(finding.location.pointer, /^\/Resources\/Task\w+\/Properties\/ContainerDefinitions\/0$/);
    assert.match(finding.ecs, /Access to KMS is not allowed/);
    assert.match(finding.fix, /kms:Decrypt/);
    assert.equal(typeof finding.message, 'string');
    assert.equal(typeof finding.resource, 'string');
  });

  test("sarif: SARIF 2.1.0 with ruleId C<n> and the finding's line in the template text", () => {
    const file = files.get('C3: execution role trusted by ecs.amazonaws.com')!;
    const run = doctor('--template', file, '--format', 'sarif', '--account-id', '111122223333');
    assert.equal(run.code, 1, run.stderr);
    const log = JSON.parse(run.stdout);
    assert.equal(log.version, '2.1.0');
    const [result] = log.runs[0].results;
    assert.equal(result.ruleId, 'C3');
    assert.equal(log.runs[0].tool.driver.rules[result.ruleIndex].id, 'C3');
    assert.match(log.runs[0].tool.driver.rules[result.ruleIndex].help.text, /ecs-tasks\.amazonaws\.com/);
    const region = result.locations[0].physicalLocation.region;
    const line = readFileSync(file, 'utf8').split('\n')[region.startLine - 1]!;
    assert.match(line, /^\s*"Task\w+": \{$/, `line ${region.startLine} is the task definition`);
    assert.match(result.message.text, /arn:aws:iam::111122223333:role\//);
  });

  test('unresolvable references are reported as undecided warnings, never as fine (exit 0, not "no findings")', () => {
    const file = join(dir, 'imported.yaml');
    writeFileSync(
      file,
      [
        'Resources:',
        '  Task:',
        '    Type: AWS::ECS::TaskDefinition',
        '    Properties:',
        '      RequiresCompatibilities: [FARGATE]',
        '      ExecutionRoleArn: !ImportValue shared-execution-role',
        '      ContainerDefinitions:',
        '        - Name: web',
        '          Image: ghcr.io/acme/web:1',
        '          RepositoryCredentials:',
        '            CredentialsParameter: !Sub "arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:registry-AbC123"',
        '',
      ].join('\n'),
    );
    const run = doctor('--template', file, '--format', 'json');
    assert.equal(run.code, 0, run.stderr);
    const { findings } = JSON.parse(run.stdout);
    assert.ok(findings.length > 0);
    assert.ok(
      findings.every(
        (f: { undecided?: boolean; severity: string }) => f.undecided && f.severity === 'warning',
      ),
    );
    assert.match(findings[0].message, /Fn::ImportValue/);
  });

  test('bad input: exit 2 with the reason (truncated JSON or YAML, not a template, huge, missing, bad options)', () => {
    const write = (name: string, text: string) => {
      const file = join(dir, name);
      writeFileSync(file, text);
      return file;
    };
    const truncated = readFileSync(files.get(corpus[0]!.name)!, 'utf8').slice(0, 500);
    const cases: [string[], RegExp][] = [
      [
        ['--template', write('truncated.json', truncated)],
        /truncated\.json: not a readable CloudFormation template.*not JSON/,
      ],
      [
        ['--template', write('truncated.yaml', 'Resources:\n  A:\n    Type: [AWS::KMS::Key\n')],
        /line \d+, column \d+/,
      ],
      [['--template', write('list.yaml', '- a\n- b\n')], /not an object/],
      [
        ['--template', write('huge.json', `{"Resources":{},"x":"${'x'.repeat(9 * 1024 * 1024)}"}`)],
        /larger than/,
      ],
      [['--template', join(dir, 'missing.json')], /cannot read/],
      [['--template', files.get(corpus[0]!.name)!, '--format', 'xml'], /--format must be/],
      [[], /give --template FILE, --plan FILE, or --task-definition/],
    ];
    for (const [args, reason] of cases) {
      const run = doctor(...args);
      assert.equal(run.code, 2, `${args.join(' ')}: ${run.stdout}${run.stderr}`);
      assert.match(run.stderr, reason);
    }
  });
});
