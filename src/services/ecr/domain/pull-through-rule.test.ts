// Which rule a repository name falls under (ref ecr §1.3 "Pull-through cache rules", §3.5).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  credentialArnPattern,
  matchRule,
  normalizePrefix,
  type PullThroughRuleDocument,
  repositoryPrefixPattern,
  upstreamRegistryOf,
} from './pull-through-rule.js';

const rule = (ecrRepositoryPrefix: string, upstreamRepositoryPrefix = 'ROOT'): PullThroughRuleDocument => ({
  account: '000000000000',
  region: 'us-east-1',
  ecrRepositoryPrefix,
  upstreamRegistryUrl: 'registry-1.docker.io',
  upstreamRegistry: 'docker-hub',
  upstreamRepositoryPrefix,
  createdAt: 0,
  updatedAt: 0,
});

test('the longest matching prefix wins, ROOT matches last, and the rest is the upstream repository', () => {
  const rules = [rule('ROOT'), rule('docker-hub'), rule('docker-hub/library', 'mirror')];
  assert.deepEqual(matchRule(rules, 'docker-hub/library/nginx'), {
    rule: rules[2],
    upstreamRepository: 'mirror/nginx',
  });
  assert.deepEqual(matchRule(rules, 'docker-hub/bitnami/redis'), {
    rule: rules[1],
    upstreamRepository: 'bitnami/redis',
  });
  assert.deepEqual(matchRule(rules, 'web'), { rule: rules[0], upstreamRepository: 'web' });
  assert.equal(matchRule([rule('docker-hub')], 'docker-hubx/nginx'), undefined);
  assert.equal(matchRule([rule('docker-hub')], 'docker-hub'), undefined);
});

test('prefixes: "There is always an assumed / applied to the end of the prefix"; the grammar takes ROOT', () => {
  assert.equal(normalizePrefix('docker-hub/'), 'docker-hub');
  for (const good of ['docker-hub', 'docker-hub/', 'a/b', 'ROOT'])
    assert.ok(repositoryPrefixPattern.test(good), good);
  for (const bad of ['Docker', '/x', 'x//', 'a_']) assert.ok(!repositoryPrefixPattern.test(bad), bad);
});

test('the credentialArn pattern requires a secret named ecr-pullthroughcache/…', () => {
  const arn = (name: string) => `arn:aws:secretsmanager:us-east-1:000000000000:secret:${name}-AbCdEf`;
  assert.ok(credentialArnPattern.test(arn('ecr-pullthroughcache/docker-hub')));
  assert.ok(!credentialArnPattern.test(arn('docker-hub')));
  assert.ok(!credentialArnPattern.test(arn('ecr-pullthroughcache')));
});

test('upstream registries by URL; hosts AWS does not list are berth’s `custom`', () => {
  assert.equal(upstreamRegistryOf('registry-1.docker.io'), 'docker-hub');
  assert.equal(upstreamRegistryOf('https://ghcr.io/'), 'github-container-registry');
  assert.equal(upstreamRegistryOf('123456789012.dkr.ecr.eu-west-1.amazonaws.com'), 'ecr');
  assert.equal(upstreamRegistryOf('127.0.0.1:5000'), 'custom');
});
