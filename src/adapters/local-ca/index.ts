// The HTTPS listener's certificates: a local CA in the state dir (openssl CLI).

export { ensureLocalCa, serverNames, type TlsMaterial } from './local-ca.js';
