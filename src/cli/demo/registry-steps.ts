// Step 1 of the demo: a user of berth's registry (as `berth registry user add` makes one) and the web image, built
// here from the host's busybox and pushed with berth's own registry client under that user's login.
import { SqlitePersistence } from '../../adapters/sqlite/index.js';
import { stateDirLayout } from '../../adapters/state-dir/index.js';
import { type Digest, parseReference } from '../../engines/oci/index.js';
import type { Secret } from '../../errors/index.js';
import { hostKeychain, pushImage, RegistryClient } from '../../registry/client/index.js';
import { RegistryUsers } from '../../registry/server/index.js';
import { type DemoContext, demoNames } from './demo-context.js';
import { shellLine } from './shell-line.js';
import { buildWebImage } from './web-image.js';

/** The title of the page the demo's task serves. */
const demoPage = 'hello from berth: this page came from a private registry';

export interface PushedWebImage {
  /** `127.0.0.1:PORT/demo/web:latest`. */
  readonly reference: string;
  readonly digest: Digest;
  readonly page: string;
}

export async function registryUserAndImage(context: DemoContext, password: Secret): Promise<PushedWebImage> {
  const { print, registryHost } = context;
  const user = demoNames.registryUser;
  print.step("A registry user, and the web image pushed to berth's registry with its login");
  print.command(
    `${shellLine(['berth', 'registry', 'user', 'add', user, '--password-stdin'])} < password.txt`,
  );
  addRegistryUser(context.berth.stateDir, user, password);

  const reference = `${registryHost}/${demoNames.repository}:latest`;
  print.command(
    `${shellLine(['docker', 'login', registryHost, '--username', user, '--password-stdin'])} < password.txt`,
  );
  print.command(shellLine(['docker', 'push', reference]));
  const web = await buildWebImage({ title: demoPage });
  const client = new RegistryClient({ keychain: hostKeychain(registryHost, { username: user, password }) });
  try {
    const pushed = await pushImage(client, parseReference(reference), web.image.content);
    const size = web.image.layers.reduce((sum, layer) => sum + layer.size, 0);
    print.result(`${reference} is ${pushed.digest}`);
    print.detail(
      `busybox httpd on port 8080, ${web.image.layers.length} layers (${(size / 1e6).toFixed(1)} MB), ` +
        "built from this host's /bin/busybox; pushed by berth's registry client",
    );
    return { reference, digest: pushed.digest, page: web.page };
  } finally {
    await client.close();
  }
}

/** What `berth registry user add` does: the user and its scrypt hash, written to the state dir's database. */
function addRegistryUser(stateDir: string, name: string, password: Secret): void {
  const persistence = new SqlitePersistence(stateDirLayout(stateDir).database);
  try {
    new RegistryUsers(persistence).add(name, password.reveal());
  } finally {
    persistence.close();
  }
}
