import { type Policy, type PolicyKind, parsePolicy } from '../../../engines/iam/index.js';
import { isBerthError } from '../../../errors/index.js';
import { iamEngineErrors } from '../errors.js';

/**
 * A policy document as IAM keeps it: the text exactly as submitted (whitespace included, since IAM returns it so),
 * checked against IAM's grammar for its kind when it comes in.
 */
export const policyDocument = {
  /**
   * Parses and checks a document; bad grammar is MalformedPolicyDocument with IAM's text (ref aws-iam-and-protocols §1.14), through
   * the same translation the gateway applies to IAM's operations, so callers outside a request see it too.
   */
  parse(text: string, kind: PolicyKind, name?: string): Policy {
    try {
      return parsePolicy(text, { kind, name });
    } catch (error) {
      throw isBerthError(error) ? (iamEngineErrors(error) ?? error) : error;
    }
  },

  /**
   * The document as IAM's responses carry it: URL-encoded per RFC 3986, every character but the unreserved
   * `A-Za-z0-9-_.~` percent-encoded from its UTF-8 bytes (ref aws-iam-and-protocols §4.2). Clients decode it with
   * decodeURIComponent or urllib's unquote.
   */
  encode(text: string): string {
    return encodeURIComponent(text).replace(
      /[!'()*]/g,
      (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
    );
  },
} as const;
