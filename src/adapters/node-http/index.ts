export type { Refusal, RequestHead } from './client-error.js';
export {
  type BufferedRoute,
  type ExchangeRecord,
  type HttpHandler,
  type HttpServerOptions,
  type Route,
  type RunningHttpServer,
  type StreamedRequest,
  type StreamedRoute,
  startHttpServer,
} from './http-server.js';
export {
  type BodyFailure,
  declaredLength,
  type ReadResult,
  readRequest,
  requestHead,
} from './read-request.js';
export { StreamedBody, type StreamedBodyState } from './streamed-body.js';
export type { ResponseBody, StreamableResponse } from './write-response.js';
