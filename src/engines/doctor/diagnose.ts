import { Unknown } from '../cloudformation/index.js';
import { Chain } from './chain.js';
import type { ChainModel, SourceLocation } from './chain-model.js';
import type { DoctorRule, RuleCode, Severity } from './rule.js';
import { doctorRules } from './rules.js';

export interface Finding {
  readonly rule: RuleCode;
  readonly severity: Severity;
  /** `<task definition>` or `<task definition>/<container>`. */
  readonly resource: string;
  readonly location: SourceLocation;
  /** Why the link is broken, or what could not be decided. */
  readonly message: string;
  /** What ECS will show; absent for an undecided check. */
  readonly ecs?: string;
  readonly fix: string;
  /** The input did not hold what the rule needs: reported, never taken as fine. */
  readonly undecided?: true;
}

const undecidedFix =
  'give the doctor what it lacks: the template that defines it, a parameter value (--parameter), or check the live account (--task-definition)';

/**
 * Runs every rule over every task definition and container of the model, in table order. An Unknown answer becomes
 * one warning per container and reason (several rules usually stop at the same missing link).
 */
export function diagnose(model: ChainModel, rules: readonly DoctorRule[] = doctorRules): Finding[] {
  const findings: Finding[] = [];
  for (const task of model.taskDefinitions) {
    const chains = task.containers.map((container) => new Chain(model, task, container));
    for (const [index, chain] of chains.entries()) {
      const said = new Set<string>();
      for (const rule of rules) {
        if (rule.scope === 'task' && index > 0) continue;
        const answer = rule.check(chain);
        if (answer === undefined) continue;
        const resource = rule.scope === 'task' ? task.name : `${task.name}/${chain.container.name}`;
        const location = rule.scope === 'task' ? task.location : chain.container.location;
        if (answer instanceof Unknown) {
          if (said.has(answer.reason)) continue;
          said.add(answer.reason);
          findings.push({
            rule: rule.code,
            severity: 'warning',
            resource,
            location,
            message: `could not decide (${rule.title}): ${answer.reason}`,
            fix: undecidedFix,
            undecided: true,
          });
          continue;
        }
        if (answer.explains) said.add(answer.explains.reason);
        findings.push({
          rule: rule.code,
          severity: answer.severity ?? rule.severity,
          resource,
          location,
          message: answer.why,
          ecs: answer.ecs,
          fix: answer.fix,
        });
      }
    }
  }
  return findings;
}
