import type { Authorizer, RequestContext } from '../../aws/index.js';
import { type AwsTag, tagConditionKeys } from '../../engines/aws-tags/index.js';
import { nameArn, nameReference, scopeOf } from './parameter-lookup.js';
import type { ParameterStore } from './store.js';

/**
 * IAM for Parameter Store, asked by the handlers: `ssm:<Action>` on the ARN of the parameter a Name member names,
 * with that parameter's tags as `aws:ResourceTag/…` when it exists (tag-based access to parameters, IAM User Guide
 * "Controlling access to AWS resources using tags") and the request's own as `aws:RequestTag/…` / `aws:TagKeys`.
 * The answer does not depend on whether the parameter exists, beyond its tags: a denial reads the same.
 */
export class ParameterAccess {
  readonly #store: ParameterStore;
  readonly #authorizer: Authorizer;
  readonly #partition: string;

  constructor(store: ParameterStore, authorizer: Authorizer, partition: string) {
    this.#store = store;
    this.#authorizer = authorizer;
    this.#partition = partition;
  }

  async authorize(
    ctx: RequestContext,
    action: string,
    name: string,
    requestTags?: readonly AwsTag[],
  ): Promise<void> {
    const reference = nameReference(ctx, name);
    const existing = reference && this.#store.parameter(scopeOf(ctx), reference.name);
    await this.#authorizer.authorize(ctx, {
      action,
      resource: nameArn(ctx, this.#partition, name),
      context: {
        ...tagConditionKeys.resource(existing?.tags ?? []),
        ...tagConditionKeys.request(requestTags),
      },
    });
  }

  /** `authorize` for each distinct name, in order: one denial refuses the whole request [INF]. */
  async authorizeEach(ctx: RequestContext, action: string, names: readonly string[]): Promise<void> {
    for (const name of new Set(names)) await this.authorize(ctx, action, name);
  }
}
