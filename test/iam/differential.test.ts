/**
 * Differential test: berth's IAM engine against @cloud-copilot/iam-simulate (AGPL-3.0, a devDependency used only
 * here, as an oracle; none of its code or fixtures is copied). Random cases from generate-cases.ts run through both
 * engines, which must agree on the decision (allowed / explicit deny / implicit deny) except where a case falls
 * under an ALLOWLIST entry, each citing the AWS documentation that sides with berth.
 * reference/aws-iam-and-protocols.md §1 (semantics) and §2 (iam-simulate and its caveats).
 *
 *   node --import tsx --test test/iam/differential.test.ts
 *   BERTH_DIFF_SEED=<n> BERTH_DIFF_CASES=<n> BERTH_DIFF_REPROS=<n>   to explore other seeds, more cases, more repros
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runSimulation, type Simulation } from '@cloud-copilot/iam-simulate';
import {
  type BerthResult,
  berthDecide,
  type DiffCase,
  describeCase,
  features,
  generateCase,
  makeRng,
  type Statement,
  shrinkCandidates,
} from './generate-cases.js';

const seed = Number(process.env.BERTH_DIFF_SEED ?? 20261122);
const wanted = Number(process.env.BERTH_DIFF_CASES ?? 2500);
const maxAttempts = wanted * 4;
/** How many minimal repros of unexplained disagreements to print (each is shrunk first). */
const reproLimit = Number(process.env.BERTH_DIFF_REPROS ?? 10);
/** Also print one minimal repro per allowlist entry (BERTH_DIFF_SHOW_ALLOWLISTED=1). */
const showAllowlisted = process.env.BERTH_DIFF_SHOW_ALLOWLISTED === '1';

type SimResult = 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied';
const asBerth: Record<SimResult, BerthResult> = {
  Allowed: 'Allow',
  ExplicitlyDenied: 'ExplicitDeny',
  ImplicitlyDenied: 'ImplicitDeny',
};

interface Outcome {
  sim: SimResult;
  /** berth's decision, or `threw: …` when berth rejected a document iam-simulate accepted. */
  berth: BerthResult | `threw: ${string}`;
}

/**
 * A known way in which the two engines differ. `view` rewrites a case into what iam-simulate takes it to mean
 * (undefined when the case does not have the feature): if berth, given the rewritten case, answers what iam-simulate
 * answered, the feature explains the disagreement. So each entry is a narrow predicate over the case, checked
 * against berth itself, and a disagreement with any other cause stays unexplained.
 */
interface Divergence {
  name: string;
  /** Who is right, and the AWS documentation that says so. */
  citation: string;
  view(c: DiffCase): DiffCase | undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Helpers for the views.

const list = (value: unknown): string[] =>
  value === undefined ? [] : Array.isArray(value) ? value.map(String) : [String(value)];

type Condition = Record<string, Record<string, unknown>>;

/**
 * A copy of the case with `edit` applied to every statement of every document (`kind` names the document);
 * undefined when `edit` changed nothing, i.e. the case does not have the feature.
 */
function rewrite(c: DiffCase, edit: (s: Statement, kind: string) => boolean): DiffCase | undefined {
  const copy = structuredClone(c);
  let changed = false;
  const each = (statements: Statement[] | undefined, kind: string) => {
    for (const s of statements ?? []) if (edit(s, kind)) changed = true;
  };
  for (const doc of copy.identity) each(doc.Statement, 'identity');
  each(copy.resourcePolicy?.doc.Statement, copy.resourcePolicy?.kind ?? 'resource');
  each(copy.boundary?.Statement, 'boundary');
  each(copy.session?.Statement, 'session');
  return changed ? copy : undefined;
}

/** Condition keys of the request context, lower-cased (keys are case-insensitive, ref aws-iam-and-protocols §1.9). */
function contextOf(c: DiffCase): Map<string, string | string[]> {
  return new Map(Object.entries(c.context).map(([k, v]) => [k.toLowerCase(), v]));
}

/** Whether a `${…}` in `text` has neither a single value in the context nor a default (ref aws-iam-and-protocols §1.10). */
function hasUnresolvableVariable(text: string, context: Map<string, string | string[]>): boolean {
  return [...text.matchAll(/\$\{([^}]*)\}/g)].some(([, inner]) => {
    const [key, fallback] = inner!.split(', ');
    const name = key!.trim();
    if (name === '*' || name === '?' || name === '$' || fallback !== undefined) return false;
    return typeof context.get(name.toLowerCase()) !== 'string';
  });
}

