export { camel, handledJsonOperation, JsonInputReader, serializationError } from './input-reader.js';
export { awsJsonProtocol } from './json-protocol.js';
export { parseJsonBody, parseJsonTarget } from './parse.js';
export {
  jsonContentType,
  type MessageMember,
  serializeJsonError,
  serializeJsonResponse,
  toJsonValue,
} from './serialize.js';
export { type JsonTagRules, readJsonTag } from './tag-reader.js';
