// The task table the overview and the service page share.
import { explainStoppedReason } from '../../engines/ecs/explain-stopped-reason.js';
import { type Html, html } from '../html.js';
import type { TaskRow } from '../models.js';
import { status, table, taskHref, time } from './page.js';

export function taskTable(caption: string, tasks: readonly TaskRow[]): Html {
  const rows = tasks.map(
    (t) => html`<tr data-task="${t.id}">
<th scope="row"><a href="${taskHref(t.cluster, t.id)}">${t.id}</a></th>
<td>${t.definition}</td><td>${status(t.lastStatus)}</td><td>${t.desiredStatus}</td><td>${t.group ?? ''}</td>
<td>${time(t.createdAt)}</td><td>${t.stopCode ?? ''}${t.stoppedReason ? html`<br><span class="reason">${cut(t.stoppedReason, 140)}</span>` : ''}</td>
</tr>`,
  );
  return table(
    caption,
    ['Task', 'Definition', 'Last status', 'Desired', 'Group', 'Created', 'Stopped'],
    rows,
    'No tasks.',
  );
}

/** Stopped tasks that failed, newest first, each with berth's likely cause when it knows one. */
export function failureList(tasks: readonly TaskRow[]): Html {
  const failed = tasks
    .filter((t) => t.lastStatus === 'STOPPED' && t.stopCode === 'TaskFailedToStart')
    .sort((a, b) => (b.stoppedAt?.getTime() ?? 0) - (a.stoppedAt?.getTime() ?? 0))
    .slice(0, 10);
  if (failed.length === 0) return html`<p class="empty">No task failed to start.</p>`;
  return html`<ul class="failures">${failed.map((t) => {
    const explanation = t.stoppedReason ? explainStoppedReason(t.stoppedReason) : undefined;
    return html`<li><a href="${taskHref(t.cluster, t.id)}">${t.id}</a> (${t.definition}) ${time(t.stoppedAt)}
<p class="reason">${cut(t.stoppedReason ?? '', 300)}</p>
${explanation ? html`<p class="cause">Likely cause [${explanation.code}]: ${explanation.summary}</p>` : ''}</li>`;
  })}</ul>`;
}

function cut(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}
