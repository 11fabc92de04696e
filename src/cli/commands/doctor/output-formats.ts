import type { TextPosition } from '../../../engines/cloudformation/index.js';
import { doctorRules, type Finding } from '../../../engines/doctor/index.js';
import { ruleHelp } from './rule-help.js';

/** Where a finding's pointer is in its file's text, when the input was a text berth read (a template). */
export type Locate = (file: string, pointer: string) => TextPosition | undefined;

/** `--format json`: the issue's shape, plus `ecs` (what ECS will show) and `undecided`. */
export function formatJson(findings: readonly Finding[]): string {
  return `${JSON.stringify({ findings }, null, 2)}\n`;
}

const sarifLevels = { error: 'error', warning: 'warning', info: 'note' } as const;

/** `--format sarif`: SARIF 2.1.0 for code-scanning uploads; one rule per C<n>, results with file/line regions. */
export function formatSarif(findings: readonly Finding[], locate: Locate, version: string): string {
  const codes = [...new Set(doctorRules.map((rule) => rule.code))];
  const rules = codes.map((code) => {
    const row = doctorRules.find((rule) => rule.code === code)!;
    return {
      id: code,
      name: code,
      shortDescription: { text: row.title },
      fullDescription: { text: ruleHelp[code] },
      help: { text: `${ruleHelp[code]} (catalogue: peers-and-misconfigurations §${code})` },
      defaultConfiguration: { level: sarifLevels[row.severity] },
    };
  });
  const results = findings.map((finding) => {
    const { file, pointer } = finding.location;
    const position = locate(file, pointer);
    return {
      ruleId: finding.rule,
      ruleIndex: codes.indexOf(finding.rule),
      level: sarifLevels[finding.severity],
      message: {
        text: [
          finding.message,
          finding.ecs === undefined ? '' : `ECS will show: ${finding.ecs}`,
          `Fix: ${finding.fix}`,
        ]
          .filter(Boolean)
          .join('\n'),
      },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: file },
            ...(position ? { region: { startLine: position.line, startColumn: position.column } } : {}),
          },
          logicalLocations: [{ fullyQualifiedName: `${finding.resource}`, decoratedName: pointer }],
        },
      ],
    };
  });
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{ tool: { driver: { name: 'berth doctor', version, rules } }, results }],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

const colours = {
  error: '\x1b[31m',
  warning: '\x1b[33m',
  info: '\x1b[36m',
  dim: '\x1b[2m',
  reset: '\x1b[0m',
};

/** The text report: findings grouped by task definition and container, each with the ECS text and the fix. */
export function formatText(findings: readonly Finding[], locate: Locate, colour: boolean): string {
  const paint = (tone: keyof typeof colours, words: string) =>
    colour ? `${colours[tone]}${words}${colours.reset}` : words;
  const lines: string[] = [];
  const groups = new Map<string, Finding[]>();
  for (const finding of findings)
    groups.set(finding.resource, [...(groups.get(finding.resource) ?? []), finding]);
  for (const [resource, group] of groups) {
    lines.push(resource);
    for (const finding of group) {
      const { file, pointer } = finding.location;
      const position = locate(file, pointer);
      const where = position ? `${file}:${position.line}:${position.column}` : `${file} ${pointer}`;
      lines.push(
        `  ${paint(finding.severity, `${finding.rule} ${finding.severity}`)}  ${paint('dim', where)}`,
      );
      lines.push(`    ${finding.message}`);
      if (finding.ecs !== undefined) lines.push(`    ECS will show: ${finding.ecs}`);
      lines.push(`    fix: ${finding.fix}`);
    }
  }
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.filter((f) => f.severity === 'warning').length;
  lines.push(
    findings.length === 0
      ? 'no findings: every link of the private-registry chain checks out'
      : `${errors} error(s), ${warnings} warning(s)`,
  );
  return `${lines.join('\n')}\n`;
}
