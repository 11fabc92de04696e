// The fuzzer over every registered operation of a running berth, one service at a time: fast-check inputs grown
// from each operation's example (value-arbitraries.ts), a quarter of them also mangled on the wire
// (wire-mutations.ts), all signed and sent as raw bytes. A violation fails the service's run with fast-check's seed
// and path, so `npm run fuzz -- --seed S --path P` replays it exactly; after each service, berth must still answer.
import fc from 'fast-check';
import type { ServiceDefinition } from '../../../src/aws/index.js';
import type { InProcessBerth } from '../../integ/support/in-process-berth.js';
import { violation } from './aws-shape.js';
import { followUps } from './follow-ups.js';
import { type RawAnswer, rawBytes, sendRaw, signedRawRequest } from './raw-wire.js';
import { inputLike, type OperationExample } from './value-arbitraries.js';
import { wireMutation } from './wire-mutations.js';

export type Examples = Readonly<Record<string, Readonly<Record<string, OperationExample>>>>;

export interface FuzzOptions {
  readonly seed: number;
  /** Inputs per service at most; the run also stops at `timeLimitMs` per service. */
  readonly inputsPerService: number;
  readonly timeLimitMs: number;
  /** Replays one recorded failure: fast-check's path for this seed (only with `services` naming one). */
  readonly path?: string;
  readonly services?: readonly string[];
}

export interface ServiceFigures {
  readonly service: string;
  readonly inputs: number;
  /** How many answers had each status (0: the connection closed without one). */
  readonly statuses: Readonly<Record<string, number>>;
  readonly failure?: string;
}

interface Case {
  readonly operation: string;
  readonly input: Record<string, unknown>;
  readonly mutation: { readonly label: string; apply: (r: Parameters<typeof rawBytes>[0]) => Buffer } | null;
}

function caseArbitrary(service: ServiceDefinition, operations: readonly string[], examples: Examples) {
  return fc.constantFrom(...operations).chain((operation) => {
    const example = examples[service.name]?.[operation];
    if (!example)
      throw new Error(`no example for ${service.name}.${operation} in test/vectors/operation-inputs`);
    return fc.record({
      operation: fc.constant(operation),
      input: inputLike(example),
      mutation: fc.option(wireMutation, { freq: 3 }),
    });
  });
}

async function send(
  berth: InProcessBerth,
  service: ServiceDefinition,
  operation: string,
  input: Record<string, unknown>,
) {
  return sendRaw(
    berth.target.endpoint,
    rawBytes(await signedRawRequest(berth.target, service, operation, input)),
  );
}

/** A violation of the consistency property after a successful write, or undefined. */
async function checkFollowUp(
  berth: InProcessBerth,
  service: ServiceDefinition,
  item: Case,
  answer: RawAnswer,
) {
  const row = followUps[service.name]?.[item.operation];
  if (!row || item.mutation || answer.status !== 200) return undefined;
  const written = service.protocol === 'aws-json' ? (JSON.parse(answer.body) as Record<string, unknown>) : {};
  const read = await send(berth, service, row.read, row.input(item.input, written));
  if (read.status !== 200)
    return `${item.operation} succeeded but ${row.read} answered ${read.status}: ${read.body.slice(0, 300)}`;
  if (row.agrees && !row.agrees(item.input, written, JSON.parse(read.body) as Record<string, unknown>))
    return `${row.read} disagrees with the ${item.operation} that succeeded: ${read.body.slice(0, 300)}`;
  return undefined;
}

export async function fuzzService(
  berth: InProcessBerth,
  service: ServiceDefinition,
  examples: Examples,
  options: FuzzOptions,
): Promise<ServiceFigures> {
  const operations = berth.operations.filter((o) => o.service === service).map((o) => o.name);
  // The examples name resources that do not exist; creating them first lets varied inputs reach past "not found".
  // KMS's example alias points at a placeholder key id: it gets the key the example CreateKey made.
  let keyId: unknown;
  for (const operation of operations.filter((name) => /^(Create|Register|Put)/.test(name))) {
    const example = examples[service.name]?.[operation];
    if (!example) continue;
    const input: Record<string, unknown> =
      operation === 'CreateKey' ? { Description: 'fuzz' } : { ...example.input };
    if (operation === 'CreateAlias' && keyId) input.TargetKeyId = keyId;
    const answer = await send(berth, service, operation, input);
    if (operation === 'CreateKey' && answer.status === 200)
      keyId = (JSON.parse(answer.body) as { KeyMetadata: { KeyId: string } }).KeyMetadata.KeyId;
  }
  const statuses: Record<string, number> = {};
  let inputs = 0;
  const cases = caseArbitrary(service, operations, examples);
  // fast-check's first generation in a process takes seconds (its tables warm up): not out of the time budget.
  fc.sample(cases, { numRuns: 1, seed: options.seed });
  const property = fc.asyncProperty(cases, async (item: Case) => {
    inputs++;
    const request = await signedRawRequest(berth.target, service, item.operation, item.input);
    const answer = await sendRaw(
      berth.target.endpoint,
      item.mutation ? item.mutation.apply(request) : rawBytes(request),
    );
    statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
    const broken =
      violation(answer, item.mutation ? undefined : service.protocol) ??
      (await checkFollowUp(berth, service, item, answer));
    if (broken) throw new Error(broken);
  });
  const details = await fc.check(property, {
    seed: options.seed,
    numRuns: options.inputsPerService,
    interruptAfterTimeLimit: options.timeLimitMs,
    ...(options.path ? { path: options.path } : {}),
  });
  const alive = await send(berth, berth.service('sts'), 'GetCallerIdentity', {});
  const failure = details.failed
    ? `${service.name}: seed ${details.seed}, path "${details.counterexamplePath}": ${describe(details.counterexample?.[0] as Case | undefined)}\n  ${String(details.errorInstance)}`
    : alive.status !== 200
      ? `${service.name}: berth stopped answering after the run (GetCallerIdentity ${alive.status})`
      : undefined;
  return { service: service.name, inputs, statuses, ...(failure ? { failure } : {}) };
}

function describe(item: Case | undefined): string {
  if (!item) return '(no counterexample)';
  const input = JSON.stringify(item.input);
  return `${item.operation} ${input.length > 600 ? `${input.slice(0, 600)}…` : input}${item.mutation ? ` + ${item.mutation.label}` : ''}`;
}

/** Every registered service (or the named ones), one after another. */
export async function fuzzServices(
  berth: InProcessBerth,
  examples: Examples,
  options: FuzzOptions,
): Promise<ServiceFigures[]> {
  const services = [...new Set(berth.operations.map((o) => o.service))].filter(
    (s) => !options.services || options.services.includes(s.name),
  );
  const figures: ServiceFigures[] = [];
  for (const service of services) figures.push(await fuzzService(berth, service, examples, options));
  return figures;
}
