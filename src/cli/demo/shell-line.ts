// Command lines as a user would paste them into a POSIX shell: every word quoted only when it has to be.

const plainWord = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** One word, single-quoted when it holds anything a shell would read specially. */
export function shellWord(word: string): string {
  if (plainWord.test(word)) return word;
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/** A command line from its words; `<placeholders>` and `file://…` references stay readable. */
export function shellLine(words: readonly string[]): string {
  return words.map((word) => (/^<[^<>']+>$/.test(word) ? word : shellWord(word))).join(' ');
}

/** `aws <service> <operation> --flag value …`: the step against AWS. `operation` may be `wait tasks-running`. */
export function awsLine(service: string, operation: string, flags: Record<string, string> = {}): string {
  return shellLine([
    'aws',
    service,
    ...operation.split(' '),
    ...Object.entries(flags).flatMap(([flag, value]) => [`--${flag}`, value]),
  ]);
}