/** Replaces the test of `key` under `op` by one that always fails (a positive test of a key never present). */
function failClause(condition: Condition, op: string, key: string): void {
  const block = condition[op]!;
  delete block[key];
  if (Object.keys(block).length === 0) delete condition[op];
  condition.StringEquals = { ...condition.StringEquals, 'aws:BerthNeverPresent': 'x' };
}

// ---------------------------------------------------------------------------------------------------------------

/** Divergences where AWS's documentation says berth is right and iam-simulate is not. */
const ALLOWLIST: Divergence[] = [
  {
    name: 'ARN prefix fields are case-sensitive in Resource/NotResource',
    citation:
      'ref aws-iam-and-protocols §1.8 "Case sensitivity" and §2.1 "Not supported / caveats": iam-simulate folds the case of the ' +
      'partition, service, region and account fields. IAM UG reference_policies_elements_condition_operators.md ' +
      '§Conditions_ARN: ARN matching is "Case-sensitive matching of the ARN. Each of the six colon-delimited ' +
      'components of the ARN is checked separately"; AWS General Reference, ARN format: region is "The Region code".',
    view: (c) =>
      rewrite(c, (s) => {
        let changed = false;
        for (const member of ['Resource', 'NotResource']) {
          if (s[member] === undefined) continue;
          s[member] = list(s[member]).map((value) => {
            const fields = value.split(':');
            if (fields.length < 6) return value;
            const folded = [
              ...fields.slice(0, 5).map((f) => f.toLowerCase()),
              fields.slice(5).join(':'),
            ].join(':');
            if (folded !== value) changed = true;
            return folded;
          });
        }
        return changed;
      }),
  },
  {
    name: 'a resource policy naming the session ARN is not limited by the session policy',
    citation:
      'ref aws-iam-and-protocols §1.6 "Divergence to be aware of"; IAM UG access_policies.md §"Session policies": "A resource-based ' +
      'policy can specify the ARN of the session as a principal. In that case, the permissions from the ' +
      'resource-based policy are added after the session is created. The resource-based policy permissions are ' +
      'not limited by the session policy." (iam-simulate lets the session policy limit them.)',
    // iam-simulate's view: as if the resource policy named the role, whose grants the session policy does limit.
    view: (c) => {
      const { caller } = c;
      if (caller.kind !== 'session' || !c.session) return undefined;
      return rewrite(c, (s, kind) => {
        if (kind === 'identity' || kind === 'boundary' || kind === 'session') return false;
        const element = s.Principal as Statement | undefined;
        if (!element || typeof element !== 'object' || !list(element.AWS).includes(caller.arn)) return false;
        element.AWS = list(element.AWS).map((v) => (v === caller.arn ? caller.roleArn! : v));
        return true;
      });
    },
  },
  {
    name: 'NotPrincipal naming a role does not exclude its sessions',
    citation:
      'IAM UG reference_policies_elements_notprincipal.md §"NotPrincipal with Deny", example "IAM role in the same ' +
      'or different account": the element lists the assumed-role session ARN as well as the role ARN, because AWS ' +
      'may evaluate "the account first, then the role, and then the assumed-role user"; "When you specify an ' +
      'assumed-role session in a NotPrincipal element, you cannot use a wildcard (*) to mean all sessions. ' +
      'Principals must always name a specific session." (iam-simulate lets the role ARN exclude all its sessions.)',
    view: (c) => {
      const { caller } = c;
      if (caller.kind !== 'session') return undefined;
      return rewrite(c, (s) => {
        const element = s.NotPrincipal as Statement | undefined;
        if (!element || typeof element !== 'object') return false;
        const aws = list(element.AWS);
        if (!aws.includes(caller.roleArn!) || aws.includes(caller.arn)) return false;
        element.AWS = [...aws, caller.arn];
        return true;
      });
    },
  },
  {
    name: 'an unresolvable policy variable makes a negated String/Arn operator match',
    citation:
      'ref aws-iam-and-protocols §1.10; IAM UG reference_policies_variables.md §"Policy variables with no value": "Inverted ' +
      'condition operators like StringNotEquals or StringNotLike do match against a null value, as the value of the ' +
      'condition key they are testing against is not equal to or like the effectively null value." (iam-simulate ' +
      'makes the whole negated condition fail.)',
    // iam-simulate's view: the condition fails, as a test of a key that is never present fails.
    view: (c) => {
      const context = contextOf(c);
      return rewrite(c, (s) => {
        const condition = s.Condition as Condition | undefined;
        let changed = false;
        for (const [op, block] of Object.entries(condition ?? {})) {
          // Plain or under a set operator; a missing key is handled alike by both engines, so it must be present.
          if (!/^(ForAnyValue:|ForAllValues:)?(String|Arn)Not/i.test(op)) continue;
          for (const [key, values] of Object.entries(block)) {
            const value = context.get(key.toLowerCase());
            if (value === undefined || (Array.isArray(value) && value.length === 0)) continue;
            if (Array.isArray(value) && !/^For/i.test(op)) continue;
            if (!list(values).some((v) => hasUnresolvableVariable(v, context))) continue;
            failClause(condition!, op, key);
            changed = true;
          }
        }
        return changed;
      });
    },
  },
  {
    name: 'an unresolvable policy variable in NotResource matches nothing, so the NotResource excludes nothing',
    citation:
      'IAM UG reference_policies_variables.md §"Policy variables with no value": "If a variable that has no value ' +
      'in the authorization context is used as part of the Resource or NotResource element of a policy, the ' +
      'resource that includes a policy variable with no value will not match any resource." A NotResource entry ' +
      'that matches nothing leaves every resource in the statement (reference_policies_elements_notresource.md). ' +
      '(iam-simulate drops the whole statement.)',
    view: (c) => {
      const context = contextOf(c);
      return rewrite(c, (s) => {
        if (!list(s.NotResource).some((v) => hasUnresolvableVariable(v, context))) return false;
        delete s.NotResource;
        s.Resource = 'arn:aws:iam::000000000000:berth/never-matches';
        return true;
      });
    },
  },
  {
    name: 'a policy variable may stand in any field of an ARN condition value',
    citation:
      'IAM UG reference_policies_elements_condition_operators.md §Conditions_ARN: "You can use a policy variable ' +
      'with the ARN condition operator"; reference_policies_variables.md §"Where you can use policy variables": ' +
      'in "any condition that involves the string operators or the ARN operators" (only the Resource element ' +
      'limits variables to the resource field). iam-simulate splits the value at colons before substituting, so ' +
      'the colon of a ${aws:…} key name before the resource field shifts the fields and the value never matches.',
    view: (c) =>
      rewrite(c, (s) => {
        let changed = false;
        for (const [op, block] of Object.entries((s.Condition as Condition | undefined) ?? {})) {
          if (!/(^|:)Arn/i.test(op)) continue;
          for (const [key, values] of Object.entries(block)) {
            block[key] = list(values).map((v) => {
              const at = v.indexOf('${');
              if (at < 0 || v.slice(0, at).split(':').length > 5) return v;
              changed = true;
              return 'arn:aws:iam::000000000000:berth/never-matches';
            });
          }
        }
        return changed;
      }),
  },
  {
    name: 'an IPv4 /0 range holds every IPv4 address',
    citation:
      'IAM UG reference_policies_elements_condition_operators.md §Conditions_IPAddress: the value "must be in the ' +
      'standard CIDR format" (RFC 4632: a /0 prefix covers the whole address space). iam-simulate builds the /0 ' +
      'mask with a 32-bit shift (-1 << 32 is -1 in JavaScript) and so compares the whole address.',
    view: (c) =>
      rewrite(c, (s) => {
        let changed = false;
        for (const [op, block] of Object.entries((s.Condition as Condition | undefined) ?? {})) {
          if (!/IpAddress/i.test(op)) continue;
          for (const [key, values] of Object.entries(block)) {
            block[key] = list(values).map((v) => {
              if (!/^\d+\.\d+\.\d+\.\d+\/0$/.test(v)) return v;
              changed = true;
              return v.replace(/\/0$/, '/32');
            });
          }
        }
        return changed;
      }),
  },
  {
    name: 'an address without a prefix is a /32 range, so NotIpAddress holds for an address of the other family',
    citation:
      'IAM UG reference_policies_elements_condition_operators.md §Conditions_IPAddress: "If you specify an IP ' +
      'address without the associated routing prefix, IAM uses the default prefix value of /32"; NotIpAddress is ' +
      '"All IP addresses except the specified IP address or range". iam-simulate compares a prefix-less value as ' +
      'text and, for an IPv6 request against an IPv4 address, makes NotIpAddress fail (with "/32" it holds).',
    view: (c) => {
      const ip = contextOf(c).get('aws:sourceip');
      if (typeof ip !== 'string') return undefined;
      const family = (v: string) => (v.includes(':') ? 6 : 4);
      return rewrite(c, (s) => {
        const condition = s.Condition as Condition | undefined;
        let changed = false;
        for (const [op, block] of Object.entries(condition ?? {})) {
          if (!/^(ForAnyValue:|ForAllValues:)?NotIpAddress/i.test(op)) continue;
          for (const [key, values] of Object.entries(block)) {
            if (key.toLowerCase() !== 'aws:sourceip') continue;
            if (!list(values).some((v) => !v.includes('/') && family(v) !== family(ip))) continue;
            failClause(condition!, op, key);
            changed = true;
          }
        }
        return changed;
      });
    },
  },
];

