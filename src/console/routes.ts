// The console's requests: the token exchange and the session check first (without a session no response carries
// account data), then the pages, the event streams and the actions (POST with the session's CSRF token).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { consoleScript, consoleStyle } from './assets.js';
import type { ConsoleApp } from './console-app.js';
import { type ConsoleGuard, type Session, sessionCookieHeader } from './guard.js';
import { readForm, seeOther, sendHtml, sendText, withSecurityHeaders } from './http-kit.js';
import { type LiveFeed, openStream, sendEvent } from './live-feed.js';
import { doctorPage, messagePage, unauthorizedPage } from './views/message-view.js';
import { overviewPage } from './views/overview-view.js';
import { serviceHref, taskHref } from './views/page.js';
import { registryPage } from './views/registry-view.js';
import { secretsPage } from './views/secrets-view.js';
import { servicePage } from './views/service-view.js';
import { taskPage } from './views/task-view.js';

/** How often an open log view looks for new lines. */
const logPollMs = 250;

export interface ConsoleRoutes {
  readonly app: () => ConsoleApp;
  readonly guard: ConsoleGuard;
  readonly feed: () => LiveFeed;
}

const servicePath = /^\/console\/clusters\/([^/]+)\/services\/([^/]+)(\/desired-count|\/force-deployment)?$/;
// A task id names a directory of container logs: only ECS's id characters (as `berth logs` takes them).
const taskPath = /^\/console\/clusters\/([^/]+)\/tasks\/([A-Za-z0-9_-]{1,64})(\/stop|\/logs)?$/;

export async function route(
  routes: ConsoleRoutes,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  withSecurityHeaders(response);
  const url = new URL(request.url ?? '/', 'http://console.invalid');
  const path = url.pathname;
  const method = request.method ?? 'GET';
  if (path === '/console/assets/console.js')
    return sendText(response, 200, 'text/javascript; charset=utf-8', consoleScript);
  if (path === '/console/assets/console.css')
    return sendText(response, 200, 'text/css; charset=utf-8', consoleStyle);
  if (path === '/console' || path === '/') return seeOther(response, '/console/');
  if (!path.startsWith('/console/'))
    return sendHtml(response, 404, messagePage('Not found', 'The console lives under /console/.'));
  const token = url.searchParams.get('token');
  if (token !== null) {
    if (!routes.guard.tokenMatches(token)) return sendHtml(response, 401, unauthorizedPage());
    // The token leaves the address bar: the session cookie carries the visit from here on.
    url.searchParams.delete('token');
    return seeOther(response, `${path}${url.search}`, {
      'set-cookie': sessionCookieHeader(routes.guard.open()),
    });
  }
  const session = routes.guard.session(request.headers.cookie);
  if (!session) return sendHtml(response, 401, unauthorizedPage());
  if (method === 'POST') return post(routes, session, path, request, response);
  if (method !== 'GET' && method !== 'HEAD')
    return sendHtml(response, 405, messagePage('Not allowed', `${method} is not a console method.`), {
      allow: 'GET, POST',
    });
  return get(routes, session, path, url.searchParams, request, response);
}

