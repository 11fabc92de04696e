import { BerthError } from '../../errors/index.js';

/** The six parts of `arn:partition:service:region:account-id:resource`. */
export interface Arn {
  partition: string;
  service: string;
  region: string;
  account: string;
  /** Everything after the fifth colon: may itself hold `:` and `/`. */
  resource: string;
}

/** Parses an ARN, or returns undefined when the text is not one. */
export function tryParseArn(text: string): Arn | undefined {
  if (!text.startsWith('arn:')) return undefined;
  const parts = splitArn(text);
  if (!parts) return undefined;
  const [, partition, service, region, account, resource] = parts;
  if (!partition || !service || !resource) return undefined;
  return { partition, service, region, account, resource };
}

/** Parses an ARN, throwing `BERTH_INVALID_ARN` with the reason when it is not one. */
export function parseArn(text: string): Arn {
  const arn = tryParseArn(text);
  if (!arn) {
    throw new BerthError(
      'BERTH_INVALID_ARN',
      `'${text}' is not a valid ARN: expected arn:partition:service:region:account-id:resource`,
    );
  }
  return arn;
}

export function formatArn(arn: Arn): string {
  return `arn:${arn.partition}:${arn.service}:${arn.region}:${arn.account}:${arn.resource}`;
}

/** Splits into the six ARN fields: the first five colons separate, the rest belongs to the resource. */
export function splitArn(text: string): [string, string, string, string, string, string] | undefined {
  const fields: string[] = [];
  let start = 0;
  for (let i = 0; i < 5; i++) {
    const colon = text.indexOf(':', start);
    if (colon < 0) return undefined;
    fields.push(text.slice(start, colon));
    start = colon + 1;
  }
  fields.push(text.slice(start));
  return fields as [string, string, string, string, string, string];
}