/**
 * Divergences NOT allowlisted: engine bugs under investigation, or behaviour undocumented either way. They fail the
 * test; naming one here makes the failure say what it is and print one minimal repro. Empty: the three found when
 * this test was written (NotPrincipal+Deny with a boundary, ForAnyValue…IfExists on a missing key, Principal "*"
 * under a session policy) were settled in the engine, with their sources in src/engines/iam.
 */
const REPORTED: Divergence[] = [];

// ---------------------------------------------------------------------------------------------------------------

function toSimulation(c: DiffCase): Simulation {
  return {
    request: {
      principal: c.caller.arn,
      action: c.action,
      resource: { resource: c.resource, accountId: c.resourceAccount },
      contextVariables: c.context,
    },
    identityPolicies: c.identity.map((policy, i) => ({ name: `identity-${i}`, policy })),
    ...(c.resourcePolicy ? { resourcePolicy: c.resourcePolicy.doc } : {}),
    ...(c.boundary ? { permissionBoundaryPolicies: [{ name: 'boundary', policy: c.boundary }] } : {}),
    ...(c.session ? { sessionPolicy: c.session } : {}),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
  };
}

/** iam-simulate's decision and the context keys it dropped as not applicable to the action; or why it refused. */
async function simulate(c: DiffCase): Promise<{ result: SimResult; ignored: string[] } | { error: string }> {
  try {
    const response = await runSimulation(toSimulation(c), { simulationMode: 'Strict' });
    if (response.resultType === 'error') return { error: response.errors.message };
    if (response.resultType !== 'single') return { error: `unexpected ${response.resultType} result` };
    return { result: response.overallResult as SimResult, ignored: response.result.ignoredContextKeys ?? [] };
  } catch (error) {
    return { error: `threw: ${(error as Error).message}` };
  }
}

