// SigV4 vectors kept as data (test/vectors/sigv4/vectors.json, DESIGN.md "Tests"), ref aws-iam-and-protocols §3.2 and §3.5:
// berth's canonical request must equal the published one byte for byte, the signature derived from it by an
// independent HMAC chain (node:crypto, not smithy) must equal the published signature, and the verifier must
// accept the request carrying it.
import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { Secret } from '../../errors/index.js';
import { userPrincipal } from '../../testing/sigv4-signing.js';
import { type HttpRequest, httpRequest } from '../http.js';
import { parseQueryString } from '../query-string.js';
import { CanonicalSigner, canonicalInputOf } from './canonical-signer.js';
import { SigV4Verifier } from './sigv4-verifier.js';

interface VectorCase {
  name: string;
  request: { method: string; path: string; query: string; headers: Array<[string, string]>; body: string };
  signedHeaders: string;
  canonicalRequest: string[];
  signature: string | null;
  presigned?: boolean;
}

const vectors = JSON.parse(
  readFileSync(new URL('../../../test/vectors/sigv4/vectors.json', import.meta.url), 'utf8'),
) as {
  context: { accessKeyId: string; secretAccessKey: string; region: string; service: string; time: string };
  cases: VectorCase[];
};
const { context } = vectors;
const time = new Date(context.time);
const longDate = '20150830T123600Z';
const scope = `20150830/${context.region}/${context.service}/aws4_request`;

/** SigV4 from the spec, written out with node:crypto, as an oracle independent of smithy. */
function independentSignature(canonicalRequest: string): string {
  const hmac = (key: Buffer | string, data: string) =>
    createHmac('sha256', key).update(data, 'utf8').digest();
  const stringToSign = [
    'AWS4-HMAC-SHA256',
    longDate,
    scope,
    createHash('sha256').update(canonicalRequest, 'utf8').digest('hex'),
  ].join('\n');
  let key = hmac(`AWS4${context.secretAccessKey}`, '20150830');
  for (const part of [context.region, context.service, 'aws4_request']) key = hmac(key, part);
  return hmac(key, stringToSign).toString('hex');
}

function wireRequest(vector: VectorCase, signature: string): HttpRequest {
  const { request } = vector;
  const base = httpRequest({ ...request, body: Buffer.from(request.body, 'utf8') });
  if (vector.presigned) return { ...base, query: `${request.query}&X-Amz-Signature=${signature}` };
  const authorization =
    `AWS4-HMAC-SHA256 Credential=${context.accessKeyId}/${scope}, ` +
    `SignedHeaders=${vector.signedHeaders}, Signature=${signature}`;
  return { ...base, headers: [...request.headers, ['Authorization', authorization]] };
}

describe('SigV4 vectors (test/vectors/sigv4)', () => {
  const signer = new CanonicalSigner();

  for (const vector of vectors.cases) {
    test(vector.name, async () => {
      // The session-token vector's key is temporary: the store knows the token it was issued with.
      const token = vector.request.headers.find(([name]) => name === 'X-Amz-Security-Token')?.[1];
      const verifier = new SigV4Verifier({
        clock: () => time,
        credentials: async (id) =>
          id === context.accessKeyId
            ? {
                secretAccessKey: new Secret(context.secretAccessKey),
                ...(token ? { sessionToken: new Secret(token) } : {}),
                principal: userPrincipal,
              }
            : undefined,
      });
      const request = httpRequest({ ...vector.request, body: Buffer.from(vector.request.body, 'utf8') });
      const input = canonicalInputOf(
        request,
        parseQueryString(request.query),
        vector.signedHeaders.split(';'),
      );
      const canonical = signer.canonicalRequest(input);
      assert.equal(canonical, vector.canonicalRequest.join('\n'));

      const signature = independentSignature(canonical);
      if (vector.signature !== null) assert.equal(signature, vector.signature);
      const viaSmithy = await signer.signature(canonical, {
        accessKeyId: context.accessKeyId,
        secretAccessKey: context.secretAccessKey,
        sessionToken: undefined,
        longDate,
        shortDate: '20150830',
        region: context.region,
        service: context.service,
      });
      assert.equal(viaSmithy, signature);

      const expectation = { service: context.service, acceptRegion: () => true, skewMinutes: 15 };
      const verified = await verifier.verify(wireRequest(vector, signature), expectation);
      assert.equal(verified.caller.accessKeyId, context.accessKeyId);
      const forged = signature.replace(/^./, (c) => (c === '0' ? '1' : '0'));
      await assert.rejects(verifier.verify(wireRequest(vector, forged), expectation), {
        kind: 'signatureDoesNotMatch',
      });
    });
  }
});
