import type { Command } from 'commander';
import { BerthError } from '../../errors/index.js';
import type { AnyPart, PartOption } from './part.js';

/** The raw option values commander collected, by camel-cased long name. */
export type RawOptions = Readonly<Record<string, unknown>>;

/** Declares every part's `berth up` options on `command` (`up` loops over the wiring instead of listing them). */
export function declarePartOptions(command: Command, wiring: readonly AnyPart[]): void {
  for (const [, option] of partOptionEntries(wiring)) command.option(option.flags, option.description);
}

/** Each part's options, parsed from the raw values (a bad value throws the part's badInput error). */
export function parsePartOptions(wiring: readonly AnyPart[], raw: RawOptions): Map<string, object> {
  const parsed = new Map<string, object>();
  for (const part of wiring) {
    const values: Record<string, unknown> = {};
    for (const [key, option] of Object.entries(part.options ?? {}) as Array<[string, PartOption<unknown>]>) {
      const value = raw[key];
      if (value !== undefined) values[key] = option.parse(String(value));
    }
    parsed.set(part.name, values);
  }
  return parsed;
}

function partOptionEntries(wiring: readonly AnyPart[]): Array<[string, PartOption<unknown>]> {
  const entries = wiring.flatMap(
    (part) => Object.entries(part.options ?? {}) as Array<[string, PartOption<unknown>]>,
  );
  for (const [key, option] of entries) {
    // commander names an option's value after its long flag: the key must be that name, or the value is lost.
    const long = /--([a-z0-9-]+)/.exec(option.flags)?.[1] ?? '';
    const camel = long.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
    if (camel !== key) {
      throw new BerthError('BERTH_INTERNAL', `berth's wiring: option ${option.flags} must be keyed ${camel}`);
    }
  }
  return entries;
}
