// How `berth demo` shows its walk: numbered steps, the equivalent command lines (`$ aws …`), the documents they
// read, and what came back. Written to one stream; nothing here ever receives a password.
import { compactJson, flatJson } from './compact-json.js';

export interface DemoOutput {
  write(text: string): void;
}

export class DemoPrinter {
  readonly #out: DemoOutput;
  #steps = 0;

  #silenced = false;

  constructor(out: DemoOutput) {
    this.#out = {
      write: (text) => {
        if (!this.#silenced) out.write(text);
      },
    };
  }

  /** From now on nothing is printed: the demo was interrupted, and its abandoned steps may still be finishing. */
  silence(): void {
    this.#silenced = true;
  }

  /** A line flush left. */
  line(text = ''): void {
    this.#out.write(`${text}\n`);
  }

  /** `N. title`, after a blank line. */
  step(title: string): void {
    this.#steps++;
    this.#out.write(`\n${this.#steps}. ${title}\n`);
  }

  /** `   $ command`. */
  command(line: string): void {
    this.#out.write(`   $ ${line}\n`);
  }

  /** A file a command reads (`file://name`), shown under it as compact JSON. */
  document(name: string, content: unknown): void {
    const text = typeof content === 'string' ? content : flatJson(content);
    this.#out.write(`     ${name}: ${text}\n`);
  }

  /** A multi-line document (a task definition), indented under its command. */
  block(name: string, content: unknown): void {
    const text = compactJson(content, 5).replaceAll('\n', '\n     ');
    this.#out.write(`     ${name}:\n     ${text}\n`);
  }

  /** `   → what came back`. */
  result(text: string): void {
    this.#out.write(`   → ${text}\n`);
  }

  /** Further lines of a result, aligned under it. */
  detail(text: string): void {
    this.#out.write(`     ${text}\n`);
  }

  /** A step that did not behave as it should: `   ✗ …`. */
  unexpected(text: string): void {
    this.#out.write(`   ✗ ${text}\n`);
  }
}
