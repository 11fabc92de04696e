// An HTTP GET as a browser sends it (its Accept and User-Agent headers): what a user does with the address berth prints.
export async function browserGet(url: string): Promise<{ status: number; body: string }> {
  const response = await fetch(url, {
    headers: {
      accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
      'user-agent': 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0',
    },
  });
  return { status: response.status, body: await response.text() };
}
