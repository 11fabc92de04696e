import assert from 'node:assert/strict';
import { test } from 'node:test';
import { html } from './html.js';
import { taskPage } from './views/task-view.js';

test('every interpolation is escaped unless it is markup html built', () => {
  const hostile = `<script>alert("x")</script>' onmouseover='x' \``;
  const out =
    html`<p title="${hostile}">${hostile}${html`<b>${'&'}</b>`}${[hostile, 1, undefined, false]}</p>`.toString();
  assert.equal(out.includes('<script>'), false);
  assert.equal(out.includes(`'`), false);
  assert.match(
    out,
    /&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt;&#39; onmouseover=&#39;x&#39; &#96;/,
  );
  assert.match(out, /<b>&amp;<\/b>/);
  assert.match(out, /1<\/p>$/);
});

test('a task page escapes what the API answers and never shows a secret-sourced value', () => {
  const page = taskPage({
    detail: {
      task: {
        arn: 'arn:aws:ecs:us-east-1:000000000000:task/default/abc',
        id: 'abc',
        cluster: 'default',
        definition: 'app:1',
        lastStatus: 'STOPPED',
        desiredStatus: 'STOPPED',
        stopCode: 'TaskFailedToStart',
        stoppedReason: 'CannotPullContainerError: <img src=x onerror=alert(1)>',
      },
      timeline: [],
      containers: [{ name: 'app', image: '<i>', lastStatus: 'STOPPED' }],
      endpoints: [],
      environment: [
        { container: 'app', name: 'MODE', value: 'demo' },
        {
          container: 'app',
          name: 'DB',
          valueFrom: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:db-AbCdEf',
        },
      ],
      awslogs: [],
    },
    csrf: 'token',
    pulls: [],
    logs: [{ container: 'app', time: '', stream: 'stdout', text: '</pre><script>x</script>' }],
  });
  assert.equal(page.includes('<img'), false);
  assert.equal(page.includes('<script>x'), false);
  assert.match(page, /DB<\/th>\n<td><span class="masked">•+ \(from arn:aws:secretsmanager:/);
  assert.match(page, /MODE<\/th>\n<td>demo<\/td>/);
});
