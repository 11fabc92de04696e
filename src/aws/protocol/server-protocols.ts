import type { Protocol } from '../errors.js';
import type { ServiceDefinition } from '../service-registry.js';
import { awsJsonProtocol } from './aws-json/json-protocol.js';
import { awsQueryProtocol } from './aws-query/query-protocol.js';
import { ec2Protocol } from './ec2/ec2-protocol.js';
import { restXmlProtocol } from './rest-xml/rest-xml-protocol.js';
import type { ServerProtocol } from './server-protocol.js';

/**
 * Every protocol the gateway speaks, in the order `detect` asks them: AWS JSON first (an `X-Amz-Target` header
 * decides), then the `Action` form dialects (each claims only its own services' requests, so their order does not
 * matter), then S3's REST-XML (its scope). A request none of them claims is routed by its credential scope alone. Add a protocol here, once.
 */
const byName: Readonly<Record<Protocol, ServerProtocol>> = {
  'aws-json': awsJsonProtocol,
  'aws-query': awsQueryProtocol,
  ec2: ec2Protocol,
  'rest-xml': restXmlProtocol,
};
export const serverProtocols: readonly ServerProtocol[] = Object.values(byName);

/** Until a service is known, failures render as AWS JSON, the protocol of most of the services. */
export const fallbackProtocol: ServerProtocol = awsJsonProtocol;

/** The protocol a registered service speaks (its definition names it). */
export function protocolOf(service: ServiceDefinition): ServerProtocol {
  return byName[service.protocol];
}
