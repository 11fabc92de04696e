// Preloaded (`node --require`) into a process a bench measures: on SIGUSR2 it writes the process's own view of its
// memory (V8's heap, ArrayBuffers and Buffers, external strings) as JSON to $BERTH_BENCH_MEMORY_REPORT. Only the
// benches load it; nothing else of the process changes.
const { writeFileSync } = require('node:fs');
const v8 = require('node:v8');

process.on('SIGUSR2', () => {
  const usage = process.memoryUsage();
  const spaces = Object.fromEntries(
    v8
      .getHeapSpaceStatistics()
      .map((s) => [s.space_name, { used: s.space_used_size, committed: s.physical_space_size }]),
  );
  writeFileSync(process.env.BERTH_BENCH_MEMORY_REPORT, JSON.stringify({ ...usage, spaces }));
});
