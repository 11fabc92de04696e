// `berth doctor --plan` over Terraform JSON plans written from the documented format (terraform-plans.ts): a correct
// plan gives no findings, each misconfiguration exactly its rule (ref peers-and-misconfigurations §C), links known
// only after apply are followed through the configuration's references, and bad plans are refused.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { planModel } from '../../src/cli/commands/doctor/plan-input.js';
import { diagnose } from '../../src/engines/doctor/index.js';
import { isBerthError } from '../../src/errors/index.js';
import { denyUnlessVpce } from '../../src/testing/doctor-policies.js';
import { basePlan, createPlan, type PlanResource, planFacts, planJson } from './terraform-plans.js';

const { secretArn, keyArn, trust, allow, containers } = planFacts;
const scope = { accountId: planFacts.account, region: 'us-east-1' };
const main = join(import.meta.dirname, '../../src/cli/main.ts');

function findings(resources: readonly PlanResource[]) {
  return diagnose(planModel(planJson(resources), 'plan.json', scope));
}

function find(resources: PlanResource[], type: string): PlanResource {
  return resources.find((r) => r.type === type)!;
}

test('a correct plan (CMK, kms:Decrypt, full ARN, JSON value) has no findings', () => {
  assert.deepEqual(findings(basePlan()), []);
});

test('a create plan: the role ARN known after apply is followed by reference; NAT route found; no findings', () => {
  const plan = createPlan();
  find(plan, 'aws_ecs_service').values.network_configuration = [
    { assign_public_ip: false, subnets: ['(known after apply: aws_subnet.private.id)'] },
  ];
  assert.deepEqual(findings(plan), []);
});

interface Row {
  readonly code: string;
  readonly source: string;
  readonly severity?: 'warning';
  readonly mutate: (plan: PlanResource[]) => void;
}

const task = (plan: PlanResource[]) => find(plan, 'aws_ecs_task_definition').values;
const rolePolicy = (plan: PlanResource[]) => find(plan, 'aws_iam_role_policy').values;

const rows: readonly Row[] = [
  {
    code: 'C1',
    source: '§C1',
    mutate: (p) => {
      rolePolicy(p).policy = allow('kms:Decrypt', keyArn);
    },
  },
  {
    code: 'C2',
    source: '§C2',
    mutate: (p) => {
      delete task(p).execution_role_arn;
    },
  },
  {
    code: 'C3',
    source: '§C3',
    mutate: (p) => {
      find(p, 'aws_iam_role').values.assume_role_policy = trust('ec2.amazonaws.com');
    },
  },
  {
    code: 'C4',
    source: '§C4',
    mutate: (p) => {
      rolePolicy(p).policy = allow('secretsmanager:GetSecretValue', secretArn);
    },
  },
  {
    code: 'C6',
    source: '§C6',
    mutate: (p) => {
      task(p).container_definitions = containers('ghcr.io/acme/web:1', secretArn.slice(0, -7));
    },
  },
  {
    code: 'C8',
    source: '§C8',
    mutate: (p) => {
      task(p).container_definitions = containers('ghcr.io/acme/web:1', 'registry ghcr');
    },
  },
  {
    code: 'C9',
    source: '§C9',
    mutate: (p) => {
      find(p, 'aws_secretsmanager_secret_version').values.secret_string = 'ghp_0123456789';
    },
  },
  {
    code: 'C10',
    source: '§C10',
    mutate: (p) => {
      find(p, 'aws_secretsmanager_secret_version').values.secret_string = '{"username":"bot","token":"x"}';
    },
  },
  {
    code: 'C12',
    source: '§C12',
    mutate: (p) => {
      task(p).container_definitions = containers(
        '111122223333.dkr.ecr.us-east-1.amazonaws.com/web:1',
        secretArn,
      );
    },
  },
  {
    code: 'C13',
    source: '§C13',
    mutate: (p) => {
      p.push(
        {
          type: 'aws_subnet',
          name: 'isolated',
          values: { id: 'subnet-0iso', vpc_id: 'vpc-0abc' },
          unknown: {},
        },
        { type: 'aws_route_table', name: 'isolated', values: { id: 'rtb-0iso', route: [] }, unknown: {} },
        {
          type: 'aws_route_table_association',
          name: 'isolated',
          values: { subnet_id: 'subnet-0iso', route_table_id: 'rtb-0iso' },
          unknown: {},
        },
        {
          type: 'aws_ecs_service',
          name: 'web',
          values: {
            task_definition: 'web:3',
            network_configuration: [{ subnets: ['subnet-0iso'], assign_public_ip: false }],
          },
          unknown: {},
        },
      );
    },
  },
  {
    code: 'C14',
    source: '§C14',
    mutate: (p) =>
      void p.push({
        type: 'aws_secretsmanager_secret_policy',
        name: 'registry',
        values: {
          secret_arn: secretArn,
          policy: JSON.stringify(denyUnlessVpce),
        },
        unknown: {},
      }),
  },
  {
    code: 'C16',
    source: '§C16',
    severity: 'warning',
    mutate: (p) => {
      task(p).container_definitions = containers('nginx:1.27');
    },
  },
  {
    code: 'C17',
    source: '§C17',
    severity: 'warning',
    mutate: (p) => {
      task(p).container_definitions = containers('registry.corp.internal/web:1', secretArn);
    },
  },
];

