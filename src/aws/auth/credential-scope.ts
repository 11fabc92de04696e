import { FrameworkError } from '../errors.js';
import { formatBasic } from './request-time.js';

/** `AKID/YYYYMMDD/region/service/aws4_request`, split. */
export interface CredentialScope {
  readonly accessKeyId: string;
  readonly date: string;
  readonly region: string;
  readonly service: string;
  readonly terminator: string;
}

/** What the server expects of the scope for this request. */
export interface ScopeExpectation {
  /** The signing name of the service the request is routed to (`secretsmanager`, `sts`, …). */
  readonly service: string;
  /** Regions this endpoint answers for (with `--endpoint-url` a client signs with its own region; §3.4). */
  readonly acceptRegion: (region: string) => boolean;
}

export const scopeTerminator = 'aws4_request';

/** Splits the Credential value; anything but five parts is IncompleteSignature with AWS's text. */
export function parseCredential(credential: string): CredentialScope {
  const parts = credential.split('/');
  if (parts.length !== 5) {
    throw new FrameworkError(
      'incompleteSignature',
      `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got ` +
        `'${credential}'`,
    );
  }
  const [accessKeyId, date, region, service, terminator] = parts as [string, string, string, string, string];
  return { accessKeyId, date, region, service, terminator };
}

/**
 * The credential-scope checks of ref aws-iam-and-protocols §3.3 step 3. Every failing check contributes its sentence and the
 * sentences are joined, as AWS reports them together; the order (region, service, terminator, date) follows the
 * AWS error-ordering notes of scratchstack-aws-signature.
 */
export function checkCredentialScope(
  scope: CredentialScope,
  requestTime: Date,
  expected: ScopeExpectation,
): void {
  const problems: string[] = [];
  if (!expected.acceptRegion(scope.region)) {
    problems.push(`Credential should be scoped to a valid region, not '${scope.region}'.`);
  }
  if (scope.service !== expected.service) {
    problems.push(`Credential should be scoped to correct service: '${expected.service}'.`);
  }
  if (scope.terminator !== scopeTerminator) {
    problems.push(
      `Credential should be scoped with a valid terminator: '${scopeTerminator}', not '${scope.terminator}'.`,
    );
  }
  const longDate = formatBasic(requestTime);
  const shortDate = longDate.slice(0, 8);
  if (scope.date !== shortDate) {
    problems.push(
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: ` +
        `'${scope.date}' != '${shortDate}', from '${longDate}'.`,
    );
  }
  if (problems.length > 0) throw new FrameworkError('signatureDoesNotMatch', problems.join(' '));
}
