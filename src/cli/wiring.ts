// What berth runs: one line per part. Kept apart from compose.ts, and every part light to import (its services and
// adapters load on first use), because `berth up` declares the parts' options whenever the CLI starts.
import { logsRouting } from '../services/logs/logs-routing.js';
import { consolePart } from './control-plane/console-part.js';
import { ec2Part } from './control-plane/ec2-part.js';
import { ecrPart } from './control-plane/ecr-part.js';
import { ecsPart } from './control-plane/ecs-part.js';
import { elbv2Part } from './control-plane/elbv2-part.js';
import { iamStsPart } from './control-plane/iam-sts-part.js';
import { kmsSecretsPart } from './control-plane/kms-secrets-part.js';
import type { AnyPart } from './control-plane/part.js';
import { registryPart } from './control-plane/registry-part.js';
import { s3Part } from './control-plane/s3-part.js';
import { servicePart } from './control-plane/service-part.js';
import { ssmPart } from './control-plane/ssm-part.js';

export interface Wiring {
  readonly parts: readonly AnyPart[];
}

/** The AWS services of the endpoint (a test adds the registry part it wants beside them). */
export const awsParts: readonly AnyPart[] = [
  iamStsPart,
  kmsSecretsPart,
  ecsPart({ elbTargets: true, networkRecords: true }),
  elbv2Part(),
  ecrPart(),
  servicePart(logsRouting, async (deps) =>
    (await import('../services/logs/index.js')).createLogsService(deps),
  ),
  ssmPart,
  s3Part,
  ec2Part(),
];

/** What `berth up` runs. Add a part with one line here. */
export const berthWiring: Wiring = { parts: [...awsParts, registryPart(), consolePart()] };
