// The console's only script and stylesheet, served from /console/assets/ (the CSP allows no inline script and nothing
// from another origin). The script only adds liveness: every page reads fully without it.

/** Follows the account: on a change event the page's <main> is fetched again and swapped in; logs are appended. */
export const consoleScript = `'use strict';
(() => {
  const state = document.getElementById('live-state');
  const say = (text) => { if (state) state.textContent = text; };
  const main = document.getElementById('main');
  const follow = (pre) => {
    const source = new EventSource(pre.dataset.logs);
    source.addEventListener('snapshot', (event) => {
      pre.textContent = '';
      for (const line of JSON.parse(event.data)) append(pre, line);
    });
    source.addEventListener('lines', (event) => {
      for (const line of JSON.parse(event.data)) append(pre, line);
    });
    pre.consoleSource = source;
  };
  const append = (pre, line) => {
    const span = document.createElement('span');
    span.className = line.stream;
    span.textContent = line.container + ' | ' + (line.text.endsWith('\\n') ? line.text : line.text + '\\n');
    const atEnd = pre.scrollTop + pre.clientHeight >= pre.scrollHeight - 4;
    pre.appendChild(span);
    if (atEnd) pre.scrollTop = pre.scrollHeight;
  };
  /** A field being edited is not swapped away under the user's fingers. */
  const busy = () => { const a = document.activeElement; return !!a && main.contains(a) && a.tagName === 'INPUT'; };
  let refreshing = false;
  let again = false;
  const refresh = async () => {
    if (refreshing) { again = true; return; }
    refreshing = true;
    try {
      const response = await fetch(location.href, { credentials: 'same-origin', headers: { accept: 'text/html' } });
      if (!response.ok) { say('reload the page to go on following'); return; }
      const next = new DOMParser().parseFromString(await response.text(), 'text/html').getElementById('main');
      if (!next || busy()) return;
      const logs = main.querySelector('pre[data-logs]');
      const nextLogs = next.querySelector('pre[data-logs]');
      main.replaceChildren(...next.childNodes);
      if (logs && nextLogs) main.querySelector('pre[data-logs]').replaceWith(logs);
      else if (nextLogs) follow(main.querySelector('pre[data-logs]'));
    } finally {
      refreshing = false;
      if (again) { again = false; refresh(); }
    }
  };
  if (main && main.dataset.live) {
    const events = new EventSource(main.dataset.live);
    events.addEventListener('open', () => say('Live'));
    events.addEventListener('error', () => say('Reconnecting…'));
    events.addEventListener('change', (event) => {
      const data = JSON.parse(event.data);
      // The overview's new content comes with the event; any other page fetches itself again.
      if (typeof data.main === 'string' && !busy()) {
        main.replaceChildren(...new DOMParser().parseFromString('<main>' + data.main + '</main>', 'text/html').body.firstChild.childNodes);
      } else refresh();
    });
  }
  const pre = document.querySelector('pre[data-logs]');
  if (pre) follow(pre);
  // While an image is being pulled, the page follows its layers (the agent's report is not an ECS status change).
  setInterval(() => { if (main && main.querySelector('[data-pulling]')) refresh(); }, 500);
})();
`;

export const consoleStyle = `:root { color-scheme: light; --fg: #1b1f24; --muted: #4a5360; --line: #c9d1d9; --accent: #0b5cad;
  --bad: #a4161a; --good: #1a6b2f; --warn: #7a4d00; --bg: #ffffff; --panel: #f4f6f8; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
.banner { display: flex; gap: 2rem; align-items: center; padding: .6rem 1.5rem; background: #14212e; color: #fff; }
.banner a { color: #fff; }
.brand { font-weight: 700; text-decoration: none; }
nav ul { display: flex; gap: 1.2rem; list-style: none; margin: 0; padding: 0; }
.live-state { margin-left: auto; font-size: .85rem; }
main { padding: 1rem 1.5rem 3rem; max-width: 1400px; }
h1 { font-size: 1.5rem; margin: .4rem 0 1rem; word-break: break-all; }
h2 { font-size: 1.15rem; margin: 1.6rem 0 .5rem; border-bottom: 1px solid var(--line); padding-bottom: .2rem; }
a { color: var(--accent); }
a:focus, button:focus, input:focus, pre:focus { outline: 3px solid #f2b600; outline-offset: 1px; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
caption { text-align: left; color: var(--muted); font-size: .85rem; padding-bottom: .2rem; }
th, td { text-align: left; vertical-align: top; padding: .3rem .5rem; border-bottom: 1px solid var(--line); }
thead th { background: var(--panel); }
tbody th { font-weight: 600; }
.digest, .arn { font-family: ui-monospace, monospace; font-size: .8rem; word-break: break-all; }
.reason { font-family: ui-monospace, monospace; font-size: .82rem; word-break: break-word; }
.status { font-weight: 600; }
.status-running, .status-active, .status-completed, .status-healthy, .status-primary { color: var(--good); }
.status-stopped, .status-failed, .status-unhealthy, .status-inactive { color: var(--bad); }
.status-pending, .status-provisioning, .status-in_progress, .status-initial, .status-draining, .status-activating { color: var(--warn); }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; margin: 0 0 1rem; }
.facts dt { color: var(--muted); }
.facts dd { margin: 0; word-break: break-all; }
.cause { background: #fff4d6; border-left: 4px solid var(--warn); padding: .5rem .8rem; }
.decision { background: var(--panel); border-left: 4px solid var(--accent); padding: .5rem .8rem; margin-top: .8rem; }
.stopped { border-left: 4px solid var(--bad); padding-left: .8rem; }
.notice { background: #e6f3ea; border-left: 4px solid var(--good); padding: .5rem .8rem; }
.action { display: inline-flex; gap: .5rem; align-items: center; margin: 0 1rem .5rem 0; }
button { font: inherit; padding: .3rem .8rem; border: 1px solid var(--accent); background: var(--accent); color: #fff; border-radius: 3px; cursor: pointer; }
input[type=number] { width: 6rem; font: inherit; padding: .2rem; }
.logs { background: #0f1720; color: #e6edf3; padding: .8rem; max-height: 28rem; overflow: auto; font-size: .82rem; white-space: pre-wrap; }
.logs .stderr { color: #ffb4a9; }
.policy { background: #0f1720; color: #e6edf3; padding: .6rem; }
.masked, .none, .empty { color: var(--muted); }
.timeline { padding-left: 1.2rem; }
.step { display: inline-block; min-width: 14rem; font-weight: 600; }
.failures li { margin-bottom: .6rem; }
`;
