// Module hooks for record-modules.mjs (they run on the loader thread, so they write the log file themselves).
import { appendFileSync } from 'node:fs';

const log = process.env.BERTH_TEST_MODULE_LOG;

export async function load(url, context, nextLoad) {
  if (log) appendFileSync(log, `${url}\n`);
  return nextLoad(url, context);
}
