// The reference server of bench/secrets.ts: node:http answering every request with a fixed 200 and a small
// GetSecretValue-shaped body, after reading the request body — no authentication, no authorization, no crypto, no
// log. Run against the same load generator, it is the floor of this machine: what Node and the loopback cost before
// berth does anything. Prints its port on stdout; stops on SIGTERM.
import { createServer } from 'node:http';

const body = Buffer.from(
  JSON.stringify({ ARN: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:bench', SecretString: '{}' }),
);
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'Content-Type': 'application/x-amz-json-1.1', 'Content-Length': body.length });
    res.end(body);
  });
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  console.log(typeof address === 'object' && address ? address.port : '');
});
process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
