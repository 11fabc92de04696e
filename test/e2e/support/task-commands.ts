// Container commands for the web image (support/web-image.ts: busybox sh, httpd, echo, sleep, kill, trap) that the
// end-to-end tests give in task definitions or RunTask overrides.

/**
 * Serves `text` at `/` on `port` (optionally only on `bindIp`). The shell stays PID 1 and forwards SIGTERM to httpd,
 * so StopTask ends it at once (exit 143), as the image's own command does.
 */
export function serveTextCommand(text: string, port: number, bindIp?: string): string[] {
  const listen = bindIp === undefined ? String(port) : `${bindIp}:${port}`;
  return [
    'sh',
    '-c',
    `echo '${text}' > /tmp/index.html; httpd -f -p ${listen} -h /tmp & pid=$!; ` +
      `trap 'kill $pid; wait $pid; exit 143' TERM; wait $pid`,
  ];
}