async function get(
  routes: ConsoleRoutes,
  session: Session,
  path: string,
  query: URLSearchParams,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const app = routes.app();
  const notice = query.get('done') ?? undefined;
  if (path === '/console/') return sendHtml(response, 200, overviewPage(await app.ecs.overview()));
  if (path === '/console/events') return routes.feed().subscribe(response, query.get('view') === 'overview');
  if (path === '/console/secrets') {
    const [secrets, parameters] = await Promise.all([app.account.secrets(), app.account.parameters()]);
    return sendHtml(response, 200, secretsPage(secrets, parameters));
  }
  if (path === '/console/registry') {
    const [registry, ecr] = await Promise.all([app.deps.repositories(), app.account.ecrRepositories()]);
    return sendHtml(response, 200, registryPage(registry, ecr));
  }
  const service = servicePath.exec(path);
  if (service && !service[3]) {
    const detail = await app.ecs.service(decode(service[1]), decode(service[2]));
    if (!detail) return notFound(response, 'No such service.');
    return sendHtml(response, 200, servicePage(detail, session.csrf, notice));
  }
  const task = taskPath.exec(path);
  if (task && task[3] === '/logs')
    return followLogs(app, decode(task[1]), decode(task[2]), request, response);
  if (task && !task[3]) {
    const detail = await app.ecs.task(decode(task[1]), decode(task[2]));
    if (!detail) return notFound(response, 'No such task (ECS lists a stopped task for an hour).');
    const tail = await app.deps.logs(detail.task.cluster, detail.task.id);
    try {
      const [denial, logs] = await Promise.all([
        detail.task.lastStatus === 'STOPPED' ? app.denial(detail) : undefined,
        tail.read(),
      ]);
      return sendHtml(
        response,
        200,
        taskPage({
          detail,
          csrf: session.csrf,
          logs,
          pulls: app.deps.pullProgress(detail.task.id),
          ...(denial ? { denial } : {}),
          ...(notice ? { notice } : {}),
        }),
      );
    } finally {
      tail.close();
    }
  }
  return notFound(response, 'No such console page.');
}

async function post(
  routes: ConsoleRoutes,
  session: Session,
  path: string,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const form = await readForm(request);
  if (!form || !routes.guard.csrfMatches(session, form.get('csrf') ?? undefined)) {
    return sendHtml(
      response,
      403,
      messagePage('Refused', 'The form lacks this session’s CSRF token: reload the page and try again.'),
    );
  }
  const app = routes.app();
  const service = servicePath.exec(path);
  const task = taskPath.exec(path);
  try {
    if (service?.[3] === '/desired-count') {
      const count = Number(form.get('desiredCount'));
      if (!Number.isSafeInteger(count) || count < 0) {
        return sendHtml(
          response,
          400,
          messagePage('Bad input', 'The desired count is a whole number, 0 or more.'),
        );
      }
      const [cluster, name] = [decode(service[1]), decode(service[2])];
      await app.setDesiredCount(cluster, name, count);
      return seeOther(
        response,
        `${serviceHref(cluster, name)}?done=${encodeURIComponent(`Desired count set to ${count}.`)}`,
      );
    }
    if (service?.[3] === '/force-deployment') {
      const [cluster, name] = [decode(service[1]), decode(service[2])];
      await app.forceNewDeployment(cluster, name);
      return seeOther(
        response,
        `${serviceHref(cluster, name)}?done=${encodeURIComponent('A new deployment was started.')}`,
      );
    }
    if (task?.[3] === '/stop') {
      const [cluster, id] = [decode(task[1]), decode(task[2])];
      await app.stopTask(cluster, id);
      return seeOther(response, `${taskHref(cluster, id)}?done=${encodeURIComponent('StopTask sent.')}`);
    }
    if (path === '/console/doctor') {
      const definition = form.get('taskDefinition') ?? '';
      return sendHtml(response, 200, doctorPage(definition, await app.deps.doctor(definition)));
    }
  } catch (error) {
    // AWS's answer to the call (an AccessDenied, a validation error): its name and message, as the CLI prints them.
    const { name, message } = error as Error;
    return sendHtml(response, 400, messagePage('The call failed', `${name}: ${message}`));
  }
  return notFound(response, 'No such console action.');
}

/** The task's container logs as an event stream: everything so far, then new lines as they come. */
async function followLogs(
  app: ConsoleApp,
  cluster: string,
  id: string,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const tail = await app.deps.logs(cluster, id);
  let open = true;
  request.on('close', () => {
    open = false;
  });
  openStream(response);
  try {
    sendEvent(response, 'snapshot', await tail.read());
    while (open) {
      await sleep(logPollMs);
      const lines = await tail.read();
      if (lines.length > 0 && open) sendEvent(response, 'lines', lines);
    }
  } finally {
    tail.close();
    response.end();
  }
}

function notFound(response: ServerResponse, text: string): void {
  sendHtml(response, 404, messagePage('Not found', text));
}

function decode(part: string | undefined): string {
  return decodeURIComponent(part ?? '');
}
