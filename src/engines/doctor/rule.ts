import type { Unknown } from '../cloudformation/index.js';
import type { StoppedReasonCode } from '../ecs/explain-stopped-reason.js';
import type { Chain } from './chain.js';

/** The rows of ref peers-and-misconfigurations §C that the doctor checks: the codes explainStoppedReason gives. */
export type RuleCode = Exclude<StoppedReasonCode, 'EssentialContainerExited'>;

export type Severity = 'error' | 'warning' | 'info';

/** What a rule found wrong. */
export interface Verdict {
  readonly why: string;
  /** What ECS will show at deploy or task start. */
  readonly ecs: string;
  /** Something to paste. */
  readonly fix: string;
  /** Overrides the rule's severity (a row can hold an error case and a warning case). */
  readonly severity?: Severity;
  /** An unknown link this verdict already speaks for: later rules stopping at it say nothing more. */
  readonly explains?: Unknown;
}

/**
 * One row of the doctor's table (house style E4): the catalogue's code, a predicate over one container's chain, and
 * the fix. `check` answers undefined when the link is fine or not this rule's business, an Unknown when the input
 * cannot say. Task rules look at the task once; container rules at each container.
 */
export interface DoctorRule {
  readonly code: RuleCode;
  readonly severity: Severity;
  readonly scope: 'task' | 'container';
  /** One line for SARIF's rule description. */
  readonly title: string;
  readonly check: (chain: Chain) => Verdict | Unknown | undefined;
}
