// X.509 certificates for berth's HTTPS listener (a local CA), written in DER.

export { type CertificateRequest, certificatePem, type Party, x509Certificate } from './certificate.js';
