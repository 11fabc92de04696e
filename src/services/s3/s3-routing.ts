import type { RestXmlServiceRouting } from '../../aws/index.js';

/** How requests reach S3: REST-XML, routed by the `s3` credential scope (ref cloudformation-cdk §1.2). */
export const s3Routing = {
  name: 's3',
  signingName: 's3',
  protocol: 'rest-xml',
  xmlNamespace: 'http://s3.amazonaws.com/doc/2006-03-01/',
} as const satisfies RestXmlServiceRouting;
