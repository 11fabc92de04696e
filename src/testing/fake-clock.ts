/** A clock that starts at the real time and moves only when told, so SDK signatures stay within the skew window. */
export class FakeClock {
  #offset = 0;
  now(): Date {
    return new Date(Date.now() + this.#offset);
  }
  advance(ms: number): void {
    this.#offset += ms;
  }
  /** How far the clock is ahead of the real one: the SDK's systemClockOffset. */
  get offset(): number {
    return this.#offset;
  }
}
