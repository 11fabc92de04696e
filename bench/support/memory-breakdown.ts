// Where a process's resident memory is (issue 19: "report heap vs. native"): the kernel's split of RSS into anonymous
// and file-backed pages, the node binary's and better-sqlite3's mapped code, and — from bench/support/memory-report.cjs
// preloaded into the process — V8's heap (committed and live), ArrayBuffers/Buffers and external strings. What
// remains of the anonymous pages is native memory outside V8: malloc (SQLite's page cache, OpenSSL, libuv, node's
// own structures) and thread stacks.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const memoryReportPreload = fileURLToPath(new URL('./memory-report.cjs', import.meta.url));

interface Report {
  readonly heapTotal: number;
  readonly heapUsed: number;
  readonly external: number;
  readonly arrayBuffers: number;
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

/** Asks the process (started with `--require memoryReportPreload` and the env var) for its report; prints lines. */
export async function memoryBreakdown(pid: number, reportFile: string): Promise<string[]> {
  rmSync(reportFile, { force: true });
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) * 1024;
  const mapped = mappedRss(pid);
  process.kill(pid, 'SIGUSR2');
  const deadline = Date.now() + 5000;
  while (!existsSync(reportFile)) {
    if (Date.now() > deadline) throw new Error('the process wrote no memory report');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await new Promise((resolve) => setTimeout(resolve, 20));
  const report = JSON.parse(readFileSync(reportFile, 'utf8')) as Report;
  const anon = kib('RssAnon');
  const native = anon - report.heapTotal - report.arrayBuffers;
  return [
    `RSS ${mib(kib('VmRSS'))} = anonymous ${mib(anon)} + file-backed ${mib(kib('RssFile'))}`,
    `  file-backed: node binary ${mib(mapped.node)}, better-sqlite3 ${mib(mapped.sqlite)}, other libraries ${mib(kib('RssFile') - mapped.node - mapped.sqlite)}`,
    `  anonymous: V8 heap ${mib(report.heapTotal)} committed (${mib(report.heapUsed)} live), ArrayBuffers/Buffers ${mib(report.arrayBuffers)}, native outside V8 (malloc: SQLite, OpenSSL, libuv; stacks) ≈ ${mib(native)}`,
    `  external strings and buffers V8 knows of: ${mib(report.external)}`,
  ];
}

function mappedRss(pid: number): { node: number; sqlite: number } {
  let node = 0;
  let sqlite = 0;
  let current = '';
  for (const line of readFileSync(`/proc/${pid}/smaps`, 'utf8').split('\n')) {
    const header = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (header) current = header[1] ?? '';
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (!rss) continue;
    const bytes = Number(rss[1]) * 1024;
    if (current === process.execPath) node += bytes;
    else if (current.includes('better_sqlite3')) sqlite += bytes;
  }
  return { node, sqlite };
}