function berthOutcome(c: DiffCase): Outcome['berth'] {
  try {
    return berthDecide(c);
  } catch (error) {
    return `threw: ${(error as Error).message}`;
  }
}

/**
 * Runs both engines; undefined when iam-simulate refuses the case (it is then regenerated). The context keys
 * iam-simulate ignores as not applicable to the action are dropped from the case, so berth sees the same context.
 */
async function compare(c: DiffCase): Promise<Outcome | undefined> {
  const sim = await simulate(c);
  if ('error' in sim) return undefined;
  for (const key of sim.ignored) delete c.context[key];
  return { sim: sim.result, berth: berthOutcome(c) };
}

const agrees = (o: Outcome) => o.berth === asBerth[o.sim];

interface Explanation {
  allowlisted: boolean;
  names: string[];
}

/**
 * Which known divergences explain a disagreement: one entry alone (allowlist first), else all entries whose feature
 * the case has, applied together. Allowlisted only if every entry used is on the allowlist.
 */
function explain(c: DiffCase, o: Outcome): Explanation | undefined {
  const berthSays = (x: DiffCase) => berthOutcome(x) === asBerth[o.sim];
  for (const entry of ALLOWLIST) {
    const view = entry.view(c);
    if (view && berthSays(view)) return { allowlisted: true, names: [entry.name] };
  }
  for (const entry of REPORTED) {
    const view = entry.view(c);
    if (view && berthSays(view)) return { allowlisted: false, names: [entry.name] };
  }
  let combined = c;
  const used: Divergence[] = [];
  for (const entry of [...ALLOWLIST, ...REPORTED]) {
    const view = entry.view(combined);
    if (view) {
      combined = view;
      used.push(entry);
    }
  }
  if (used.length < 2 || !berthSays(combined)) return undefined;
  return { allowlisted: used.every((e) => ALLOWLIST.includes(e)), names: used.map((e) => e.name) };
}

