export { ec2Protocol } from './ec2-protocol.js';
export { serializeEc2Error, serializeEc2Response } from './serialize.js';
