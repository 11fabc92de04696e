// Parameter names, paths, selectors and labels (PutParameter's and LabelParameterVersion's "Naming constraints").
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseParameterArn, ssmArns } from '../../../engines/ssm/index.js';
import { MemoryPersistence } from '../../../ports/index.js';
import { ParameterStore, ssmCollections } from '../store.js';
import { isUnderPath, isValidLabel, isValidPath, nameProblem, parseSelector } from './parameter-name.js';

test('names: reserved prefixes in any case, characters, qualified paths, 15 levels', () => {
  assert.equal(nameProblem('/app/db-1_x.y'), undefined);
  assert.equal(nameProblem('plain'), undefined);
  assert.equal(nameProblem('SSMx'), 'reserved');
  assert.equal(nameProblem('/Aws/x'), 'reserved-path');
  // Only the first level is reserved: a stack named ssm-… may still own /stack/ssm-….
  assert.equal(nameProblem('/stack/ssm-param'), undefined);
  assert.equal(nameProblem('/a b'), 'characters');
  assert.equal(nameProblem('/a//b'), 'characters');
  assert.equal(nameProblem('a/b'), 'not-qualified');
  assert.equal(nameProblem(`/${'l/'.repeat(14)}x`), undefined);
  assert.equal(nameProblem(`/${'l/'.repeat(15)}x`), 'depth');
});

test('paths: one level or recursive, a trailing slash or not, root names under /', () => {
  assert.ok(isValidPath('/') && isValidPath('/a/b') && isValidPath('/a/b/'));
  assert.ok(!isValidPath('a') && !isValidPath('/a b'));
  assert.ok(isUnderPath('/a/b', '/a', false));
  assert.ok(!isUnderPath('/a/b/c', '/a', false));
  assert.ok(isUnderPath('/a/b/c', '/a/', true));
  assert.ok(!isUnderPath('/ab', '/a', true));
  assert.ok(isUnderPath('x', '/', false) && isUnderPath('/x', '/', false));
});

test('selectors and labels', () => {
  assert.deepEqual(parseSelector('/a:3'), { name: '/a', selector: { version: 3 } });
  assert.deepEqual(parseSelector('/a:prod'), { name: '/a', selector: { label: 'prod' } });
  assert.deepEqual(parseSelector('/a'), { name: '/a' });
  assert.equal(parseSelector('/a:1:2'), undefined);
  assert.ok(isValidLabel('prod-1.x_y'));
  for (const label of ['1st', 'awsLabel', 'SSMx', 'a b', 'x'.repeat(101), ''])
    assert.ok(!isValidLabel(label));
});

test('ARNs and stored keys: the leading slash is dropped, so x and /x are one parameter', () => {
  const scope = { partition: 'aws', region: 'eu-west-1', account: '000000000000' };
  assert.equal(ssmArns.parameter(scope, '/a/b'), 'arn:aws:ssm:eu-west-1:000000000000:parameter/a/b');
  assert.equal(ssmArns.parameter(scope, 'x'), 'arn:aws:ssm:eu-west-1:000000000000:parameter/x');
  assert.deepEqual(parseParameterArn('arn:aws:ssm:eu-west-1:000000000000:parameter/a/b:prod'), {
    region: 'eu-west-1',
    account: '000000000000',
    path: '/a/b',
    selector: 'prod',
  });
  assert.equal(parseParameterArn('arn:aws:secretsmanager:eu-west-1:000000000000:secret:x'), undefined);
  const p = new MemoryPersistence();
  const store = new ParameterStore(p);
  store.put({ account: '000000000000', region: 'eu-west-1', name: '/a/b', versions: [] } as never);
  assert.ok(p.get(ssmCollections.parameters, '000000000000/eu-west-1/a/b') !== undefined);
  assert.ok(store.parameter({ account: '000000000000', region: 'eu-west-1' }, 'a/b'));
});
