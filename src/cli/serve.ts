import { ensureLocalCa } from '../adapters/local-ca/index.js';
import { AwsAccessLog } from '../adapters/logger/index.js';
import { type RunningHttpServer, startHttpServer } from '../adapters/node-http/index.js';
import { newRequestId } from '../adapters/random.js';
import { instanceRecord } from '../adapters/state-dir/index.js';
import {
  type Authorizer,
  type CredentialLookup,
  type GatewayOptions,
  gatewayRoute,
  streamedGatewayRoute,
} from '../aws/index.js';
import { systemClock } from '../ports/index.js';
import type { BerthConfig } from './config.js';
import { type PartInstance, serviceRegistry } from './control-plane/index.js';
import type { OpenState } from './open-state.js';

/** The AWS endpoint's body cap: the largest AWS inputs (a 64 KiB SecretBinary, base64 in JSON) fit many times. */
const maxAwsBodyBytes = 1024 * 1024;
/** S3's largest single PUT (S3 "Uploading objects": 5 GiB in one operation); object data streams to disk. */
const maxS3PutBytes = 5 * 1024 ** 3;

/**
 * The gateway over the parts' services, the HTTP server on 127.0.0.1 (and its HTTPS twin) with the parts' mounts beside it, the instance
 * record other commands find the endpoint by, and the one log line that says berth listens.
 */
export async function serve(
  config: BerthConfig,
  state: OpenState,
  parts: readonly PartInstance[],
  access: { readonly credentials: CredentialLookup; readonly authorizer: Authorizer },
): Promise<RunningHttpServer> {
  const { log, dir, root, sealer } = state;
  const { accountId, region } = config;
  const registry = serviceRegistry(parts);
  const accessLog = new AwsAccessLog(registry, log);
  const gatewayOptions: GatewayOptions = {
    registry,
    verifier: accessLog.verifier({ credentials: access.credentials, clock: () => systemClock.now() }),
    authorizer: access.authorizer,
    clock: () => systemClock.now(),
    newRequestId,
    // Like a regional AWS endpoint: requests signed for another region are refused with AWS's scope error.
    acceptRegion: (signed) => signed === region,
    onInternalError: (error, requestId) => log.error('internal failure', error, { requestId }),
  };
  const gateway = gatewayRoute(gatewayOptions);
  // Signed for S3: streamed, so that object data goes to disk as it arrives (aws/gateway/streamed-route.ts).
  const s3 = streamedGatewayRoute(gatewayOptions, {
    maxBufferedBytes: maxAwsBodyBytes,
    maxBodyBytes: maxS3PutBytes,
  });
  // The HTTPS listener (aws:SecureTransport true) answers the same routes with a certificate of the state dir's CA.
  const tls = ensureLocalCa(dir.tls);
  const server = await startHttpServer({
    port: config.port,
    tls: { port: config.tlsPort ?? 0, cert: tls.cert, key: tls.key },
    maxBodyBytes: maxAwsBodyBytes,
    // Signed for a service berth serves: the gateway's, whatever the path (a bucket may be named `v2`).
    routes: [{ prefix: '/', ...gateway }, s3, ...parts.flatMap((part) => part.mounts ?? [])],
    onExchange: (exchange) => accessLog.record(exchange),
    onHandlerError: (error) => log.error('handler failure', error),
  });
  const { accessKeyId, secretAccessKey } = root;
  const startedAt = systemClock.now().toISOString();
  // `localhost`, not 127.0.0.1: the CDK CLI then uses path-style S3 (ref cloudformation-cdk §1.1).
  const tlsEndpoint = `https://localhost:${server.tlsPort}`;
  const record = {
    pid: process.pid,
    endpoint: server.url,
    tlsEndpoint,
    caBundle: tls.caPath,
    accountId,
    region,
    accessKeyId,
    secretAccessKey,
    startedAt,
  };
  instanceRecord.write(dir.instance, record, sealer);
  log.info('listening', {
    endpoint: server.url,
    tlsEndpoint,
    stateDir: dir.path,
    accountId,
    region,
    accessKeyId,
    credentialSource: root.source,
  });
  return server;
}
