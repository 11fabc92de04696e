export { parseQueryForm, type QueryRequest } from './parse.js';
export { escapeXml, serializeQueryError, serializeQueryResponse, xmlContentType } from './serialize.js';
