import { DescribeAvailabilityZonesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetParameterCommand, GetParametersCommand, SSMClient } from '@aws-sdk/client-ssm';
import { parseDynamicReference } from '../../engines/cloudformation/index.js';
import { cfnErrors, type DeployCredentials, type DeployPorts } from '../../services/cloudformation/index.js';
import { awsErrorOf, clientConfig, type ProvisioningEndpoint } from './clients.js';

/**
 * The reads a stack operation makes besides its resources, through berth's public APIs as the operation's
 * credentials: SSM-typed parameters, dynamic references, availability zones, and TemplateURL objects from berth's S3.
 */
export function deployLookups(endpoint: ProvisioningEndpoint): Omit<DeployPorts, 'credentials'> {
  const config = (credentials: DeployCredentials, region: string) =>
    clientConfig(endpoint, credentials, region);
  return {
    readParameters: async (names, credentials, region) => {
      const ssm = new SSMClient(config(credentials, region));
      const found = new Map<string, string>();
      // GetParameters takes at most 10 names.
      for (let i = 0; i < names.length; i += 10) {
        const out = await ssm
          .send(new GetParametersCommand({ Names: names.slice(i, i + 10), WithDecryption: true }))
          .catch(() => ({ Parameters: [] }));
        for (const p of out.Parameters ?? []) if (p.Name && p.Value !== undefined) found.set(p.Name, p.Value);
      }
      return found;
    },
    resolveDynamicReferences: async (references, credentials, region) => {
      const values = new Map<string, string>();
      for (const reference of references) {
        const value = await resolveOne(reference, credentials, region, config).catch(() => undefined);
        if (value !== undefined) values.set(reference, value);
      }
      return values;
    },
    availabilityZones: async (credentials, region) => {
      const ec2 = new EC2Client(config(credentials, region));
      const out = await ec2.send(new DescribeAvailabilityZonesCommand({})).catch(() => undefined);
      const zones = (out?.AvailabilityZones ?? [])
        .filter((z) => z.State === 'available' && z.ZoneName)
        .map((z) => z.ZoneName!)
        .sort();
      // Until berth serves EC2, a region's zones are the a/b/c every new account sees [INF].
      return zones.length > 0 ? zones : [`${region}a`, `${region}b`, `${region}c`];
    },
    fetchTemplate: async (url, credentials, region) => {
      const location = s3Location(url);
      const s3 = new S3Client(config(credentials, region));
      try {
        const out = await s3.send(new GetObjectCommand(location));
        return (await out.Body?.transformToString('utf8')) ?? '';
      } catch (error) {
        throw cfnErrors.templateUnreadable(awsErrorOf(error).message);
      }
    },
  };
}

async function resolveOne(
  reference: string,
  credentials: DeployCredentials,
  region: string,
  config: (c: DeployCredentials, r: string) => ReturnType<typeof clientConfig>,
): Promise<string | undefined> {
  const parsed = parseDynamicReference(reference);
  if (!parsed) return undefined;
  const [name, ...rest] = parsed.parts;
  if (parsed.service === 'ssm' || parsed.service === 'ssm-secure') {
    const ssm = new SSMClient(config(credentials, region));
    const id = rest[0] === undefined ? name! : `${name}:${rest[0]}`;
    const out = await ssm.send(
      new GetParameterCommand({ Name: id, WithDecryption: parsed.service === 'ssm-secure' }),
    );
    return out.Parameter?.Value;
  }
  if (parsed.service === 'secretsmanager') {
    // secret-id:SecretString:json-key:version-stage:version-id (cfn-doc dynamic-references.md).
    const [, jsonKey, stage, versionId] = rest;
    const sm = new SecretsManagerClient(config(credentials, region));
    const out = await sm.send(
      new GetSecretValueCommand({
        SecretId: name,
        ...(stage ? { VersionStage: stage } : {}),
        ...(versionId ? { VersionId: versionId } : {}),
      }),
    );
    if (!jsonKey) return out.SecretString;
    const value = (JSON.parse(out.SecretString ?? '{}') as Record<string, unknown>)[jsonKey];
    return value === undefined ? undefined : String(value);
  }
  return undefined;
}

/**
 * Bucket and key of a TemplateURL: path-style on any host (`http://127.0.0.1:4566/bucket/key`,
 * `https://s3.us-east-1.amazonaws.com/bucket/key`) or virtual-hosted (`https://bucket.s3.amazonaws.com/key`); always
 * read from berth's own S3, never from the internet (ref cloudformation-cdk §1.4).
 */
export function s3Location(url: string): { Bucket: string; Key: string } {
  const parsed = new URL(url);
  const path = decodeURIComponent(parsed.pathname.slice(1));
  const virtual = /^(.+)\.s3[.-]([a-z0-9-]+\.)?amazonaws\.com$/.exec(parsed.hostname);
  if (virtual) return { Bucket: virtual[1]!, Key: path };
  const slash = path.indexOf('/');
  return { Bucket: path.slice(0, slash), Key: path.slice(slash + 1) };
}
