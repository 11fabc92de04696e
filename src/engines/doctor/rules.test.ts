// The doctor's rule table (house style E4): a correct chain gives no error findings; each row's misconfiguration,
// from ref peers-and-misconfigurations §C, gives exactly that row's finding (positive) and its nearest correct
// variant none (negative).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { allowing, denyUnlessVpce, trustFor } from '../../testing/doctor-policies.js';
import { Unknown } from '../cloudformation/index.js';
import type {
  ChainModel,
  ContainerNode,
  KeyNode,
  RoleNode,
  SecretNode,
  TaskDefinitionNode,
} from './chain-model.js';
import { diagnose } from './diagnose.js';
import { defaultKeyPolicy } from './policies.js';

const account = '111122223333';
const roleArn = `arn:aws:iam::${account}:role/exec`;
const secretArn = `arn:aws:secretsmanager:us-east-1:${account}:secret:registry/ghcr-AbC123`;
const keyArn = `arn:aws:kms:us-east-1:${account}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const at = (pointer: string) => ({ file: 'test.json', pointer });

const trust = trustFor('ecs-tasks.amazonaws.com');
const allow = (action: string, resource: string) => ({
  name: `allow-${action}`,
  document: allowing(action, resource),
});

interface Parts {
  role: { -readonly [K in keyof RoleNode]: RoleNode[K] };
  secret: SecretNode;
  key: KeyNode;
  container: ContainerNode;
  task: Omit<TaskDefinitionNode, 'containers'>;
  complete: boolean;
  extraSecrets: SecretNode[];
}

function parts(): Parts {
  return {
    role: {
      arn: roleArn,
      name: 'exec',
      trustPolicy: trust,
      policies: [allow('secretsmanager:GetSecretValue', secretArn), allow('kms:Decrypt', keyArn)],
      location: at('/role'),
    },
    secret: {
      arn: secretArn,
      name: 'registry/ghcr',
      kmsKeyId: keyArn,
      value: { kind: 'string', text: '{"username":"u","password":"p"}' },
      location: at('/secret'),
    },
    key: {
      arn: keyArn,
      keyId: '1234abcd-12ab-34cd-56ef-1234567890ab',
      aliases: [],
      awsManaged: false,
      policy: defaultKeyPolicy('aws', account),
      location: at('/key'),
    },
    container: {
      name: 'web',
      image: 'ghcr.io/acme/web:1',
      credentialsParameter: secretArn,
      location: at('/c'),
    },
    task: { name: 'web', executionRoleArn: roleArn, fargate: true, networks: [], location: at('/task') },
    complete: false,
    extraSecrets: [],
  };
}

function model(p: Parts): ChainModel {
  return {
    account,
    region: 'us-east-1',
    partition: 'aws',
    complete: p.complete,
    taskDefinitions: [{ ...p.task, containers: [p.container] }],
    roles: [p.role],
    secrets: [p.secret, ...p.extraSecrets],
    keys: [p.key],
  };
}

function errorsOf(p: Parts): string[] {
  return diagnose(model(p))
    .filter((f) => f.severity === 'error')
    .map((f) => f.rule);
}

function rulesOf(p: Parts): string[] {
  return diagnose(model(p)).map((f) => f.rule);
}

test('a correct chain (CMK with kms:Decrypt, full ARN, JSON value) has no findings', () => {
  assert.deepEqual(diagnose(model(parts())), []);
});

interface Row {
  readonly code: string;
  readonly source: string;
  readonly broken: (p: Parts) => void;
  readonly fine: (p: Parts) => void;
  readonly severity?: 'warning';
  /** A fragment of what ECS will show. */
  readonly ecs: RegExp;
}

const otherAccount = '444455556666';
const crossSecret = `arn:aws:secretsmanager:us-east-1:${otherAccount}:secret:shared-XyZ789`;

const rows: readonly Row[] = [
  {
    code: 'C1',
    source: '§C1: permission on the task role, none on the execution role',
    broken: (p) => {
      p.role.policies = [allow('kms:Decrypt', keyArn)] as never;
    },
    fine: (p) => {
      p.role.policies = [allow('secretsmanager:*', '*'), allow('kms:Decrypt', keyArn)] as never;
    },
    ecs: /is not authorized to perform: secretsmanager:GetSecretValue on resource: .*because no identity-based policy allows/,
  },
  {
    code: 'C2',
    source: '§C2: no executionRoleArn',
    broken: (p) => {
      p.task = { ...p.task, executionRoleArn: undefined };
    },
    fine: () => {},
    ecs: /Private repository authentication requires that the task definition specify a value for executionRoleArn/,
  },
  {
    code: 'C3',
    source: '§C3: trust names ecs.amazonaws.com',
    broken: (p) => {
      (p.role as { trustPolicy: unknown }).trustPolicy = {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { Service: 'ecs.amazonaws.com' }, Action: 'sts:AssumeRole' },
        ],
      };
    },
    fine: (p) => {
      (p.role as { trustPolicy: unknown }).trustPolicy = {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: ['ecs.amazonaws.com', 'ecs-tasks.amazonaws.com'] },
            Action: 'sts:AssumeRole',
          },
        ],
      };
    },
    ecs: /ECS was unable to assume the role 'arn:aws:iam::111122223333:role\/exec'/,
  },
  {
    code: 'C4',
    source: '§C4: CMK without kms:Decrypt in the role',
    broken: (p) => {
      p.role.policies = [allow('secretsmanager:GetSecretValue', secretArn)] as never;
    },
    fine: (p) => {
      // The key policy may grant it instead, through Secrets Manager only (kms:ViaService understood).
      p.role.policies = [allow('secretsmanager:GetSecretValue', secretArn)] as never;
      (p.key as { policy: unknown }).policy = {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: roleArn },
            Action: 'kms:Decrypt',
            Resource: '*',
            Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com' } },
          },
        ],
      };
    },
    ecs: /AccessDeniedException: Access to KMS is not allowed/,
  },
  {
    code: 'C5',
    source: '§C5: cross-account secret without a resource policy',
    broken: (p) => {
      p.secret = { ...p.secret, arn: crossSecret, name: 'shared' };
      p.container = { ...p.container, credentialsParameter: crossSecret };
      p.role.policies = [
        allow('secretsmanager:GetSecretValue', crossSecret),
        allow('kms:Decrypt', keyArn),
      ] as never;
    },
    fine: (p) => {
      p.secret = {
        ...p.secret,
        arn: crossSecret,
        name: 'shared',
        resourcePolicy: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: roleArn },
              Action: 'secretsmanager:GetSecretValue',
              Resource: '*',
            },
          ],
        },
      };
      p.container = { ...p.container, credentialsParameter: crossSecret };
      p.role.policies = [
        allow('secretsmanager:GetSecretValue', crossSecret),
        allow('kms:Decrypt', keyArn),
      ] as never;
    },
    ecs: /because no resource-based policy allows/,
  },
  {
    code: 'C6',
    source: '§C6: partial ARN in credentialsParameter, policy on the full ARN',
    broken: (p) => {
      p.container = { ...p.container, credentialsParameter: secretArn.slice(0, -7) };
    },
    fine: (p) => {
      p.container = { ...p.container, credentialsParameter: secretArn.slice(0, -7) };
      p.role.policies = [
        allow('secretsmanager:GetSecretValue', `${secretArn.slice(0, -7)}*`),
        allow('kms:Decrypt', keyArn),
      ] as never;
    },
    ecs: /on resource: arn:aws:secretsmanager:us-east-1:111122223333:secret:registry\/ghcr because/,
  },
  {
    code: 'C7',
    source: '§C7: secret does not exist (live account)',
    broken: (p) => {
      p.complete = true;
      p.container = { ...p.container, credentialsParameter: 'registry/typo' };
    },
    fine: (p) => {
      p.complete = true;
      p.container = { ...p.container, credentialsParameter: 'registry/ghcr' };
    },
    ecs: /The task can't retrieve the secret with ARN 'registry\/typo'/,
  },
  {
    code: 'C8',
    source: '§C8: unresolved CDK token',
    broken: (p) => {
      p.container = { ...p.container, credentialsParameter: '${Token[TOKEN.123]}' };
    },
    fine: () => {},
    ecs: /The repository credentials parameter specified for container 'web' is invalid/,
  },
  {
    code: 'C9',
    source: '§C9: plaintext token',
    broken: (p) => {
      p.secret = { ...p.secret, value: { kind: 'string', text: 'ghp_token' } };
    },
    fine: (p) => {
      p.secret = {
        ...p.secret,
        value: { kind: 'generated', template: '{"username":"bot"}', key: 'password' },
      };
    },
    ecs: /unable to unmarshal secret value, invalid schema/,
  },
  {
    code: 'C10',
    source: '§C10: wrong key name',
    broken: (p) => {
      p.secret = { ...p.secret, value: { kind: 'string', text: '{"user":"u","password":"p"}' } };
    },
    fine: (p) => {
      p.secret = { ...p.secret, value: { kind: 'string', text: '{"UserName":"u","PASSWORD":"p"}' } };
    },
    ecs: /asm fetching username: AuthorizationData is malformed, empty field/,
  },
  {
    code: 'C11',
    source: '§C11: the registry refuses the credentials (live login)',
    broken: (p) => {
      p.container = {
        ...p.container,
        registryLogin: { outcome: 'unauthorized', detail: '401 Unauthorized' },
      };
    },
    fine: (p) => {
      p.container = { ...p.container, registryLogin: { outcome: 'ok', detail: '' } };
    },
    ecs: /CannotPullContainerError: .*401 Unauthorized/,
  },
  {
    code: 'C12',
    source: '§C12: credentials on an ECR image',
    broken: (p) => {
      p.container = { ...p.container, image: `${account}.dkr.ecr.us-east-1.amazonaws.com/web:1` };
    },
    fine: () => {},
    ecs: /Private repository credentials are not a supported authentication method for ECR repositories/,
  },
  {
    code: 'C13',
    source: '§C13: private subnet without NAT or endpoints',
    broken: (p) => {
      p.task = {
        ...p.task,
        networks: [
          {
            name: 'service web',
            assignPublicIp: false,
            subnets: [{ id: 'subnet-1', defaultRoute: 'none', endpoints: ['secretsmanager'] }],
            location: at('/svc'),
          },
        ],
      };
    },
    fine: (p) => {
      p.task = {
        ...p.task,
        networks: [
          {
            name: 'service web',
            assignPublicIp: true,
            subnets: [{ id: 'subnet-1', defaultRoute: 'internet-gateway', endpoints: [] }],
            location: at('/svc'),
          },
        ],
      };
    },
    ecs: /i\/o timeout|check your task network configuration/,
  },
  {
    code: 'C14',
    source: '§C14: resource policy Deny unless aws:SourceVpce',
    broken: (p) => {
      p.secret = {
        ...p.secret,
        resourcePolicy: denyUnlessVpce,
      };
    },
    fine: (p) => {
      p.secret = {
        ...p.secret,
        resourcePolicy: {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Deny', Principal: '*', Action: 'secretsmanager:DeleteSecret', Resource: '*' },
          ],
        },
      };
    },
    ecs: /with an explicit deny in a resource-based policy/,
  },
  {
    code: 'C15',
    source: '§C15: scheduled for deletion',
    broken: (p) => {
      p.secret = { ...p.secret, deletionDate: '2026-12-31T00:00:00Z' };
    },
    fine: () => {},
    ecs: /marked for deletion/,
  },
  {
    code: 'C16',
    source: '§C16: anonymous Docker Hub pull',
    severity: 'warning',
    broken: (p) => {
      p.container = { name: 'web', image: 'nginx:1.27', location: at('/c') };
    },
    fine: (p) => {
      p.container = { ...p.container, image: 'docker.io/acme/private:1' };
    },
    ecs: /toomanyrequests/,
  },
  {
    code: 'C17',
    source: '§C17: private CA registry on Fargate',
    severity: 'warning',
    broken: (p) => {
      p.container = { ...p.container, image: 'registry.corp.internal/web:1' };
    },
    fine: (p) => {
      p.task = { ...p.task, fargate: false };
      p.container = { ...p.container, image: 'registry.corp.internal/web:1' };
    },
    ecs: /x509: certificate signed by unknown authority/,
  },
];

describe('each rule: its misconfiguration gives exactly its finding, the correct variant none', () => {
  for (const row of rows) {
    test(`${row.code} (ref peers-and-misconfigurations ${row.source})`, () => {
      const broken = parts();
      row.broken(broken);
      const findings = diagnose(model(broken));
      assert.deepEqual(
        findings.map((f) => f.rule),
        [row.code],
        JSON.stringify(findings, null, 1),
      );
      assert.equal(findings[0]!.severity, row.severity ?? 'error');
      assert.match(findings[0]!.ecs ?? '', row.ecs);
      assert.ok(findings[0]!.fix.length > 0);
      const fine = parts();
      row.fine(fine);
      assert.deepEqual(errorsOf(fine), [], JSON.stringify(diagnose(model(fine)), null, 1));
      if (row.severity === 'warning')
        assert.deepEqual(
          rulesOf(fine).filter((r) => r === row.code),
          [],
        );
    });
  }
});

test('the fix for C1 names the secret with ?????? when only a placeholder suffix is known', () => {
  const p = parts();
  const placeholder = `arn:aws:secretsmanager:us-east-1:${account}:secret:registry/ghcr-PHLDR0`;
  p.secret = { ...p.secret, arn: placeholder };
  p.container = { ...p.container, credentialsParameter: placeholder };
  p.role.policies = [allow('kms:Decrypt', keyArn)] as never;
  const [finding] = diagnose(model(p));
  assert.match(
    finding!.fix,
    /"Resource":"arn:aws:secretsmanager:us-east-1:111122223333:secret:registry\/ghcr-\?\?\?\?\?\?"/,
  );
});

test('what the input does not hold is reported as undecided, never as fine', () => {
  const p = parts();
  p.container = { ...p.container, credentialsParameter: 'registry/elsewhere' };
  const findings = diagnose(model(p));
  assert.equal(findings.length, 1);
  assert.equal(findings[0]!.undecided, true);
  assert.equal(findings[0]!.severity, 'warning');
  assert.match(findings[0]!.message, /is not in the input/);
  const q = parts();
  q.role.policies = [
    { name: 'imported', document: new Unknown('Fn::ImportValue reads another stack’s export', '/x') },
  ];
  const unknown = diagnose(model(q));
  assert.ok(unknown.every((f) => f.undecided));
  assert.match(unknown[0]!.message, /ImportValue/);
});

test('a secret only named by ARN is judged on that ARN: a partial one (CDK fromSecretNameV2) against name-?????? is C6', () => {
  const p = parts();
  const partial = `arn:aws:secretsmanager:us-east-1:${account}:secret:registry/hub`;
  p.container = { ...p.container, credentialsParameter: partial };
  p.role.policies = [allow('secretsmanager:GetSecretValue', `${partial}-??????`)];
  const findings = diagnose(model(p));
  assert.deepEqual(
    findings.filter((f) => !f.undecided).map((f) => [f.rule, f.severity]),
    [['C6', 'error']],
  );
  assert.match(findings[0]!.message, /assuming it has no resource policy/);
  // The same secret by its full ARN passes the GetSecretValue check; its key and value stay undecided.
  p.container = { ...p.container, credentialsParameter: `${partial}-Zx81Qa` };
  assert.ok(diagnose(model(p)).every((f) => f.undecided));
});

test('a secret in another account that the input does not show is a C5 warning, not a guess', () => {
  const p = parts();
  p.container = { ...p.container, credentialsParameter: crossSecret };
  assert.deepEqual(
    diagnose(model(p)).map((f) => [f.rule, f.severity]),
    [['C5', 'warning']],
  );
});
