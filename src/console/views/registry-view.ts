import type { EcrRepositoryRow } from '../account-reader.js';
import type { RegistryRepository } from '../console-deps.js';
import { html } from '../html.js';
import { bytes, page, table, time } from './page.js';

/** berth's registry (repositories, tags, digests, sizes) and ECR's repositories and images. */
export function registryPage(
  registry: readonly RegistryRepository[],
  ecr: readonly EcrRepositoryRow[],
): string {
  const body = html`<section aria-labelledby="registry-h"><h2 id="registry-h">berth’s registry</h2>
${table(
  'Repositories and tags',
  ['Repository', 'Tag', 'Digest', 'Media type', 'Size'],
  registry.flatMap((r) =>
    r.tags.length === 0
      ? [html`<tr><th scope="row">${r.name}</th><td colspan="4" class="none">no tags</td></tr>`]
      : r.tags.map(
          (t) => html`<tr><th scope="row">${r.name}</th><td>${t.tag}</td><td class="digest">${t.digest}</td>
<td>${t.mediaType}</td><td>${bytes(t.size)}</td></tr>`,
        ),
  ),
  'No repositories: push an image to berth’s registry.',
)}</section>
<section aria-labelledby="ecr-h"><h2 id="ecr-h">Amazon ECR</h2>
${table(
  'ECR images',
  ['Repository', 'URI', 'Tags', 'Digest', 'Size', 'Pushed'],
  ecr.flatMap((r) =>
    r.images.length === 0
      ? [
          html`<tr><th scope="row">${r.name}</th><td>${r.uri}</td><td colspan="4" class="none">no images</td></tr>`,
        ]
      : r.images.map(
          (i) => html`<tr><th scope="row">${r.name}</th><td>${r.uri}</td><td>${i.tags.join(', ')}</td>
<td class="digest">${i.digest}</td><td>${bytes(i.size)}</td><td>${time(i.pushedAt)}</td></tr>`,
        ),
  ),
  'No ECR repositories.',
)}</section>`;
  return page({ title: 'Registry and ECR', body });
}
