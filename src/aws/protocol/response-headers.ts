/** Headers every AWS response carries, whatever the protocol (ref aws-iam-and-protocols §4.1–4.2, §7.2). */
export interface ResponseMeta {
  readonly requestId: string;
  /** The gateway's clock at response time: SDK v3 corrects its clock skew from the Date header (§3.4). */
  readonly date: Date;
}

export function responseHeaders(contentType: string, meta: ResponseMeta): Array<[string, string]> {
  return [
    ['x-amzn-RequestId', meta.requestId],
    ['Content-Type', contentType],
    ['Date', httpDate(meta.date)],
  ];
}

/** The last Date header made, by second: responses in the same second share it, as node:http does with its own. */
let lastDate = { second: Number.NaN, text: '' };

function httpDate(date: Date): string {
  const second = Math.floor(date.getTime() / 1000);
  if (second !== lastDate.second) lastDate = { second, text: date.toUTCString() };
  return lastDate.text;
}
