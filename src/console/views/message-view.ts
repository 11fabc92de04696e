import type { Finding } from '../../engines/doctor/index.js';
import { html } from '../html.js';
import { page, table } from './page.js';

/** What a visitor without the session cookie sees: nothing of the account. */
export function unauthorizedPage(): string {
  return page({
    title: 'Sign-in needed',
    body: html`<p>This console shows the account of a running <code>berth up</code> only to the holder of its token.
Open the URL that <code>berth console --print-url</code> prints (or run <code>berth console</code>).</p>`,
  });
}

export function messagePage(title: string, text: string): string {
  return page({ title, body: html`<p>${text}</p><p><a href="/console/">Back to the overview</a></p>` });
}

/** The doctor's findings for one task definition, as `berth doctor --task-definition` reports them. */
export function doctorPage(taskDefinition: string, findings: readonly Finding[]): string {
  const body = html`<p>The doctor checked the private-registry chain of <strong>${taskDefinition}</strong> in the live
account (as <code>berth doctor --task-definition ${taskDefinition}</code> does).</p>
${table(
  'Findings',
  ['Rule', 'Severity', 'Resource', 'Finding', 'ECS will show', 'Fix'],
  findings.map(
    (
      f,
    ) => html`<tr><th scope="row">${f.rule}</th><td>${f.severity}</td><td>${f.resource}</td><td>${f.message}</td>
<td>${f.ecs ?? ''}</td><td>${f.fix}</td></tr>`,
  ),
  'No findings: the chain holds.',
)}<p><a href="/console/">Back to the overview</a></p>`;
  return page({ title: `Doctor: ${taskDefinition}`, body });
}
