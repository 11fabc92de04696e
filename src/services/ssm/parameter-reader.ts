import type { RequestContext } from '../../aws/index.js';
import { keysetPage } from '../../engines/pagination/index.js';
import type { ParameterDocument, VersionDocument } from './domain/parameter-document.js';
import { isUnderPath, isValidPath } from './domain/parameter-name.js';
import { ssmErrors } from './errors.js';
import type { ParameterAccess } from './parameter-access.js';
import { checkFilters, filterKeys, matchesFilters, type ParameterFilter } from './parameter-filters.js';
import { type Found, type ParameterLookup, scopeOf } from './parameter-lookup.js';
import type { SecureValues } from './secure-values.js';
import type { ParameterStore } from './store.js';
import { parameterViews } from './views.js';

export interface ReaderDeps {
  readonly store: ParameterStore;
  readonly lookup: ParameterLookup;
  readonly secure: SecureValues;
  readonly access: ParameterAccess;
}

export interface PageInput {
  readonly maxResults?: number;
  readonly nextToken?: string;
}

/**
 * Parameter Store's reads. A SecureString's value is decrypted through KMS as the caller only when WithDecryption is
 * true (so kms:Decrypt decides); otherwise the answer carries the stored ciphertext blob, as AWS's does.
 */
export class ParameterReader {
  readonly #deps: ReaderDeps;

  constructor(deps: ReaderDeps) {
    this.#deps = deps;
  }

  async get(ctx: RequestContext, name: string, decrypt: boolean) {
    return { Parameter: await this.#view(ctx, this.#deps.lookup.find(ctx, name), decrypt) };
  }

  /** GetParameters: ssm:GetParameters on every name first, then each name found or listed in InvalidParameters. */
  async getMany(ctx: RequestContext, names: readonly string[], decrypt: boolean) {
    const distinct = [...new Set(names)];
    await this.#deps.access.authorizeEach(ctx, 'ssm:GetParameters', distinct);
    const found: Found[] = [];
    const invalid: string[] = [];
    for (const name of distinct) {
      try {
        found.push(this.#deps.lookup.find(ctx, name));
      } catch {
        invalid.push(name);
      }
    }
    const parameters = await Promise.all(found.map((f) => this.#view(ctx, f, decrypt)));
    return { Parameters: parameters, InvalidParameters: invalid };
  }

  async byPath(
    ctx: RequestContext,
    request: PageInput & {
      readonly path: string;
      readonly recursive: boolean;
      readonly filters: readonly ParameterFilter[];
      readonly decrypt: boolean;
    },
  ) {
    if (!isValidPath(request.path)) throw ssmErrors.invalidPath(request.path);
    checkFilters(request.filters, filterKeys.byPath);
    const matching = this.#deps.store
      .list(scopeOf(ctx))
      .filter((p) => isUnderPath(p.name, request.path, request.recursive))
      .filter((p) => matchesFilters(p, p.versions.at(-1)!, request.filters));
    const page = this.#page(matching, request, 10);
    const parameters = await Promise.all(
      page.items.map((p) =>
        this.#view(ctx, { parameter: p, version: p.versions.at(-1)!, name: p.name }, request.decrypt),
      ),
    );
    return { Parameters: parameters, NextToken: page.nextToken };
  }

  describe(ctx: RequestContext, request: PageInput & { readonly filters: readonly ParameterFilter[] }) {
    checkFilters(request.filters, filterKeys.describe);
    const matching = this.#deps.store
      .list(scopeOf(ctx))
      .filter((p) => matchesFilters(p, p.versions.at(-1)!, request.filters));
    const page = this.#page(matching, request, 50);
    return {
      Parameters: page.items.map((p) => parameterViews.metadata(p, p.versions.at(-1)!)),
      NextToken: page.nextToken,
    };
  }

  async history(
    ctx: RequestContext,
    request: PageInput & { readonly name: string; readonly decrypt: boolean },
  ) {
    const parameter = this.#deps.lookup.parameter(ctx, request.name);
    const page = keysetPage(
      parameter.versions,
      { token: request.nextToken, limit: request.maxResults ?? 50 },
      { keyOf: (v) => String(v.version).padStart(10, '0'), invalidToken: ssmErrors.invalidNextToken },
    );
    const versions = await Promise.all(
      page.items.map(async (v) =>
        parameterViews.history(parameter, v, await this.#value(ctx, parameter, v, request.decrypt)),
      ),
    );
    return { Parameters: versions, NextToken: page.nextToken };
  }

  #page(parameters: readonly ParameterDocument[], request: PageInput, limit: number) {
    return keysetPage(
      parameters,
      { token: request.nextToken, limit: request.maxResults ?? limit },
      { keyOf: (p) => p.name.replace(/^\//, ''), invalidToken: ssmErrors.invalidNextToken },
    );
  }

  async #view(ctx: RequestContext, found: Found, decrypt: boolean) {
    const value = await this.#value(ctx, found.parameter, found.version, decrypt);
    return parameterViews.parameter(found.parameter, found.version, value, found);
  }

  async #value(
    ctx: RequestContext,
    parameter: ParameterDocument,
    version: VersionDocument,
    decrypt: boolean,
  ): Promise<string> {
    if (version.type !== 'SecureString' || !decrypt) return version.value;
    return this.#deps.secure.decrypt(ctx, parameter.arn, version.value);
  }
}
