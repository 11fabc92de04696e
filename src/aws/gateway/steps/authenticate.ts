import type { Step } from '../exchange.js';

/** SigV4 against the routed service's signing name and clock-skew window (ref aws-iam-and-protocols §3.3). */
export const authenticate: Step = async (exchange, { verifier, acceptRegion }) => {
  const service = exchange.service!;
  exchange.verified = await verifier.verify(exchange.request, {
    service: service.signingName,
    acceptRegion,
    skewMinutes: service.clockSkewMinutes ?? 15,
    s3: service.protocol === 'rest-xml',
  });
};
