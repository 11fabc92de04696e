/**
 * What the load balancer answers itself (ref ecs-services-elb-logs §4.7): its error pages with the observed headers
 * (`Server: awselb/2.0`, `Content-Type: text/html`, `Connection: keep-alive`), fixed responses verbatim, and
 * redirects with `Location` built from the template (`#{protocol}`, `#{host}`, `#{port}`, `#{path}`, `#{query}`;
 * an unset component keeps the request's).
 */
import type { ServerResponse } from 'node:http';
import {
  type ElbErrorStatus,
  elbErrorPage,
  elbErrorTitles,
  type FixedResponseAction,
  hostName,
  type RedirectAction,
} from '../../engines/elbv2/index.js';

export function answerError(response: ServerResponse, status: ElbErrorStatus): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  const body = elbErrorPage(status);
  response.writeHead(status, elbErrorTitles[status].slice(4), {
    Server: 'awselb/2.0',
    'Content-Type': 'text/html',
    'Content-Length': Buffer.byteLength(body),
    Connection: 'keep-alive',
  });
  response.end(body);
}

export function answerFixed(response: ServerResponse, action: FixedResponseAction): void {
  const body = action.messageBody ?? '';
  response.writeHead(Number(action.statusCode), {
    Server: 'awselb/2.0',
    'Content-Type': action.contentType ?? 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
  });
  response.end(body);
}

export function answerRedirect(
  response: ServerResponse,
  action: RedirectAction,
  request: { host?: string; url: string; listenerPort: number },
): void {
  const [path, query = ''] = splitUrl(request.url);
  const fill = (template: string) =>
    template
      .replaceAll('#{protocol}', 'http')
      .replaceAll('#{host}', hostName(request.host ?? ''))
      .replaceAll('#{port}', String(request.listenerPort))
      .replaceAll('#{path}', path.slice(1))
      .replaceAll('#{query}', query);
  const protocol = fill(action.protocol ?? '#{protocol}').toLowerCase();
  const port = fill(action.port ?? '#{port}');
  const standard = (protocol === 'http' && port === '80') || (protocol === 'https' && port === '443');
  const q = fill(action.query ?? '#{query}');
  const location = `${protocol}://${fill(action.host ?? '#{host}')}${standard ? '' : `:${port}`}${fill(action.path ?? '/#{path}')}${q ? `?${q}` : ''}`;
  response.writeHead(action.statusCode === 'HTTP_301' ? 301 : 302, {
    Server: 'awselb/2.0',
    Location: location,
    'Content-Type': 'text/html',
    'Content-Length': 0,
  });
  response.end();
}

function splitUrl(url: string): [string, string | undefined] {
  const at = url.indexOf('?');
  return at < 0 ? [url, undefined] : [url.slice(0, at), url.slice(at + 1)];
}
