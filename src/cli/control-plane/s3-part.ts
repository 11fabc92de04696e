import { join } from 'node:path';
import { s3Routing } from '../../services/s3/s3-routing.js';
import { servicePart } from './service-part.js';

/**
 * S3: a service of its own whose object data lives in the state dir's `s3/` directory, encrypted with the state's
 * master key (adapters/fs-object-bodies), both loaded on S3's first request. Its requests reach the gateway through the streamed route (cli/serve.ts).
 */
export const s3Part = servicePart(s3Routing, async (deps) => {
  const [{ createS3Service }, { FsObjectBodies }] = await Promise.all([
    import('../../services/s3/index.js'),
    import('../../adapters/fs-object-bodies/index.js'),
  ]);
  return createS3Service({
    ...deps,
    bodies: new FsObjectBodies(join(deps.stateDir.path, 's3'), deps.sealer),
  });
});
