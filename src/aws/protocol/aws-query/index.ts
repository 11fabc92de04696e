export {
  QueryInputReader,
  type QueryIntegerRule,
  type QueryStringRule,
  queryOperation,
} from './input-reader.js';
export { parseQueryForm, type QueryRequest } from './parse.js';
export { awsQueryProtocol } from './query-protocol.js';
export { escapeXml, serializeQueryError, serializeQueryResponse, xmlContentType } from './serialize.js';
export { awsTagRules, type QueryTag, readQueryTags } from './tag-reader.js';