describe('each rule from a plan', () => {
  for (const row of rows) {
    test(`${row.code} (ref peers-and-misconfigurations ${row.source})`, () => {
      const plan = basePlan();
      row.mutate(plan);
      const found = findings(plan);
      assert.deepEqual(
        found.map((f) => [f.rule, f.severity]),
        [[row.code, row.severity ?? 'error']],
        JSON.stringify(found, null, 1),
      );
      assert.match(found[0]!.location.pointer, /^aws_/);
    });
  }
});

test('container_definitions known only after apply is undecided, never fine', () => {
  const plan = basePlan();
  const definition = find(plan, 'aws_ecs_task_definition');
  delete definition.values.container_definitions;
  definition.unknown = { container_definitions: ['aws_secretsmanager_secret.registry.arn'] };
  const found = findings(plan);
  assert.ok(found.length > 0 && found.every((f) => f.undecided), JSON.stringify(found));
});

test('bad plans are refused with BERTH_INVALID_PLAN', () => {
  const refuse = (text: string, reason: RegExp) => {
    assert.throws(
      () => planModel(text, 'plan.json', scope),
      (error) => isBerthError(error) && error.code === 'BERTH_INVALID_PLAN' && reason.test(error.message),
    );
  };
  refuse(planJson(basePlan()).slice(0, 300), /not JSON/);
  refuse('{"Resources": {}}', /format_version/);
  const plan = basePlan();
  task(plan).container_definitions = '{"name": "web"';
  refuse(planJson(plan), /container_definitions is not a JSON document/);
  task(plan).container_definitions = '{"name": "web"}';
  refuse(planJson(plan), /not a JSON list/);
});

