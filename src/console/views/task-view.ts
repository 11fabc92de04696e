import { explainStoppedReason } from '../../engines/ecs/explain-stopped-reason.js';
import type { DenialDecision } from '../access-decisions.js';
import type { ConsoleLogLine, PullLayer } from '../console-deps.js';
import { type Html, html } from '../html.js';
import type { TaskDetail } from '../models.js';
import { actionForm, bytes, page, serviceHref, status, table, taskHref, time } from './page.js';

export interface TaskPageInput {
  readonly detail: TaskDetail;
  readonly csrf: string;
  /** The decision behind an AccessDenied in the stopped reason, when there is one. */
  readonly denial?: DenialDecision;
  readonly logs: readonly ConsoleLogLine[];
  /** The agent's pull report, per container. */
  readonly pulls: readonly { readonly container: string; readonly layers: readonly PullLayer[] }[];
  readonly notice?: string;
}

/** A task: lifecycle with timestamps, containers, addresses, why it stopped and the likely fix, environment, logs. */
export function taskPage({ detail, csrf, denial, logs, pulls, notice }: TaskPageInput): string {
  const t = detail.task;
  const href = taskHref(t.cluster, t.id);
  const service = t.group?.startsWith('service:') ? t.group.slice('service:'.length) : undefined;
  const body = html`${notice ? html`<p class="notice" role="status">${notice}</p>` : ''}
<dl class="facts"><dt>Last status</dt><dd data-field="status">${status(t.lastStatus)}</dd>
<dt>Desired status</dt><dd>${t.desiredStatus}</dd><dt>Cluster</dt><dd>${t.cluster}</dd>
<dt>Task definition</dt><dd>${t.definition}</dd>
${service ? html`<dt>Service</dt><dd><a href="${serviceHref(t.cluster, service)}">${service}</a></dd>` : ''}
<dt>Launch type</dt><dd>${t.launchType ?? '–'}</dd>
<dt>Execution role</dt><dd>${detail.executionRoleArn ?? '–'}</dd><dt>Task role</dt><dd>${detail.taskRoleArn ?? '–'}</dd></dl>
${t.lastStatus === 'STOPPED' ? '' : html`<section aria-labelledby="actions-h"><h2 id="actions-h">Actions</h2>${actionForm(`${href}/stop`, csrf, 'Stop task')}</section>`}
${t.lastStatus === 'STOPPED' ? stoppedSection(detail, denial) : ''}
${pulls.length === 0 ? '' : pullSection(pulls, ['PROVISIONING', 'PENDING', 'ACTIVATING'].includes(t.lastStatus))}
<section aria-labelledby="timeline-h"><h2 id="timeline-h">Lifecycle</h2>
<ol class="timeline">${detail.timeline.map((s) => html`<li><span class="step">${s.step}</span> ${time(s.at)}</li>`)}</ol></section>
<section aria-labelledby="containers-h"><h2 id="containers-h">Containers</h2>
${table(
  'Containers',
  ['Container', 'Image', 'Image digest', 'Last status', 'Exit code', 'Health', 'Reason'],
  detail.containers.map(
    (
      c,
    ) => html`<tr><th scope="row">${c.name}</th><td>${c.image}</td><td class="digest">${c.imageDigest ?? '–'}</td>
<td>${status(c.lastStatus)}</td><td>${c.exitCode ?? ''}</td><td>${c.health ?? ''}</td><td>${c.reason ?? ''}</td></tr>`,
  ),
  'No containers.',
)}
${
  detail.endpoints.length === 0
    ? ''
    : html`<h3>Addresses</h3><ul>${detail.endpoints.map(
        (e) =>
          html`<li>${e.container}: ${e.url.startsWith('http://') ? html`<a href="${e.url}" rel="noreferrer">${e.url}</a>` : e.url}</li>`,
      )}</ul>`
}</section>
<section aria-labelledby="env-h"><h2 id="env-h">Environment</h2>
${table(
  'Environment variables (secret-sourced values are never shown)',
  ['Container', 'Name', 'Value'],
  detail.environment.map(
    (e) => html`<tr><td>${e.container}</td><th scope="row">${e.name}</th>
<td>${e.valueFrom === undefined ? e.value : html`<span class="masked">•••••• (from ${e.valueFrom})</span>`}</td></tr>`,
  ),
  'No environment variables.',
)}</section>
<section aria-labelledby="logs-h"><h2 id="logs-h">Logs</h2>
<p>${detail.awslogs.length > 0 ? `Read through CloudWatch Logs for: ${detail.awslogs.join(', ')}.` : 'Read from berth’s container log files.'} Follows live with JavaScript; reload otherwise.</p>
<pre id="logs" class="logs" tabindex="0" aria-label="Container logs" data-logs="${href}/logs">${logs.map(logLine)}</pre></section>`;
  return page({ title: `Task ${t.id}`, body, live: `/console/events` });
}

