import type { HttpResponse } from '../../aws/index.js';
import type { Refusal, RequestHead } from './client-error.js';
import type { HttpServerOptions, Route } from './http-server.js';

/** Route choice and the answers the adapter gives itself (no route, a bug, a refused request). */

export const noBody = Buffer.alloc(0);
export const tooLarge = textResponse(413, 'request body too large\n');

/** The first route that claims the head, else the longest matching prefix (`routes` sorted longest first). */
export function routeFor(routes: readonly Route[], head: RequestHead): Route | undefined {
  return routes.find((r) => r.claims?.(head)) ?? routes.find((r) => head.path.startsWith(r.prefix));
}

/** The answer to a body over the route's cap: the route's own refusal, else a plain-text 413. */
export function tooLargeFor(
  route: Route | undefined,
  head: RequestHead,
  options: HttpServerOptions,
): HttpResponse {
  return route?.refuse ? refusal([route], head, 'body-too-large', options) : tooLarge;
}

/**
 * The answer of the route a refused request was meant for (the fallback `/` route when its head is unknown); a
 * bare status when that route renders none or its renderer fails (reported: a bug).
 */
export function refusal(
  routes: readonly Route[],
  head: RequestHead | undefined,
  reason: Refusal,
  options: HttpServerOptions,
): HttpResponse {
  const route = routeFor(routes, head ?? unknownHead);
  const status = reason === 'body-too-large' ? 413 : reason === 'headers-too-large' ? 431 : 400;
  try {
    return route?.refuse?.(head, reason) ?? (status === 413 ? tooLarge : bare(status));
  } catch (error) {
    options.onHandlerError?.(error);
    return bare(status);
  }
}

const unknownHead: RequestHead = {
  method: '',
  path: '/',
  query: '',
  headers: [],
  remoteAddress: '',
  tls: false,
};

export function bare(status: number): HttpResponse {
  return { status, headers: [], body: noBody };
}

export function textResponse(status: number, text: string): HttpResponse {
  return {
    status,
    headers: [['Content-Type', 'text/plain; charset=utf-8']],
    body: Buffer.from(text),
  };
}
