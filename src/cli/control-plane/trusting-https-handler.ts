import { readFileSync } from 'node:fs';
import { Agent } from 'node:https';

/**
 * SDK v3 request-handler options that trust the state dir's CA (and only it) for berth's own HTTPS listener: what a
 * user's process gets from AWS_CA_BUNDLE / NODE_EXTRA_CA_CERTS, for berth calling itself as a client.
 */
export function trustingHttpsHandler(caPath: string): { readonly httpsAgent: Agent } {
  return { httpsAgent: new Agent({ ca: readFileSync(caPath), keepAlive: true }) };
}
