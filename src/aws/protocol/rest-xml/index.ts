// S3's REST-XML protocol: routing by method, path and query; the request as a RestRequest; XML in and out.
export { RequestPayload } from './payload.js';
export type { RestOutput } from './rest-output.js';
export { RestRequest, restRequestOf } from './rest-request.js';
export { restXmlProtocol, s3Namespace } from './rest-xml-protocol.js';
export { type S3Address, s3Address } from './s3-address.js';
export { child, children, childText, parseXml, type XmlNode } from './xml-reader.js';
export { type XmlObject, type XmlValue, xmlDocument } from './xml-writer.js';
