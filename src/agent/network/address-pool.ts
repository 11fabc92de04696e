/**
 * Task addresses from berth's task network range: the first host address is the gateway (on the host bridge), the
 * rest go to tasks one /32 each. Allocation moves round the range instead of taking the lowest free address, so an
 * address just released is not handed out again at once (neighbours may still cache the old task's MAC for it).
 */
import { BerthError } from '../../errors/index.js';
import { formatCidr, formatIpv4, type Ipv4Cidr, parseIpv4 } from './cidr.js';

export class AddressPool {
  readonly cidr: Ipv4Cidr;
  /** The bridge's address: tasks' default route, and how a task reaches the host. */
  readonly gateway: string;
  readonly #first: number;
  readonly #last: number;
  readonly #used = new Set<number>();
  #next: number;

  constructor(cidr: Ipv4Cidr) {
    if (cidr.prefixLength > 30) {
      throw new BerthError(
        'BERTH_INVALID_ARGUMENT',
        `task network ${formatCidr(cidr)} has no address for a task besides the gateway: use a /30 or larger range`,
      );
    }
    this.cidr = cidr;
    const broadcast = cidr.network + 2 ** (32 - cidr.prefixLength) - 1;
    this.gateway = formatIpv4(cidr.network + 1);
    this.#first = cidr.network + 2;
    this.#last = broadcast - 1;
    this.#next = this.#first;
  }

  /** How many task addresses the range holds. */
  get capacity(): number {
    return this.#last - this.#first + 1;
  }

  get inUse(): number {
    return this.#used.size;
  }

  /** A free task address; BERTH_NETWORK_FAILED when every one is taken. */
  allocate(): string {
    for (let tried = 0; tried < this.capacity; tried++) {
      const candidate = this.#next;
      this.#next = candidate === this.#last ? this.#first : candidate + 1;
      if (!this.#used.has(candidate)) {
        this.#used.add(candidate);
        return formatIpv4(candidate);
      }
    }
    throw new BerthError(
      'BERTH_NETWORK_FAILED',
      `task network ${formatCidr(this.cidr)} has no free address: all ${this.capacity} are in use by running tasks`,
    );
  }

  /** Returns an address to the pool; releasing one not in use does nothing (release is idempotent). */
  release(address: string): void {
    const value = parseIpv4(address);
    if (value !== undefined) this.#used.delete(value);
  }
}
