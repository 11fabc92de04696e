// Registry trust settings (issue 16): Distribution over TLS with a certificate from a private CA made by openssl here.
// `berth pull --registry-ca host=file` trusts it as a container instance's daemon would (certs.d); the agent's
// clients trust it for EC2-launch-type tasks (`berth up --registry-ca`) and never for Fargate, which fails with the
// x509 text Fargate gives (ref peers-and-misconfigurations §C17).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createRegistryImageSource } from '../../src/agent/task/index.js';
import { agentRegistryClient } from '../../src/cli/control-plane/agent-registry-client.js';
import { MemoryContentStore } from '../../src/content/index.js';
import { runBerth } from './berth-process.js';
import { type RunningRegistry, startDistributionRegistry } from './support/distribution-registry.js';
import { privateCaCertificate } from './support/self-signed-certificate.js';
import { pushLayout } from './support/skopeo.js';
import { buildTestImages, type TestImages } from './support/test-images.js';

const x509 = 'x509: certificate signed by unknown authority';

describe('a registry with a private CA: berth pull --registry-ca, EC2 tasks trust it, Fargate tasks do not', () => {
  let registry: RunningRegistry;
  let images: TestImages;
  let caPem: string;
  const work = mkdtempSync(join(tmpdir(), 'berth-trust-'));
  const caFile = join(work, 'ca.pem');

  before(async () => {
    // Not loopback: berth (as Docker) speaks plain HTTP to a loopback registry it has no CA for.
    const address = Object.values(networkInterfaces())
      .flat()
      .find((i) => i?.family === 'IPv4' && !i.internal)?.address;
    assert.ok(address, 'this test needs a non-loopback IPv4 address on the host');
    const certificate = await privateCaCertificate(address);
    caPem = certificate.caPem;
    writeFileSync(caFile, caPem);
    registry = await startDistributionRegistry({ kind: 'none' }, { tls: certificate, address });
    images = await buildTestImages();
    await pushLayout(images.layoutDir, 'v1', `${registry.host}/app:v1`);
  });
  after(async () => {
    await registry?.stop();
    rmSync(work, { recursive: true, force: true });
    if (images) rmSync(images.layoutDir, { recursive: true, force: true });
  });

  test('berth pull fails with x509’s text without the CA, and pulls with --registry-ca host=file', () => {
    const state = join(work, 'state');
    const image = `${registry.host}/app:v1`;
    const untrusted = runBerth(['pull', image, '--state', state]);
    assert.equal(untrusted.code, 3);
    assert.ok(untrusted.stderr.includes(x509), untrusted.stderr);
    const trusted = runBerth([
      'pull',
      image,
      '--state',
      state,
      '--registry-ca',
      `${registry.host}=${caFile}`,
      '--json',
    ]);
    assert.equal(trusted.code, 0, trusted.stderr);
    assert.equal(JSON.parse(trusted.stdout).digest, images.app.digest);
    const notPem = runBerth(['pull', image, '--state', state, '--registry-ca', `${registry.host}=${state}`]);
    assert.equal(notPem.code, 2, notPem.stderr);
  });

  test('the agent trusts the CA for an EC2 task; a Fargate task stops with C17’s x509 text', async () => {
    const source = createRegistryImageSource({
      client: agentRegistryClient({ hosts: { [registry.host]: { caBundle: caPem } } }),
      store: new MemoryContentStore(),
      ensureRootfs: async () => '/rootfs',
      platform: { os: 'linux', architecture: 'amd64' },
    });
    const reference = `${registry.host}/app:v1`;
    const pulled = await source.pull({ reference, launchType: 'EC2', onResolved: () => undefined });
    assert.equal(pulled.digest, images.app.digest);
    await assert.rejects(
      source.pull({ reference, launchType: 'FARGATE', onResolved: () => undefined }),
      (error: Error & { reason?: string }) =>
        /^CannotPullContainerError: /.test(error.reason ?? '') && (error.reason ?? '').includes(x509),
    );
  });
});
