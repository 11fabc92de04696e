import type { Parameters, SecretRow } from '../account-reader.js';
import { html } from '../html.js';
import { page, table, time } from './page.js';

/** Secrets and parameters: metadata and who may read each, never a value. */
export function secretsPage(secrets: readonly SecretRow[], parameters: Parameters): string {
  const body = html`<p>Metadata only: berth’s console never reads a secret’s or a parameter’s value. “Who may read” is
decided by berth’s IAM engine from each role’s policies and the secret’s resource policy (the KMS key policy is
decided when the value is read).</p>
<section aria-labelledby="secrets-h"><h2 id="secrets-h">Secrets Manager</h2>
${table(
  'Secrets',
  ['Name', 'ARN', 'KMS key', 'Last changed', 'Roles that may read it'],
  secrets.map(
    (
      s,
    ) => html`<tr><th scope="row">${s.name}${s.deletedDate ? html` <span class="status status-stopped">scheduled for deletion</span>` : ''}</th>
<td class="arn">${s.arn}</td><td>${s.kmsKeyId ?? 'aws/secretsmanager'}</td><td>${time(s.lastChanged)}</td>
<td>${s.readers.length === 0 ? html`<span class="none">no role</span>` : s.readers.join(', ')}</td></tr>`,
  ),
  'No secrets.',
)}</section>
<section aria-labelledby="parameters-h"><h2 id="parameters-h">Parameter Store</h2>
${
  'unavailable' in parameters
    ? html`<p class="empty">${parameters.unavailable}</p>`
    : table(
        'Parameters',
        ['Name', 'ARN', 'Type', 'KMS key', 'Last modified', 'Roles that may read it'],
        parameters.rows.map(
          (
            p,
          ) => html`<tr><th scope="row">${p.name}</th><td class="arn">${p.arn}</td><td>${p.type}</td><td>${p.keyId ?? ''}</td>
<td>${time(p.lastModified)}</td><td>${p.readers.length === 0 ? html`<span class="none">no role</span>` : p.readers.join(', ')}</td></tr>`,
        ),
        'No parameters.',
      )
}</section>`;
  return page({ title: 'Secrets and parameters', body });
}
