import type { DeployFacts } from './deploy-facts.js';
import type { StackScope } from './physical-ids.js';
import { Resolver } from './resolver.js';
import { pointerSegment } from './template-error.js';
import { rejected } from './template-rejection.js';
import { firstUnknown, isRecord, type TemplateValue, Unknown } from './template-value.js';

type Section = Readonly<Record<string, unknown>>;

/** A resource as the template declares it (attributes that are not properties). */
export interface DeclaredResource {
  readonly logicalId: string;
  readonly type: string;
  readonly deletionPolicy: string;
  readonly updateReplacePolicy: string;
}

export interface EvaluatedOutput {
  readonly key: string;
  readonly value: TemplateValue;
  readonly description?: string;
  readonly exportName?: TemplateValue;
}

/**
 * A template evaluated for one stack operation: the parameters' effective values (SSM ones already read) and, as
 * resources are created, their values (DeployFacts). Conditions are decided once; a resource's properties are
 * evaluated when asked, so a value that depends on a resource not yet created is an Unknown until it is.
 */
export class StackEvaluation {
  readonly #root: Section;
  readonly #resolver: Resolver;

  constructor(
    root: Section,
    scope: StackScope,
    parameters: Readonly<Record<string, string>>,
    facts: DeployFacts,
  ) {
    this.#root = root;
    this.#resolver = new Resolver(root, scope, parameters, facts);
  }

  get #resources(): Section {
    return (this.#root.Resources ?? {}) as Section;
  }

  /** The resources the stack has: those without a Condition or whose Condition holds. */
  resources(): DeclaredResource[] {
    return Object.keys(this.#resources)
      .filter((id) =>
        this.#holds((this.#resources[id] as Section).Condition, `/Resources/${pointerSegment(id)}`),
      )
      .map((logicalId) => {
        const r = this.#resources[logicalId] as Section;
        return {
          logicalId,
          type: String(r.Type),
          deletionPolicy: typeof r.DeletionPolicy === 'string' ? r.DeletionPolicy : 'Delete',
          updateReplacePolicy: typeof r.UpdateReplacePolicy === 'string' ? r.UpdateReplacePolicy : 'Delete',
        };
      });
  }

  /** A resource's properties with every intrinsic function worked out (Unknown where a dependency is not created). */
  properties(logicalId: string): Readonly<Record<string, TemplateValue>> {
    const pointer = `/Resources/${pointerSegment(logicalId)}/Properties`;
    const raw = (this.#resources[logicalId] as Section | undefined)?.Properties ?? {};
    const value = this.#resolver.resolve(raw, pointer);
    return isRecord(value) ? value : {};
  }

  /**
   * The Rules section (CDK's CheckBootstrapVersion; cfn-doc rules-section-structure.md, ref cloudformation-cdk §4.5):
   * a rule whose RuleCondition holds must have every Assert true; the first that is not refuses the operation with
   * its AssertDescription (the exact AWS framing is [UNCONFIRMED]).
   */
  checkRules(): void {
    const rules = (this.#root.Rules ?? {}) as Section;
    for (const [name, raw] of Object.entries(rules)) {
      const rule = (raw ?? {}) as Section;
      const at = `/Rules/${pointerSegment(name)}`;
      if (rule.RuleCondition !== undefined) {
        const applies = this.#resolver.resolve(rule.RuleCondition, `${at}/RuleCondition`);
        if (applies instanceof Unknown) throw rejected(`Template error: rule ${name}: ${applies.reason}`);
        if (applies !== true) continue;
      }
      const assertions = Array.isArray(rule.Assertions) ? rule.Assertions : [];
      assertions.forEach((assertion: Section, index) => {
        const holds = this.#resolver.resolve(assertion?.Assert, `${at}/Assertions/${index}/Assert`);
        if (holds instanceof Unknown) throw rejected(`Template error: rule ${name}: ${holds.reason}`);
        if (holds !== true) {
          throw rejected(
            typeof assertion.AssertDescription === 'string'
              ? assertion.AssertDescription
              : `Template error: the assertion of rule ${name} failed`,
          );
        }
      });
    }
  }

  /** The stack's outputs whose Condition holds, evaluated (Unknown where a resource is missing). */
  outputs(): EvaluatedOutput[] {
    const outputs = (this.#root.Outputs ?? {}) as Section;
    return Object.keys(outputs).flatMap((key) => {
      const output = (outputs[key] ?? {}) as Section;
      const at = `/Outputs/${pointerSegment(key)}`;
      if (!this.#holds(output.Condition, at)) return [];
      const exportName = (output.Export as Section | undefined)?.Name;
      return [
        {
          key,
          value: this.#resolver.resolve(output.Value, `${at}/Value`),
          ...(typeof output.Description === 'string' ? { description: output.Description } : {}),
          ...(exportName === undefined
            ? {}
            : { exportName: this.#resolver.resolve(exportName, `${at}/Export/Name`) }),
        },
      ];
    });
  }

  #holds(condition: unknown, pointer: string): boolean {
    if (condition === undefined) return true;
    const value = this.#resolver.condition(String(condition), `${pointer}/Condition`);
    if (value instanceof Unknown) throw rejected(`Template error: ${value.reason}`);
    return value;
  }
}

/** The first value a deployment could not work out, as the resource's failure reason; undefined when all is known. */
export function unresolvedReason(value: TemplateValue): string | undefined {
  return firstUnknown(value)?.reason;
}
