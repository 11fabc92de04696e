import { once } from 'node:events';
import { openSync } from 'node:fs';
import pino from 'pino';
import { LineBatch } from './line-batch.js';
import { describeError, type LogFields, pickLogFields } from './log-fields.js';

/** What the access log records of one request: allow-listed fields only (see LogFields). */
export interface AccessLogEntry extends LogFields {
  readonly status: number;
  readonly durationMs: number;
}

/**
 * berth's log. Its methods take a fixed message and allow-listed fields (LogFields); there is no way to log an
 * arbitrary object, so Authorization headers, X-Amz-Signature, X-Amz-Security-Token, secret values, passwords and
 * tokens never reach a line. Errors are logged by class, code and stack frames, never by message.
 */
export interface Logger {
  /** One line per answered request (`msg: "request"`). */
  access(entry: AccessLogEntry): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  /** A failure worth a look (a bug, an InternalFailure): logged with the error's class, code and stack. */
  error(message: string, error: unknown, fields?: LogFields): void;
  /** Writes out what is buffered and closes the log file. */
  close(): Promise<void>;
}

export interface LoggerOptions {
  /** JSON lines appended to this file (created 0600), e.g. the state dir's berth.log. */
  readonly file?: string;
  /** Also write to stderr (the foreground `berth up`). */
  readonly stderr?: boolean;
  readonly level?: 'debug' | 'info' | 'warn' | 'error' | 'silent';
}

/** A pino logger to a file and/or stderr, behind the redacting Logger interface. */
export function createLogger(options: LoggerOptions): Logger {
  const level = options.level ?? 'info';
  // Written as they come (SonicBoom's own buffering measures its whole buffer again on every line): the access
  // lines, nearly all of the volume, arrive here already batched (LineBatch), and the others are few.
  const unbuffered = { sync: false, minLength: 0 };
  const fileStream = options.file
    ? pino.destination({ fd: openSync(options.file, 'a', 0o600), ...unbuffered })
    : undefined;
  const stderrStream = options.stderr ? pino.destination({ fd: 2, ...unbuffered }) : undefined;
  const streams = [fileStream, stderrStream]
    .filter((stream) => stream !== undefined)
    .map((stream) => ({ level, stream }));
  const log = pino(
    {
      level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    streams.length ? pino.multistream(streams) : pino.destination('/dev/null'),
  );
  // Access lines in batches of about 64 KiB, and at least every 250 ms: one write per request per stream would
  // cost the request path more than the request itself. A kill -9 may lose the last 250 ms of lines.
  const accessLines = new LineBatch(
    streams.map((entry) => entry.stream),
    { maxChars: 65_536, flushEveryMs: 250 },
  );
  const accessLogged = log.isLevelEnabled('info');
  let closed = false;

  return {
    // The busiest line (one per request) is put together here, in the very format pino gives the others: through
    // pino it cost the request path more than a KMS Decrypt.
    access(entry) {
      if (!accessLogged || closed) return;
      const fields = JSON.stringify(pickLogFields(entry));
      accessLines.add(
        `{"level":"info","time":"${new Date().toISOString()}","pid":${process.pid},` +
          `${fields.length > 2 ? `${fields.slice(1, -1)},` : ''}"msg":"request"}\n`,
      );
    },
    // Other lines go after the access lines waiting before them, so that the log stays in order.
    info(message, fields) {
      accessLines.flush();
      log.info(pickLogFields(fields), message);
    },
    warn(message, fields) {
      accessLines.flush();
      log.warn(pickLogFields(fields), message);
    },
    error(message, error, fields) {
      accessLines.flush();
      log.error({ ...pickLogFields(fields), ...describeError(error) }, message);
    },
    async close() {
      if (closed) return;
      closed = true;
      accessLines.close();
      // Not flushSync: with an asynchronous write still in flight it writes what waits behind that write first, and
      // the log loses its order (an access line ended up after the lines logged after it). end() writes in order.
      if (stderrStream) await new Promise<void>((resolve) => stderrStream.flush(() => resolve()));
      if (fileStream) {
        const done = once(fileStream, 'close');
        fileStream.end();
        await done;
      }
    },
  };
}
