/**
 * Describe…Attributes and Modify…Attributes, the same for load balancers, target groups and listeners: IAM is asked
 * on the resource's ARN first; the answer is every attribute of the kind, its defaults overlaid with what was set.
 * A change is checked key by key (attributes.ts) and stored in one transaction, on the record as stored then.
 */
import type { RequestContext } from '../../aws/index.js';
import { type AttributeCheck, type AttributeKind, applyAttributes } from './attributes.js';
import { attributesWire } from './domain/wire.js';
import type { Elbv2Context } from './elbv2-context.js';

type Attributes = Readonly<Record<string, string>>;

export interface AttributeHolder<R extends { readonly attributes?: Attributes }> {
  readonly kind: AttributeKind;
  readonly checks: Readonly<Record<string, AttributeCheck>>;
  readonly defaults: Attributes;
  /** The record, or the kind's NotFound error. */
  find(arn: string): R;
  put(current: R, next: R): void;
}

export class AttributeOperations<R extends { readonly attributes?: Attributes }> {
  readonly #c: Elbv2Context;
  readonly #holder: AttributeHolder<R>;

  constructor(context: Elbv2Context, holder: AttributeHolder<R>) {
    this.#c = context;
    this.#holder = holder;
  }

  async describe(ctx: RequestContext, arn: string) {
    await this.#c.authorize(ctx, arn);
    return { Attributes: this.#wire(this.#holder.find(arn)) };
  }

  async modify(ctx: RequestContext, arn: string, changes: readonly { Key: string; Value: string }[]) {
    await this.#c.authorize(ctx, arn);
    const { kind, checks } = this.#holder;
    const updated = this.#c.store.transaction(() => {
      const current = this.#holder.find(arn);
      const next = {
        ...current,
        attributes: applyAttributes(kind, checks, current.attributes ?? {}, changes),
      };
      this.#holder.put(current, next);
      return next;
    });
    return { Attributes: this.#wire(updated) };
  }

  #wire(record: R) {
    return attributesWire({ ...this.#holder.defaults, ...record.attributes });
  }
}
