// The ECS image rule (ref ecs-private-auth §2.1 Image) and ECR registry detection (ref ecs-private-auth §4).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { ecrRegistryOf, imageProblem } from './image-name.js';

test('images: charset and length', () => {
  for (const ok of ['nginx', 'ghcr.io/acme/app:1.0', 'registry:5000/a/b@sha256:abc', 'quay.io/x#y'])
    assert.equal(imageProblem(ok), undefined, ok);
  assert.equal(imageProblem(''), 'empty');
  assert.equal(imageProblem('a'.repeat(256)), 'too-long');
  assert.equal(imageProblem('a'.repeat(255)), undefined);
  assert.equal(imageProblem('nginx latest'), 'invalid');
  assert.equal(imageProblem('ngïnx'), 'invalid');
});

test('ECR registries, FIPS and China included; other hosts are not ECR', () => {
  assert.deepEqual(ecrRegistryOf('111122223333.dkr.ecr.us-west-2.amazonaws.com/team/app:1'), {
    registryId: '111122223333',
    region: 'us-west-2',
    fips: false,
    host: '111122223333.dkr.ecr.us-west-2.amazonaws.com',
  });
  assert.equal(ecrRegistryOf('111122223333.dkr.ecr-fips.us-east-1.amazonaws.com/app')?.fips, true);
  assert.equal(ecrRegistryOf('111122223333.dkr.ecr.cn-north-1.amazonaws.com.cn/app')?.region, 'cn-north-1');
  for (const other of [
    'nginx',
    'docker.io/library/nginx',
    'public.ecr.aws/nginx/nginx',
    'evil.com/111122223333.dkr.ecr.us-east-1.amazonaws.com/x',
  ])
    assert.equal(ecrRegistryOf(other), undefined, other);
});

test('property: any text is classified without throwing; whitespace is always invalid', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 300 }), (text) => {
      ecrRegistryOf(text);
      const problem = imageProblem(text);
      if (text.length > 0 && text.length <= 255 && /\s/.test(text)) assert.equal(problem, 'invalid');
      if (text.length > 255) assert.equal(problem, 'too-long');
    }),
  );
});
