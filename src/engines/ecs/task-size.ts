/**
 * Task-level cpu and memory as RegisterTaskDefinition and RunTask's overrides accept them (ref ecs-private-auth §2.1, [DOC]
 * task-cpu-memory-error.html): "The cpu value can be expressed in CPU units or vCPUs … It's converted to an integer
 * indicating the CPU units when the task definition is registered. The memory value can be expressed in MiB or GB …
 * converted to an integer indicating the MiB". So `"1 vCPU"` → 1024 and `"1GB"` → 1024; `"256"` stays 256.
 * Which spellings besides these ECS accepts is not documented [INF]: case and the space before the unit are free,
 * fractions are allowed when the result is a whole number (`"0.25 vCPU"` → 256, `".5 GB"` → 512).
 */
const plainInteger = /^\d{1,9}$/;
const withUnit = /^(\d{1,6}(?:\.\d{1,4})?|\.\d{1,4})\s?([a-z]+)$/i;

function scaled(text: string, unit: string, factor: number): number | undefined {
  const trimmed = text.trim();
  if (plainInteger.test(trimmed)) return Number(trimmed);
  const match = withUnit.exec(trimmed);
  if (!match || match[2]!.toLowerCase() !== unit) return undefined;
  const value = Number(match[1]) * factor;
  return Number.isInteger(value) ? value : undefined;
}

/** CPU units from `"256"` or `"0.25 vCPU"`; undefined when the text is neither. */
export function parseTaskCpu(text: string): number | undefined {
  return scaled(text, 'vcpu', 1024);
}

/** MiB from `"512"` or `"1GB"`; undefined when the text is neither. */
export function parseTaskMemory(text: string): number | undefined {
  return scaled(text, 'gb', 1024);
}
