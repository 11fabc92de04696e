// The frame of every console page: landmarks (banner, navigation, main), the console's own stylesheet and script
// (served from /console/assets/, never inline), and small helpers the views share.
import { type Html, html, type Interpolation } from '../html.js';

export interface PageOptions {
  readonly title: string;
  /** The main content. */
  readonly body: Html;
  /** Where the live script listens for changes (SSE); none for a page that does not follow the account. */
  readonly live?: string;
}

const nav: readonly [string, string][] = [
  ['/console/', 'Overview'],
  ['/console/secrets', 'Secrets and parameters'],
  ['/console/registry', 'Registry and ECR'],
];

export function page(options: PageOptions): string {
  return `<!doctype html>\n${html`<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title} · berth console</title>
<link rel="stylesheet" href="/console/assets/console.css">
<script src="/console/assets/console.js" defer></script>
</head>
<body>
<header class="banner"><a class="brand" href="/console/">berth console</a>
<nav aria-label="Sections"><ul>${nav.map(([href, label]) => html`<li><a href="${href}">${label}</a></li>`)}</ul></nav>
<p class="live-state" role="status" aria-live="polite" id="live-state"></p>
</header>
<main id="main" ${options.live ? html`data-live="${options.live}"` : ''}>${mainContent(options.title, options.body)}</main>
</body>
</html>`}\n`;
}

/** What `<main>` holds: the heading and the body (the live feed sends the overview's as one piece). */
export function mainContent(title: string, body: Html): Html {
  return html`<h1>${title}</h1>
${body}`;
}

/** A timestamp as a `<time>` element (ISO text: readable, sortable, the same in every locale). */
export function time(at: Date | undefined): Html {
  if (at === undefined) return html`<span class="none">–</span>`;
  const text = at
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z');
  return html`<time datetime="${at.toISOString()}">${text}</time>`;
}

/** A status word with a class the stylesheet colours (with the word itself, never colour alone). */
export function status(value: string): Html {
  return html`<span class="status status-${value.toLowerCase().replace(/[^a-z_]/g, '')}">${value}</span>`;
}

/** A table with a caption and column headers; `rows` are already-built `<tr>`s. */
export function table(
  caption: string,
  headers: readonly string[],
  rows: readonly Html[],
  empty: string,
): Html {
  if (rows.length === 0) return html`<p class="empty">${empty}</p>`;
  return html`<table><caption>${caption}</caption>
<thead><tr>${headers.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead>
<tbody>${rows}</tbody></table>`;
}

/** A form that POSTs an action with the session's CSRF token (works without JavaScript). */
export function actionForm(action: string, csrf: string, label: string, fields: Interpolation = ''): Html {
  return html`<form method="post" action="${action}" class="action">
<input type="hidden" name="csrf" value="${csrf}">${fields}
<button type="submit">${label}</button></form>`;
}

export function taskHref(cluster: string, id: string): string {
  return `/console/clusters/${encodeURIComponent(cluster)}/tasks/${encodeURIComponent(id)}`;
}

export function serviceHref(cluster: string, name: string): string {
  return `/console/clusters/${encodeURIComponent(cluster)}/services/${encodeURIComponent(name)}`;
}

/** Bytes as KiB/MiB/GiB with one decimal. */
export function bytes(size: number | undefined): string {
  if (size === undefined) return '–';
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let value = size;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${size} B` : `${value.toFixed(1)} ${units[unit]}`;
}
