export {
  awsTagRules,
  QueryInputReader,
  type QueryIntegerRule,
  type QueryStringRule,
} from './input-reader.js';
export { parseQueryForm, type QueryRequest } from './parse.js';
export { awsQueryProtocol } from './query-protocol.js';
export { escapeXml, serializeQueryError, serializeQueryResponse, xmlContentType } from './serialize.js';
