// The runner's contract, with node itself as the tool (no shell involved anywhere).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isBerthError } from '../../errors/index.js';
import { runSystemTool, type SystemTool } from './system-tool.js';

const node: SystemTool = {
  file: process.execPath,
  leadingArgs: ['-e'],
  code: 'BERTH_NETWORK_FAILED',
  timeoutMs: 10_000,
  notFound: 'node was not found (apt-get install nodejs)',
  describe: (args) => `node ${args.length}`,
  gone: /not there/,
};
const failing = (stderr: string) => `process.stderr.write(${JSON.stringify(stderr)}); process.exit(1)`;

test('stdout on success; the arguments reach the tool as they are, never through a shell', async () => {
  const text = '$(echo hi); `x` | & ;';
  assert.equal(await runSystemTool(node, ['process.stdout.write(process.argv[1])', text]), text);
});

test("a failure is the tool's code with its own message, what it ran, and the exec error as cause", async () => {
  await assert.rejects(runSystemTool(node, [failing('  it broke \n')]), (error) => {
    assert.ok(isBerthError(error));
    assert.equal(error.code, 'BERTH_NETWORK_FAILED');
    assert.equal(error.message, 'node 1 failed: it broke');
    assert.ok(error.cause instanceof Error);
    return true;
  });
});

test('"gone" texts resolve with an empty string only when the caller opts in', async () => {
  assert.equal(await runSystemTool(node, [failing('it is not there')], { ignoreGone: true }), '');
  await assert.rejects(runSystemTool(node, [failing('it is not there')]), /node 1 failed: it is not there/);
  await assert.rejects(runSystemTool(node, [failing('other')], { ignoreGone: true }), /failed: other/);
});

test("the tool's own reader decides what it said", async () => {
  const last = { ...node, message: (stderr: string) => stderr.trim().split('\n').at(-1) ?? '' };
  await assert.rejects(runSystemTool(last, [failing('first\nlast\n')]), /node 1 failed: last$/);
});

test('a missing binary is the install hint, under the same code', async () => {
  const missing = { ...node, file: '/nonexistent/berth-tool' };
  await assert.rejects(runSystemTool(missing, ['0']), (error) => {
    assert.ok(isBerthError(error) && error.code === 'BERTH_NETWORK_FAILED');
    assert.equal(error.message, 'node was not found (apt-get install nodejs)');
    return true;
  });
});

test('a tool that outlives its timeout is killed and reported as a failure', async () => {
  const slow = { ...node, timeoutMs: 200 };
  await assert.rejects(runSystemTool(slow, ['setTimeout(() => {}, 10_000)']), /node 1 failed: /);
});

test('input goes to the tool on its stdin (ip -batch -); a tool that does not read it still answers', async () => {
  const echo =
    'process.stdin.setEncoding("utf8"); let s = ""; process.stdin.on("data", (d) => (s += d)); process.stdin.on("end", () => process.stdout.write(s.toUpperCase()))';
  assert.equal(
    await runSystemTool(node, [echo], { input: 'link set lo up\nroute add default\n' }),
    'LINK SET LO UP\nROUTE ADD DEFAULT\n',
  );
  assert.equal(
    await runSystemTool(node, ['process.stdout.write("ok")'], { input: 'x'.repeat(1 << 20) }),
    'ok',
  );
});