test('berth doctor --plan: json findings and exit 1; a correct plan exits 0', () => {
  const dir = mkdtempSync(join(tmpdir(), 'berth-doctor-plan-'));
  try {
    const broken = basePlan();
    rolePolicy(broken).policy = allow('kms:Decrypt', keyArn);
    const files = { broken: join(dir, 'broken.json'), fine: join(dir, 'fine.json') };
    writeFileSync(files.broken, planJson(broken));
    writeFileSync(files.fine, planJson(basePlan()));
    const run = (file: string) =>
      spawnSync(
        process.execPath,
        [
          '--import',
          'tsx',
          main,
          'doctor',
          '--plan',
          file,
          '--account-id',
          planFacts.account,
          '--format',
          'json',
        ],
        {
          encoding: 'utf8',
        },
      );
    const bad = run(files.broken);
    assert.equal(bad.status, 1, bad.stderr);
    const [finding] = JSON.parse(bad.stdout).findings;
    assert.deepEqual(
      [finding.rule, finding.location],
      ['C1', { file: files.broken, pointer: 'aws_ecs_task_definition.web.container_definitions[0]' }],
    );
    assert.equal(run(files.fine).status, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('property: any text is read as a plan or refused with BERTH_INVALID_PLAN, never anything else', () => {
  const pieces = fc.constantFrom(
    '{',
    '}',
    '[',
    ']',
    ',',
    ':',
    '"format_version":"1.2"',
    '"planned_values":',
    '"root_module":',
    '"resources":',
    '"child_modules":',
    '"values":',
    '"address":"aws_ecs_task_definition.x"',
    '"type":"aws_ecs_task_definition"',
    '"type":"aws_iam_role"',
    '"container_definitions":',
    '"[{\\"name\\":1}]"',
    '"[null]"',
    '"inline_policy":[null]',
    '"network_configuration":[null]',
    '"type":"aws_ecs_service"',
    '"assume_role_policy":"{"',
    '"__proto__":',
    'null',
    '1',
    '"x"',
  );
  const text = fc.oneof(
    fc.string({ maxLength: 60 }),
    fc.array(pieces, { maxLength: 40 }).map((parts) => parts.join('')),
  );
  fc.assert(
    fc.property(text, (plan) => {
      try {
        diagnose(planModel(plan, 'plan.json', scope));
      } catch (error) {
        if (!isBerthError(error) || error.code !== 'BERTH_INVALID_PLAN') throw error;
      }
    }),
    { numRuns: 2000 },
  );
});

test('property: plans of the right outline with any attribute values are read or refused, never anything else', () => {
  const types = fc.constantFrom(
    'aws_ecs_task_definition',
    'aws_iam_role',
    'aws_iam_role_policy',
    'aws_iam_policy',
    'aws_iam_role_policy_attachment',
    'aws_secretsmanager_secret',
    'aws_secretsmanager_secret_version',
    'aws_secretsmanager_secret_policy',
    'aws_kms_key',
    'aws_kms_alias',
    'aws_ecs_service',
    'aws_subnet',
    'aws_route_table',
    'aws_route_table_association',
    'aws_route',
    'aws_vpc_endpoint',
  );
  const attribute = fc.constantFrom(
    'name',
    'arn',
    'id',
    'role',
    'policy',
    'policy_arn',
    'container_definitions',
    'execution_role_arn',
    'inline_policy',
    'managed_policy_arns',
    'assume_role_policy',
    'secret_id',
    'secret_arn',
    'secret_string',
    'kms_key_id',
    'network_configuration',
    'subnets',
    'subnet_id',
    'route_table_id',
    'route',
    'vpc_id',
    'task_definition',
  );
  const value = fc.oneof(
    fc.jsonValue({ maxDepth: 3 }),
    fc.constantFrom(
      '[null]',
      '[{"repositoryCredentials":null}]',
      '{"Statement":[]}',
      '[]',
      'subnet-1',
      'rtb-1',
    ),
  );
  const resource = fc.record({
    type: types,
    name: fc.constantFrom('a', 'b'),
    values: fc.dictionary(attribute, value, { maxKeys: 6 }),
  });
  fc.assert(
    fc.property(fc.array(resource, { maxLength: 6 }), (resources) => {
      const plan = JSON.stringify({
        format_version: '1.2',
        planned_values: {
          root_module: {
            resources: resources.map((r) => ({ address: `${r.type}.${r.name}`, mode: 'managed', ...r })),
          },
        },
      });
      try {
        diagnose(planModel(plan, 'plan.json', scope));
      } catch (error) {
        if (!isBerthError(error) || error.code !== 'BERTH_INVALID_PLAN') throw error;
      }
    }),
    { numRuns: 1500 },
  );
});
