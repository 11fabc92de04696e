// The fuzzer's short, seeded budget on every test run (test/fuzz/support/fuzz-run.ts; long runs with `npm run fuzz`,
// figures in docs/robustness.md): for every registered service, inputs grown from each operation's example and
// mangled on the wire get no 5xx, only AWS-shaped errors (ref aws-iam-and-protocols §4.1, §4.2), writes that
// succeeded read back, and berth keeps answering with bounded memory. A failure prints the seed and path.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { type InProcessBerth, startInProcessBerth } from '../integ/support/in-process-berth.js';
import { regressions } from './regressions.js';
import { violation } from './support/aws-shape.js';
import { type Examples, fuzzServices } from './support/fuzz-run.js';
import { rawBytes, sendRaw, signedRawRequest } from './support/raw-wire.js';

const examples = JSON.parse(
  readFileSync(new URL('../vectors/operation-inputs/examples.json', import.meta.url), 'utf8'),
) as Examples;

describe('fuzzing every registered operation over the wire', () => {
  let berth: InProcessBerth;

  before(async () => {
    berth = await startInProcessBerth();
  });

  after(() => berth?.stop());

  test('kept regression cases: no 5xx, AWS-shaped', async () => {
    for (const { found, service, operation, input } of regressions) {
      const definition = berth.service(service);
      const request = await signedRawRequest(berth.target, definition, operation, input());
      const answer = await sendRaw(berth.target.endpoint, rawBytes(request));
      assert.equal(violation(answer, definition.protocol), undefined, found);
    }
  });

  test('a short seeded budget per service: no violation, berth still answers, RSS bounded', async () => {
    const figures = await fuzzServices(berth, examples, {
      seed: 20261207,
      inputsPerService: 300,
      timeLimitMs: 2_500,
    });
    const services = new Set(berth.operations.map((o) => o.service.name));
    assert.deepEqual(new Set(figures.map((f) => f.service)), services);
    for (const f of figures) assert.ok(f.inputs >= 20, `${f.service}: only ${f.inputs} inputs`);
    assert.deepEqual(
      figures.flatMap((f) => (f.failure ? [f.failure] : [])),
      [],
    );
    assert.ok(process.memoryUsage().rss < 1024 * 2 ** 20, `RSS ${process.memoryUsage().rss}`);
  });
});
