// The keys each store writes under, pinned: a state dir written by an earlier berth must keep working, so the key
// format of every collection may never change by accident (the stores build keys through ports/scoped-collection).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemoryPersistence } from '../../src/ports/index.js';
import { EcsStore } from '../../src/services/ecs/store.js';
import { IamStore } from '../../src/services/iam/store.js';
import { KmsStore } from '../../src/services/kms/store.js';
import { SecretStore } from '../../src/services/secretsmanager/store.js';

const account = '000000000000';
const region = 'eu-west-1';
const at = `${account}/${region}`;

/** The raw keys present in `collection`, out of `expected`; a missing one fails. */
function assertStored(p: MemoryPersistence, collection: string, expected: string[]): void {
  for (const key of expected)
    assert.ok(p.get(collection, key) !== undefined, `${collection}: no document at ${key}`);
}

test('ECS: clusters, families, task definitions (zero-padded revision) and tasks (cluster/taskId)', () => {
  const p = new MemoryPersistence();
  const store = new EcsStore(p);
  store.putCluster({ account, region, clusterName: 'web' } as never);
  store.putFamily({ account, region, family: 'app' } as never);
  store.putTaskDefinition({ account, region, definition: { family: 'app', revision: 12 } } as never);
  store.putTask({ account, region, clusterName: 'web', taskId: 'abc' } as never);
  assertStored(p, 'ecs.clusters', [`${at}/web`]);
  assertStored(p, 'ecs.families', [`${at}/app`]);
  assertStored(p, 'ecs.task-definitions', [`${at}/app:000000012`]);
  assertStored(p, 'ecs.tasks', [`${at}/web/abc`]);
  assert.equal(store.tasks(account, region, 'web').length, 1);
  assert.equal(store.taskDefinitions(account, region, 'app').length, 1);
  store.deleteTask({ account, region, clusterName: 'web', taskId: 'abc' } as never);
  assert.equal(p.get('ecs.tasks', `${at}/web/abc`), undefined);
});

test('IAM (global): lower-cased names, policy usage by ARN, access keys and their index', () => {
  const p = new MemoryPersistence();
  const store = new IamStore(p);
  store.putRole(account, { name: 'Deploy' } as never);
  store.putUser(account, { name: 'Alice' } as never);
  store.putPolicy(account, { name: 'ReadOnly' } as never);
  const arn = `arn:aws:iam::${account}:policy/ReadOnly`;
  store.countUsage(account, arn, 1, 0);
  store.putAccessKey(account, { accessKeyId: 'AKIAEXAMPLE', userName: 'Alice' } as never);
  assertStored(p, 'iam.roles', [`${account}/deploy`]);
  assertStored(p, 'iam.users', [`${account}/alice`]);
  assertStored(p, 'iam.policies', [`${account}/readonly`]);
  assertStored(p, 'iam.policy-usage', [`${account}/${arn}`]);
  assertStored(p, 'iam.access-keys', [`${account}/AKIAEXAMPLE`]);
  assertStored(p, 'iam.access-key-index', ['AKIAEXAMPLE']);
  assert.equal(store.listAccessKeys(account, 'alice').length, 1);
});

test('KMS: keys by key id, aliases by alias name', () => {
  const p = new MemoryPersistence();
  const store = new KmsStore(p, () => new Date(0));
  store.putKey({ account, region, keyId: 'k-1', arn: 'arn:key' } as never);
  store.putAlias({ account, region, aliasName: 'alias/app', targetKeyId: 'k-1' } as never);
  assertStored(p, 'kms.keys', [`${at}/k-1`]);
  assertStored(p, 'kms.aliases', [`${at}/alias/app`]);
  assert.equal(store.aliases(account, region).length, 1);
});

test('Secrets Manager: secrets by name, values by ARN#versionId', () => {
  const p = new MemoryPersistence();
  const store = new SecretStore(p, () => new Date(0));
  const arn = `arn:aws:secretsmanager:${region}:${account}:secret:team/db-AbCdEf`;
  store.putSecret({ account, region, name: 'team/db', arn, versions: [] } as never);
  store.putValue(arn, 'v1', { sealed: 'x' } as never);
  assertStored(p, 'secretsmanager.secrets', [`${at}/team/db`]);
  assertStored(p, 'secretsmanager.values', [`${arn}#v1`]);
  assert.equal(store.secrets(account, region).length, 1);
});
