// npm run bench -- iam: decisions per second, berth's IAM engine vs @cloud-copilot/iam-simulate, same inputs,
// same process, alternating rounds. See docs/benchmarks.md.
import { readFileSync } from 'node:fs';
import { runSimulation } from '@cloud-copilot/iam-simulate';
import {
  evaluate,
  type Policy,
  type PolicySet,
  parsePolicy,
  RequestContext,
} from '../src/engines/iam/index.js';
import { envNumber, formatRate, measureAlternating, recordResult } from './bench-kit.js';
import { iamMix, type MixCase, toSimulation } from './iam-mix.js';

const simulateResult = {
  Allowed: 'Allow',
  ExplicitlyDenied: 'ExplicitDeny',
  ImplicitlyDenied: 'ImplicitDeny',
} as const;

function compile(c: MixCase): PolicySet {
  const identity: Policy[] = c.identity.map((d) => parsePolicy(d, { kind: 'identity' }));
  const resource = c.resource_policy
    ? parsePolicy(c.resource_policy.document, { kind: c.resource_policy.kind })
    : undefined;
  return { identity, resource };
}

const prepared = iamMix.map((c) => ({
  c,
  policies: compile(c),
  request: {
    principal: c.principal,
    action: c.action,
    resource: c.resource,
    context: new RequestContext(c.context),
  },
  simulation: toSimulation(c),
}));

// Both engines must give the expected verdict on every case, or the figures mean nothing.
for (const { c, policies, request, simulation } of prepared) {
  const ours = evaluate(request, policies).result;
  const run = await runSimulation(simulation, { simulationMode: 'Strict' });
  if (run.resultType !== 'single') throw new Error(`${c.name}: iam-simulate says ${JSON.stringify(run)}`);
  const theirs = simulateResult[run.overallResult];
  if (ours !== c.expected || theirs !== c.expected) {
    throw new Error(`${c.name}: expected ${c.expected}, berth ${ours}, iam-simulate ${theirs}`);
  }
}

let sink = 0;
const rates = await measureAlternating(
  [
    {
      name: 'berth evaluate (policies compiled once)',
      run(n) {
        for (let i = 0; i < n; i++) {
          const p = prepared[i % prepared.length]!;
          if (evaluate(p.request, p.policies).result === 'Allow') sink++;
        }
      },
    },
    {
      name: 'berth parse + evaluate (every call)',
      run(n) {
        for (let i = 0; i < n; i++) {
          const p = prepared[i % prepared.length]!;
          if (evaluate(p.request, compile(p.c)).result === 'Allow') sink++;
        }
      },
    },
    {
      name: 'iam-simulate runSimulation (Strict)',
      async run(n) {
        for (let i = 0; i < n; i++) {
          const p = prepared[i % prepared.length]!;
          const run = await runSimulation(p.simulation, { simulationMode: 'Strict' });
          if (run.resultType === 'single' && run.overallResult === 'Allowed') sink++;
        }
      },
    },
  ],
  { rounds: envNumber('BENCH_ROUNDS', 7), roundMs: envNumber('BENCH_ROUND_MS', 400) },
);

const peer = rates[2]!.perSecond;
const peerVersion = JSON.parse(
  readFileSync(new URL('../node_modules/@cloud-copilot/iam-simulate/package.json', import.meta.url), 'utf8'),
).version;
console.log(
  `IAM decisions per second, ${prepared.length}-case mix, node ${process.version}, iam-simulate ${peerVersion}`,
);
if (sink === 0) throw new Error('no decision was allowed: the mix is broken');
recordResult({
  measure: 'IAM decisions (compiled policies)',
  berth: formatRate(rates[0]!.perSecond),
  peer: `${formatRate(peer)} iam-simulate ${peerVersion}`,
  ratio: `${(rates[0]!.perSecond / peer).toFixed(1)}× faster`,
  target: '≥ 10×',
  met: rates[0]!.perSecond / peer >= 10,
});
for (const rate of rates) {
  console.log(
    `  ${rate.name.padEnd(42)} ${formatRate(rate.perSecond).padStart(14)}   ${(rate.perSecond / peer).toFixed(1)}× iam-simulate`,
  );
}
