/** Headers every AWS response carries, whatever the protocol (reference §4.1–4.2, §7.2). */
export interface ResponseMeta {
  readonly requestId: string;
  /** The gateway's clock at response time: SDK v3 corrects its clock skew from the Date header (§3.4). */
  readonly date: Date;
}

export function responseHeaders(contentType: string, meta: ResponseMeta): Array<[string, string]> {
  return [
    ['x-amzn-RequestId', meta.requestId],
    ['Content-Type', contentType],
    ['Date', meta.date.toUTCString()],
  ];
}
