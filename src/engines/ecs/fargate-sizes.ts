/**
 * Fargate's task sizes for Linux (ref ecs-private-auth §2.1, [DOC] task-cpu-memory-error.html): each cpu value (units) with
 * the memory values (MiB) it accepts. 8192 and 16384 need platform version 1.4.0, which is the only one berth runs.
 */
const gib = 1024;

interface SizeRow {
  readonly cpu: number;
  readonly memory: readonly number[];
}

function range(fromGib: number, toGib: number, stepGib: number): number[] {
  const values: number[] = [];
  for (let g = fromGib; g <= toGib; g += stepGib) values.push(g * gib);
  return values;
}

const rows: readonly SizeRow[] = [
  { cpu: 256, memory: [512, 1 * gib, 2 * gib] },
  { cpu: 512, memory: range(1, 4, 1) },
  { cpu: 1024, memory: range(2, 8, 1) },
  { cpu: 2048, memory: range(4, 16, 1) },
  { cpu: 4096, memory: range(8, 30, 1) },
  { cpu: 8192, memory: range(16, 60, 4) },
  { cpu: 16384, memory: range(32, 120, 8) },
];

/** The cpu values Fargate knows, ascending. */
export const fargateCpuValues: readonly number[] = rows.map((row) => row.cpu);

/** The memory values (MiB) Fargate accepts with this cpu, ascending; empty when the cpu is not a Fargate size. */
export function fargateMemoryFor(cpu: number): readonly number[] {
  return rows.find((row) => row.cpu === cpu)?.memory ?? [];
}

/** What is wrong with a task size on Fargate: the cpu is not a Fargate size, or the pair is not one; else undefined. */
export function fargateSizeProblem(cpu: number, memory: number): 'cpu' | 'pair' | undefined {
  const memories = fargateMemoryFor(cpu);
  if (memories.length === 0) return 'cpu';
  return memories.includes(memory) ? undefined : 'pair';
}
