import { type Html, html } from '../html.js';
import type { Overview } from '../models.js';
import { mainContent, page, serviceHref, status, table } from './page.js';
import { failureList, taskTable } from './task-rows.js';

/** The overview: clusters; services with desired/running and rollout; tasks by status; the latest failures. */
export function overviewPage(overview: Overview): string {
  return page({ title: 'Overview', body: overviewBody(overview), live: '/console/events?view=overview' });
}

/** The overview's `<main>` content, which the live feed pushes whole to open overview pages. */
export function overviewMain(overview: Overview): string {
  return mainContent('Overview', overviewBody(overview)).toString();
}

export function overviewBody({ clusters, services, tasks }: Overview): Html {
  const byStatus = new Map<string, number>();
  for (const t of tasks) byStatus.set(t.lastStatus, (byStatus.get(t.lastStatus) ?? 0) + 1);
  return html`<section aria-labelledby="clusters-h"><h2 id="clusters-h">Clusters</h2>
${table(
  'Clusters',
  ['Cluster', 'Status', 'Services', 'Running tasks', 'Pending tasks'],
  clusters.map(
    (c) =>
      html`<tr><th scope="row">${c.name}</th><td>${status(c.status)}</td><td>${c.services}</td><td>${c.running}</td><td>${c.pending}</td></tr>`,
  ),
  'No clusters yet: RunTask or CreateService creates the default one.',
)}</section>
<section aria-labelledby="services-h"><h2 id="services-h">Services</h2>
${table(
  'Services',
  ['Service', 'Cluster', 'Status', 'Desired', 'Running', 'Pending', 'Rollout'],
  services.map(
    (
      s,
    ) => html`<tr data-service="${s.name}"><th scope="row"><a href="${serviceHref(s.cluster, s.name)}">${s.name}</a></th>
<td>${s.cluster}</td><td>${status(s.status)}</td><td>${s.desired}</td><td>${s.running}</td><td>${s.pending}</td>
<td>${s.rollout ? status(s.rollout) : ''}</td></tr>`,
  ),
  'No services.',
)}</section>
<section aria-labelledby="failures-h"><h2 id="failures-h">Latest failures</h2>${failureList(tasks)}</section>
<section aria-labelledby="tasks-h"><h2 id="tasks-h">Tasks</h2>
<p class="counts">${[...byStatus].map(([s, n]) => html`${status(s)} ${n} `)}</p>
${taskTable('Tasks, newest first', tasks)}</section>`;
}
