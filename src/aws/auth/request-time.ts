import { FrameworkError } from '../errors.js';

const basicFormat = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

/**
 * The request time of a signed request: X-Amz-Date in ISO 8601 basic format, or failing that the HTTP Date header
 * (RFC 7231), as the string to sign needs it (`YYYYMMDDTHHMMSSZ`). Anything else is IncompleteSignature with
 * AWS's text (ref aws-iam-and-protocols §3.3 step 2).
 */
export function parseRequestTime(amzDate: string | undefined, httpDate: string | undefined): Date {
  if (amzDate !== undefined) {
    const parsed = parseBasicFormat(amzDate);
    if (parsed) return parsed;
    throw notIso8601(amzDate);
  }
  if (httpDate !== undefined) {
    // Only the IMF-fixdate form AWS documents for Date (`Mon, 09 Sep 2011 23:36:00 GMT`); Date.parse alone is lax.
    const millis = /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(httpDate)
      ? Date.parse(httpDate)
      : Number.NaN;
    if (!Number.isNaN(millis)) return new Date(millis);
    throw notIso8601(httpDate);
  }
  // Callers check for a date before they get here; this keeps the function total.
  throw notIso8601('');
}

/** `YYYYMMDDTHHMMSSZ`, the form of X-Amz-Date and of the times in AWS's skew messages. */
export function formatBasic(time: Date): string {
  // Asked three times per request, mostly for the same second: the last answer is kept.
  const ms = time.getTime();
  if (ms === lastFormatted.ms) return lastFormatted.text;
  const iso = time.toISOString();
  // `YYYY-MM-DDTHH:MM:SS.sssZ` picked apart by position; other years by pattern.
  const text =
    iso.length === 24
      ? `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`
      : iso.replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
  lastFormatted = { ms, text };
  return text;
}

let lastFormatted = { ms: Number.NaN, text: '' };

/**
 * The clock-skew check: the request time must lie within `windowMinutes` of now, both ways (5 minutes for Secrets
 * Manager, 15 for the others; ref aws-iam-and-protocols §3.3 step 6). The messages are AWS's, with its `- N min.` suffix.
 */
export function checkClockSkew(
  requestTime: Date,
  now: Date,
  windowMinutes: number,
  presigned: boolean,
): void {
  const window = windowMinutes * 60_000;
  const earliest = new Date(now.getTime() - window);
  const latest = new Date(now.getTime() + window);
  // A presigned request may be older than the window: its own X-Amz-Expires bounds it instead (checkPresignedExpiry).
  if (!presigned && requestTime < earliest) {
    throw new FrameworkError(
      'signatureDoesNotMatch',
      `Signature expired: ${formatBasic(requestTime)} is now earlier than ${formatBasic(earliest)} ` +
        `(${formatBasic(now)} - ${windowMinutes} min.)`,
    );
  }
  if (requestTime > latest) {
    throw new FrameworkError(
      'signatureDoesNotMatch',
      `Signature not yet current: ${formatBasic(requestTime)} is still later than ${formatBasic(latest)} ` +
        `(${formatBasic(now)} + ${windowMinutes} min.)`,
    );
  }
}

/**
 * A presigned request is valid until X-Amz-Date + X-Amz-Expires (ref aws-iam-and-protocols §3.3 step 7). AWS documents the
 * wording only for S3; this uses the "Signature expired" form of the other services, with the limit in seconds.
 */
export function checkPresignedExpiry(requestTime: Date, now: Date, expiresSeconds: number): void {
  const earliest = new Date(now.getTime() - expiresSeconds * 1000);
  if (requestTime < earliest) {
    throw new FrameworkError(
      'signatureDoesNotMatch',
      `Signature expired: ${formatBasic(requestTime)} is now earlier than ${formatBasic(earliest)} ` +
        `(${formatBasic(now)} - ${expiresSeconds} sec.)`,
    );
  }
}

function parseBasicFormat(text: string): Date | undefined {
  const match = basicFormat.exec(text);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number);
  const time = new Date(Date.UTC(year!, month! - 1, day!, hour!, minute!, second!));
  // Date.UTC rolls 20150231 over to March; a real calendar date must survive the round trip.
  return formatBasic(time) === text ? time : undefined;
}

function notIso8601(text: string): FrameworkError {
  return new FrameworkError(
    'incompleteSignature',
    `Date must be in ISO-8601 'basic format'. Got '${text}'. See http://en.wikipedia.org/wiki/ISO_8601`,
  );
}
