import {
  type RestXmlServiceDefinition,
  type ServiceDeps,
  translateCodes,
  withOperations,
} from '../../aws/index.js';
import { bucketOperations } from './bucket-handlers.js';
import { Buckets } from './buckets.js';
import { s3Errors } from './errors.js';
import { Multipart } from './multipart.js';
import type { ObjectBodies } from './object-bodies.js';
import { objectOperations } from './object-handlers.js';
import { ObjectLists } from './object-lists.js';
import { ObjectWrites } from './object-writes.js';
import { Objects } from './objects.js';
import { S3Access } from './s3-access.js';
import { s3Routing } from './s3-routing.js';
import { S3Store } from './store.js';

/** S3 needs no other service; its object data lives in `bodies` (the state dir's object directory). */
export interface S3Deps extends ServiceDeps {
  readonly bodies: ObjectBodies;
}

export interface S3Service {
  readonly definition: RestXmlServiceDefinition;
}

/**
 * S3 (REST-XML), minimal, for what IaC needs (issue 17): buckets with their settings, objects with versions,
 * listings, copy and multipart uploads, bucket policies enforced through IAM. Server-side encryption is recorded
 * and answered, not performed.
 */
export function createS3Service(deps: S3Deps): S3Service {
  const store = new S3Store(deps.persistence);
  const access = new S3Access(deps.authorizer, deps.partition);
  const writes = new ObjectWrites(store, deps.bodies, deps.clock, deps.random);
  const buckets = new Buckets(store, access, deps.clock, writes);
  const objects = new Objects(store, buckets, writes, deps.bodies);
  const lists = new ObjectLists(store, buckets);
  const multipart = new Multipart(store, buckets, writes, deps.bodies, deps.clock);
  return {
    definition: withOperations(
      s3Routing,
      { ...bucketOperations(buckets), ...objectOperations({ buckets, objects, lists, multipart }) },
      translateCodes({ BERTH_MALFORMED_POLICY: s3Errors.malformedPolicy }),
    ),
  };
}
