// GET a task's page as a browser would. The container is RUNNING once its process started; httpd may need a moment
// more to listen, so a refused connection is tried again for a few seconds.

const tryForMs = 5_000;

export async function fetchPage(url: string): Promise<string> {
  const deadline = Date.now() + tryForMs;
  for (;;) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(tryForMs) });
      const body = await response.text();
      if (!response.ok) throw new Error(`GET ${url}: ${response.status} ${response.statusText}`);
      return body;
    } catch (error) {
      const code = (error as { cause?: { code?: string } }).cause?.code;
      if (code !== 'ECONNREFUSED' || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
