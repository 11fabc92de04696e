import type { RequestContext } from '../../aws/index.js';
import { parseParameterArn, ssmArns } from '../../engines/ssm/index.js';
import type { ParameterDocument, VersionDocument } from './domain/parameter-document.js';
import { parseSelector, type Selector, selectorOf, selectorText } from './domain/parameter-name.js';
import { ssmErrors } from './errors.js';
import type { ParameterStore } from './store.js';

/** A parameter a request named, at the version it selected. */
export interface Found {
  readonly parameter: ParameterDocument;
  readonly version: VersionDocument;
  /** How the answer names it: the name, or the ARN when asked by ARN [INF: so that a caller can match its answers]. */
  readonly name: string;
  /** `:3` or `:label` when the request had a selector. */
  readonly selector?: string;
}

/** What a Name member names, before looking it up: the parameter's name in this scope and its selector. */
export interface NameReference {
  readonly name: string;
  readonly selector?: Selector;
  readonly byArn: boolean;
}

/**
 * Reads a Name member: a name (`x`, `/a/b`) or a parameter ARN of this account and region, either followed by a
 * `:version` or `:label` selector. Undefined when it can name nothing here (another account's or region's ARN —
 * berth shares no parameters — or more than one selector).
 */
export function nameReference(ctx: RequestContext, text: string): NameReference | undefined {
  if (text.startsWith('arn:')) {
    const arn = parseParameterArn(text);
    if (!arn || arn.account !== ctx.accountId || arn.region !== ctx.region) return undefined;
    return {
      name: arn.path,
      byArn: true,
      ...(arn.selector === undefined ? {} : { selector: selectorOf(arn.selector) }),
    };
  }
  const parsed = parseSelector(text);
  return parsed && { ...parsed, byArn: false };
}

/**
 * The IAM resource of a Name member, from the raw input (selectors dropped): its parameter ARN — another account's or
 * region's as the ARN names it, so IAM decides on what was asked.
 */
export function nameArn(ctx: RequestContext, partition: string, text: string): string {
  if (text.startsWith('arn:')) {
    const arn = parseParameterArn(text);
    return arn ? ssmArns.parameter({ partition, region: arn.region, account: arn.account }, arn.path) : text;
  }
  const name = parseSelector(text)?.name ?? text;
  return ssmArns.parameter({ partition, region: ctx.region, account: ctx.accountId }, name);
}

export class ParameterLookup {
  readonly #store: ParameterStore;

  constructor(store: ParameterStore) {
    this.#store = store;
  }

  /** The parameter a Name member names, or ParameterNotFound / ParameterVersionNotFound. */
  find(ctx: RequestContext, text: string): Found {
    const reference = nameReference(ctx, text);
    const parameter = reference && this.#store.parameter(scopeOf(ctx), reference.name);
    if (!reference || !parameter) throw ssmErrors.parameterNotFound();
    const { selector } = reference;
    const version = selector === undefined ? parameter.versions.at(-1)! : this.#select(parameter, selector);
    const arnText = selector === undefined ? text : text.slice(0, text.lastIndexOf(':'));
    const shown = reference.byArn ? arnText : parameter.name;
    return {
      parameter,
      version,
      name: shown,
      ...(selector === undefined ? {} : { selector: selectorText(selector) }),
    };
  }

  /** The parameter itself (no selector allowed), or ParameterNotFound. */
  parameter(ctx: RequestContext, text: string): ParameterDocument {
    const reference = nameReference(ctx, text);
    const parameter =
      reference && reference.selector === undefined && this.#store.parameter(scopeOf(ctx), reference.name);
    if (!parameter) throw ssmErrors.parameterNotFound();
    return parameter;
  }

  #select(parameter: ParameterDocument, selector: Selector): VersionDocument {
    if ('version' in selector) {
      const version = parameter.versions.find((v) => v.version === selector.version);
      if (!version) throw ssmErrors.versionNotFound(parameter.name, selector.version);
      return version;
    }
    const version = parameter.versions.find((v) => v.labels.includes(selector.label));
    // [INF] a label no version carries reads as a missing parameter.
    if (!version) throw ssmErrors.parameterNotFound();
    return version;
  }
}

export function scopeOf(ctx: RequestContext) {
  return { account: ctx.accountId, region: ctx.region };
}
