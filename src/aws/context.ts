/**
 * What a service handler knows about the request besides its input: who is calling, from where, in which account
 * and region. Services never see HTTP; everything they need from it is here. Values feed the IAM request context
 * (ref aws-iam-and-protocols §1.11: aws:SourceIp, aws:SecureTransport, aws:UserAgent, aws:CurrentTime, aws:PrincipalArn …).
 */

/**
 * The minimum the wire layer needs from an authenticated principal. The credential store supplies it (a richer
 * object is fine: the IAM port and services narrow it); the wire layer only reads the account.
 */
export interface CallerPrincipal {
  /** `arn:aws:iam::ACCOUNT:user/NAME`, `arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`, `arn:aws:iam::ACCOUNT:root`. */
  readonly arn: string;
  readonly accountId: string;
  /** The `aws:userid` value (AIDA…, AROA…:session, or the account id for root). */
  readonly userId: string;
}

/** The authenticated caller of a request. */
export interface Caller {
  readonly accessKeyId: string;
  readonly principal: CallerPrincipal;
  /** True for temporary credentials (a session token was presented and matched). */
  readonly temporary: boolean;
}

export interface RequestContext {
  /** Echoed as `x-amzn-RequestId` and in Query `<RequestId>`. */
  readonly requestId: string;
  /** The service's registered name, e.g. `secretsmanager`, `sts`. */
  readonly service: string;
  /** The operation name, e.g. `GetSecretValue`. */
  readonly operation: string;
  /** The region of the credential scope. */
  readonly region: string;
  /** The caller's account, which owns the resources the request names. */
  readonly accountId: string;
  readonly caller: Caller;
  readonly sourceIp: string;
  readonly userAgent: string | undefined;
  /** When the gateway received the request, from the injected clock. */
  readonly receivedAt: Date;
  readonly tls: boolean;
}
