export {
  type ExchangeRecord,
  type HttpHandler,
  type HttpServerOptions,
  type Route,
  type RunningHttpServer,
  startHttpServer,
} from './http-server.js';
export { type BodyFailure, declaredLength, type ReadResult, readRequest } from './read-request.js';
