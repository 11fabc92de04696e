import { inspect } from 'node:util';

const redacted = '***';

/**
 * A credential or secret value that cannot leak by accident: printing, logging, JSON-encoding or inspecting it
 * gives `***`. The value is read only by calling `reveal()`, which makes every use greppable.
 */
export class Secret<T = string> {
  readonly #value: T;

  constructor(value: T) {
    this.#value = value;
  }

  reveal(): T {
    return this.#value;
  }

  toString(): string {
    return redacted;
  }

  toJSON(): string {
    return redacted;
  }

  [inspect.custom](): string {
    return `Secret(${redacted})`;
  }
}
