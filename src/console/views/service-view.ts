import { html } from '../html.js';
import type { ServiceDetail } from '../models.js';
import { actionForm, page, serviceHref, status, table, time } from './page.js';
import { taskTable } from './task-rows.js';

/** A service: its numbers and actions, deployments and rollout, target health, tasks and events. */
export function servicePage(detail: ServiceDetail, csrf: string, notice?: string): string {
  const { service: s } = detail;
  const href = serviceHref(s.cluster, s.name);
  const body = html`${notice ? html`<p class="notice" role="status">${notice}</p>` : ''}
<dl class="facts"><dt>Cluster</dt><dd>${s.cluster}</dd><dt>Status</dt><dd>${status(s.status)}</dd>
<dt>Task definition</dt><dd>${detail.definition}</dd>
<dt>Desired / running / pending</dt><dd><span data-field="counts">${s.desired} / ${s.running} / ${s.pending}</span></dd>
<dt>Rollout</dt><dd>${s.rollout ? status(s.rollout) : '–'}</dd></dl>
<section aria-labelledby="actions-h"><h2 id="actions-h">Actions</h2>
${actionForm(
  `${href}/desired-count`,
  csrf,
  'Set desired count',
  html`<label for="desired-count">Desired count</label>
<input id="desired-count" name="desiredCount" type="number" min="0" max="1000" required value="${s.desired}">`,
)}
${actionForm(`${href}/force-deployment`, csrf, 'Force new deployment')}
${actionForm('/console/doctor', csrf, 'Run the doctor on its task definition', html`<input type="hidden" name="taskDefinition" value="${detail.definition}">`)}
</section>
<section aria-labelledby="deployments-h"><h2 id="deployments-h">Deployments</h2>
${table(
  'Deployments',
  [
    'Deployment',
    'Status',
    'Task definition',
    'Desired',
    'Running',
    'Pending',
    'Failed tasks',
    'Rollout',
    'Created',
  ],
  detail.deployments.map(
    (
      d,
    ) => html`<tr><th scope="row">${d.id}</th><td>${status(d.status)}</td><td>${d.definition}</td><td>${d.desired}</td>
<td>${d.running}</td><td>${d.pending}</td><td>${d.failed}</td>
<td>${d.rolloutState ? status(d.rolloutState) : ''} ${d.rolloutStateReason ?? ''}</td><td>${time(d.createdAt)}</td></tr>`,
  ),
  'No deployments.',
)}</section>
<section aria-labelledby="targets-h"><h2 id="targets-h">Target health</h2>
${table(
  'Targets behind the service’s load balancer',
  ['Target', 'Port', 'State', 'Reason', 'Target group'],
  detail.targets.map(
    (t) => html`<tr><th scope="row">${t.id}</th><td>${t.port ?? ''}</td><td>${status(t.state)}</td>
<td>${t.reason ?? ''} ${t.description ?? ''}</td><td>${t.targetGroupArn}</td></tr>`,
  ),
  'No load balancer, or no targets registered.',
)}</section>
<section aria-labelledby="tasks-h"><h2 id="tasks-h">Tasks</h2>${taskTable('The service’s tasks', detail.tasks)}</section>
<section aria-labelledby="events-h"><h2 id="events-h">Events</h2>
${
  detail.events.length === 0
    ? html`<p class="empty">No events.</p>`
    : html`<ol class="events">${detail.events.map((e) => html`<li>${time(e.at)} ${e.message}</li>`)}</ol>`
}</section>`;
  return page({ title: `Service ${s.name}`, body, live: `/console/events` });
}