export function logLine(line: ConsoleLogLine): Html {
  const text = line.text.endsWith('\n') ? line.text : `${line.text}\n`;
  return html`<span class="${line.stream}">${line.container} | ${text}</span>`;
}

function stoppedSection(detail: TaskDetail, denial: DenialDecision | undefined): Html {
  const t = detail.task;
  const texts = [t.stoppedReason, ...detail.containers.map((c) => c.reason)];
  const explanation = texts.map((text) => (text ? explainStoppedReason(text) : undefined)).find(Boolean);
  return html`<section aria-labelledby="stopped-h" class="stopped"><h2 id="stopped-h">Why it stopped</h2>
<dl class="facts"><dt>Stop code</dt><dd>${t.stopCode ?? '–'}</dd><dt>Stopped reason</dt><dd class="reason" id="stopped-reason">${t.stoppedReason ?? '–'}</dd></dl>
${
  explanation
    ? html`<p class="cause" id="likely-cause"><strong>Likely cause and fix [${explanation.code}]:</strong> ${explanation.summary}</p>`
    : ''
}
${denial ? denialBlock(denial) : ''}</section>`;
}

function denialBlock(d: DenialDecision): Html {
  return html`<div class="decision" id="policy-decision"><h3>The policy decision</h3>
<dl class="facts"><dt>Role</dt><dd>${d.roleArn}</dd><dt>Action</dt><dd>${d.action}</dd><dt>Resource</dt><dd>${d.resource}</dd>
<dt>Decision today</dt><dd>${d.roleFound ? d.result : 'the role does not exist'}</dd></dl>
${
  d.matched.length === 0
    ? html`<p>No statement of the role’s policies or the resource’s policy applies to this request.</p>`
    : html`<p>Statements that apply:</p><ul>${d.matched.map((m) => html`<li>${m}</li>`)}</ul>`
}
${d.allowingStatement ? html`<p>A statement on the role that would allow it:</p><pre class="policy">${d.allowingStatement}</pre>` : ''}</div>`;
}

/** The image pull, layer by layer; while the task is pending the script refetches the page to follow it. */
function pullSection(pulls: TaskPageInput['pulls'], pending: boolean): Html {
  return html`<section aria-labelledby="pull-h" ${pending ? html`data-pulling="true"` : ''}><h2 id="pull-h">Image pull</h2>
${table(
  'Layers',
  ['Container', 'Layer', 'State', 'Progress'],
  pulls.flatMap((p) =>
    p.layers.map(
      (
        l,
      ) => html`<tr><td>${p.container}</td><th scope="row" class="digest">${l.digest}</th><td>${l.state}</td>
<td><progress max="${l.size}" value="${l.bytes}" aria-label="${l.digest}"></progress> ${bytes(l.bytes)} of ${bytes(l.size)}</td></tr>`,
    ),
  ),
  'No layers reported.',
)}</section>`;
}