/** Greedily removes parts of a case while the same disagreement, with the same explanation, remains. */
async function shrink(c: DiffCase, outcome: Outcome): Promise<DiffCase> {
  const why = JSON.stringify(explain(c, outcome) ?? null);
  let current = c;
  for (let changed = true, budget = 4000; changed && budget > 0; ) {
    changed = false;
    for (const candidate of shrinkCandidates(current)) {
      if (--budget <= 0) break;
      const o = await compare(candidate);
      if (!o || o.sim !== outcome.sim || o.berth !== outcome.berth) continue;
      if (JSON.stringify(explain(candidate, o) ?? null) !== why) continue;
      current = candidate;
      changed = true;
      break;
    }
  }
  return current;
}

test('berth and iam-simulate agree on random requests and policies (ref aws-iam-and-protocols §1, §2.2)', async (t) => {
  const rng = makeRng(seed);
  const counts = { attempts: 0, rejectedBySimulator: 0, compared: 0, agreed: 0, allowlisted: 0 };
  const byResult: Record<string, number> = {};
  const perEntry = new Map<string, number>([...ALLOWLIST, ...REPORTED].map((e) => [e.name, 0]));
  const coverage = new Map<string, number>();
  const reported = new Map<string, { c: DiffCase; outcome: Outcome }>();
  const allowlistedExamples = new Map<string, { c: DiffCase; outcome: Outcome }>();
  let reportedCount = 0;
  const unexplained: { c: DiffCase; outcome: Outcome }[] = [];

  while (counts.compared < wanted && counts.attempts < maxAttempts) {
    const c = generateCase(rng, counts.attempts++);
    const outcome = await compare(c);
    if (!outcome) {
      counts.rejectedBySimulator++;
      continue;
    }
    counts.compared++;
    byResult[outcome.sim] = (byResult[outcome.sim] ?? 0) + 1;
    for (const f of features(c)) coverage.set(f, (coverage.get(f) ?? 0) + 1);
    if (agrees(outcome)) {
      counts.agreed++;
      continue;
    }
    const why = explain(c, outcome);
    if (!why) {
      unexplained.push({ c, outcome });
      continue;
    }
    for (const name of why.names) perEntry.set(name, (perEntry.get(name) ?? 0) + 1);
    if (why.allowlisted) {
      counts.allowlisted++;
      const key = why.names.join(' + ');
      if (showAllowlisted && !allowlistedExamples.has(key)) allowlistedExamples.set(key, { c, outcome });
    } else {
      reportedCount++;
      const key = why.names.join(' + ');
      if (!reported.has(key)) reported.set(key, { c, outcome });
    }
  }

  t.diagnostic(`seed ${seed}: ${JSON.stringify(counts)}`);
  t.diagnostic(`iam-simulate results: ${JSON.stringify(byResult)}`);
  for (const [name, n] of perEntry) t.diagnostic(`${n} × ${name}`);
  t.diagnostic(
    `disagreements outside the allowlist: ${reportedCount} reported, ${unexplained.length} unexplained`,
  );
  t.diagnostic(
    `coverage: ${[...coverage]
      .sort()
      .map(([f, n]) => `${f}=${n}`)
      .join(' ')}`,
  );

  // One minimal repro per reported divergence (and per allowlist entry if asked), and for the first unexplained
  // disagreements.
  const singles = new Set([...reported.keys()].filter((key) => !key.includes(' + ')));
  for (const [name, { c, outcome }] of [...allowlistedExamples, ...reported]) {
    // A divergence met only together with others is shown once alone, if ever met alone.
    if (name.includes(' + ') && name.split(' + ').every((n) => singles.has(n) || !n.startsWith('REPORTED')))
      continue;
    const repro = JSON.stringify(describeCase(await shrink(c, outcome)));
    t.diagnostic(
      `${name} — case ${c.id}: berth ${outcome.berth}, iam-simulate ${outcome.sim}; repro: ${repro}`,
    );
    const entry = REPORTED.find((e) => e.name === name);
    if (entry) t.diagnostic(`  why: ${entry.citation}`);
  }
  const printed = new Set<string>();
  for (const { c, outcome } of unexplained.slice(0, reproLimit * 3)) {
    if (printed.size >= reproLimit) break;
    const repro = JSON.stringify(describeCase(await shrink(c, outcome)));
    if (printed.has(repro)) continue;
    printed.add(repro);
    t.diagnostic(
      `UNEXPLAINED case ${c.id}: berth ${outcome.berth}, iam-simulate ${outcome.sim}; repro: ${repro}`,
    );
  }

  assert.ok(counts.compared >= 2000, `only ${counts.compared} cases compared`);
  assert.equal(
    reportedCount + unexplained.length,
    0,
    `${reportedCount + unexplained.length} disagreements outside the allowlist (see the diagnostics)`,
  );
});
