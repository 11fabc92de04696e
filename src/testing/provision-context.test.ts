import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generatedName } from '../adapters/cloudformation-resources/provider.js';
import { provisionContext } from './provision-context.js';

const root = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x' };

test('generated names are <stack>-<logicalId>-<12 random> within the limit (ref cloudformation-cdk §5.2)', () => {
  const context = provisionContext(root, { stackName: 'MyStack', logicalId: 'MyECSCluster' });
  assert.match(generatedName(context, 255), /^MyStack-MyECSCluster-[A-Z0-9]{12}$/);
  const long = provisionContext(root, { stackName: 'WebStack', logicalId: 'WebLBListenerECSGroup06A2C5E1' });
  const name = generatedName(long, 32);
  assert.equal(name.length, 32);
  assert.match(name, /^WebStack-WebLBListe-[A-Z0-9]{12}$/);
  assert.notEqual(generatedName(context, 255), generatedName(context, 255));
});
