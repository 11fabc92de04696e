/**
 * Listener and rule actions and rule conditions as the Query wire carries them (ref ecs-services-elb-logs §4.4):
 * `DefaultActions.member.N.Type`, `.TargetGroupArn`, `.ForwardConfig.TargetGroups.member.N.TargetGroupArn`,
 * `.FixedResponseConfig.StatusCode`, `.RedirectConfig.Host`; `Conditions.member.N.Field` with `Values` or
 * `PathPatternConfig.Values` / `HostHeaderConfig.Values`. Reading only: whether the pieces fit together (a forward
 * without a target group) is checked by `checkActions` after `done()`.
 */
import type { QueryInputReader } from '../../../aws/index.js';
import type { ConditionField, ListenerAction, RuleCondition } from '../../../engines/elbv2/index.js';
import type { StoredAction } from '../domain/records.js';

export interface ActionInput {
  readonly type: 'forward' | 'fixed-response' | 'redirect';
  readonly order?: number;
  readonly targetGroupArn?: string;
  readonly forward?: readonly { readonly arn: string; readonly weight?: number }[];
  readonly fixed?: { statusCode: string; contentType?: string; messageBody?: string };
  readonly redirect?: Omit<Extract<ListenerAction, { type: 'redirect' }>, 'type'>;
}

const actionTypes = ['forward', 'fixed-response', 'redirect'] as const;
const contentTypes = [
  'text/plain',
  'text/css',
  'text/html',
  'application/javascript',
  'application/json',
] as const;

export function readActions(r: QueryInputReader, name: string, required: boolean): ActionInput[] | undefined {
  const list = required ? r.list(name, { required: true }) : r.list(name);
  return list?.map((item) => {
    const a = r.nested(item, name);
    const forward = a.structure('ForwardConfig');
    const fixed = a.structure('FixedResponseConfig');
    const redirect = a.structure('RedirectConfig');
    return {
      type: a.choice('Type', actionTypes, { required: true }),
      order: a.integer('Order', { min: 1, max: 50000 }),
      targetGroupArn: a.string('TargetGroupArn'),
      forward: forward?.list('TargetGroups')?.map((entry) => {
        const g = forward.nested(entry, 'TargetGroups');
        return {
          arn: g.string('TargetGroupArn', { required: true }),
          weight: g.integer('Weight', { min: 0, max: 999 }),
        };
      }),
      fixed: fixed && {
        statusCode: fixed.string('StatusCode', {
          required: true,
          pattern: /^(2|4|5)\d\d$/,
          patternText: '^(2|4|5)\\d\\d$',
        }),
        contentType: fixed.choice('ContentType', contentTypes),
        messageBody: fixed.string('MessageBody', { max: 1024 }),
      },
      redirect: redirect && {
        statusCode: redirect.choice('StatusCode', ['HTTP_301', 'HTTP_302'] as const, { required: true }),
        protocol: redirect.string('Protocol', {
          pattern: /^(HTTPS?|#\{protocol\})$/i,
          patternText: '^(HTTPS?|#\\{protocol\\})$',
        }),
        port: redirect.string('Port'),
        host: redirect.string('Host', { min: 1, max: 128 }),
        path: redirect.string('Path', { min: 1, max: 128 }),
        query: redirect.string('Query', { max: 128 }),
      },
    };
  });
}

export interface ConditionInput {
  readonly field: string;
  readonly values: readonly string[];
}

export function readConditions(
  r: QueryInputReader,
  name: string,
  required: boolean,
): ConditionInput[] | undefined {
  const list = required ? r.list(name, { required: true }) : r.list(name);
  return list?.map((item) => {
    const c = r.nested(item, name);
    const field = c.string('Field', { max: 64 }) ?? '';
    const values = c.strings('Values', { max: 128 }) ?? [];
    const config = c.structure(field === 'host-header' ? 'HostHeaderConfig' : 'PathPatternConfig');
    return { field, values: [...values, ...(config?.strings('Values', { max: 128 }) ?? [])] };
  });
}

/** An action as routing needs it, or the reason it is incomplete (ValidationError texts, [INF]). */
export function toStoredAction(input: ActionInput): StoredAction | string {
  const order = input.order === undefined ? {} : { order: input.order };
  switch (input.type) {
    case 'forward': {
      const groups = input.forward?.length
        ? input.forward.map((g) => ({ arn: g.arn, weight: g.weight ?? 1 }))
        : input.targetGroupArn
          ? [{ arn: input.targetGroupArn, weight: 1 }]
          : [];
      if (groups.length === 0) return 'A target group ARN must be specified for a forward action';
      return { ...order, action: { type: 'forward', targetGroups: groups } };
    }
    case 'fixed-response':
      if (!input.fixed) return 'A fixed response config must be specified for a fixed-response action';
      return { ...order, action: { type: 'fixed-response', ...defined(input.fixed) } };
    case 'redirect':
      if (!input.redirect) return 'A redirect config must be specified for a redirect action';
      return { ...order, action: { type: 'redirect', ...defined(input.redirect) } };
  }
}

/** A condition as routing needs it, or the reason it cannot be served. */
export function toCondition(input: ConditionInput): RuleCondition | string {
  const supported: readonly string[] = ['path-pattern', 'host-header'] satisfies ConditionField[];
  if (!supported.includes(input.field))
    return `Condition field '${input.field}' is not supported by berth (supported: path-pattern, host-header)`;
  if (input.values.length === 0) return `A condition value must be specified for '${input.field}'`;
  return { field: input.field as ConditionField, values: input.values };
}

function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
