// The writes the soak makes while berth may be killed under them, and how each acknowledged one is verified after
// the restart with its exact value: secret versions, roles with inline policies, KMS keys, task definitions and
// registry pushes (a blob and a manifest naming it). Every value carries a fresh token, so a read can only agree
// with the write that made it.
import { createHash, randomUUID } from 'node:crypto';
import type { ServiceRouting } from '../../src/aws/index.js';
import { callOperation, type WireTarget } from '../integ/support/aws-wire-client.js';

export interface SoakServices {
  readonly target: WireTarget;
  readonly registry: { readonly endpoint: string; readonly authorization: string };
  service(name: string): ServiceRouting;
}

/** A write berth acknowledged, with what must be read back. */
export interface Acknowledged {
  readonly label: string;
  verify(services: SoakServices): Promise<string | undefined>;
}

/** A write that may or may not have happened (berth died under it): whatever is visible of it must be whole. */
export interface Attempted {
  readonly label: string;
  verifyWhole(services: SoakServices): Promise<string | undefined>;
}

type Body = Record<string, unknown>;

async function call(s: SoakServices, service: string, operation: string, input: Body) {
  return callOperation(s.target, s.service(service), operation, input);
}

const json = (body: string) => JSON.parse(body) as Body;
const digestOf = (bytes: Buffer) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

async function secretVersion(s: SoakServices, token: string): Promise<Acknowledged | undefined> {
  const name = `soak/${token}`;
  const firstVersion = randomUUID();
  const created = await call(s, 'secretsmanager', 'CreateSecret', {
    Name: name,
    SecretString: `v1-${token}`,
    ClientRequestToken: firstVersion,
  });
  if (created.status !== 200) return undefined;
  const versionId = randomUUID();
  const value = `v2-${token}`;
  const put = await call(s, 'secretsmanager', 'PutSecretValue', {
    SecretId: name,
    SecretString: value,
    ClientRequestToken: versionId,
  });
  if (put.status !== 200) return acknowledgedSecret(name, firstVersion, `v1-${token}`);
  return acknowledgedSecret(name, versionId, value);
}

function acknowledgedSecret(name: string, versionId: string, value: string): Acknowledged {
  return {
    label: `secret ${name} version ${versionId}`,
    verify: async (s) => {
      const got = await call(s, 'secretsmanager', 'GetSecretValue', { SecretId: name, VersionId: versionId });
      if (got.status !== 200) return `GetSecretValue ${got.status} ${got.body}`;
      return json(got.body).SecretString === value ? undefined : 'another value';
    },
  };
}

async function roleWithPolicy(s: SoakServices, token: string): Promise<Acknowledged | undefined> {
  const role = `soak-${token}`;
  const trust =
    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}';
  if (
    (await call(s, 'iam', 'CreateRole', { RoleName: role, AssumeRolePolicyDocument: trust })).status !== 200
  )
    return undefined;
  const sid = `S${token.replaceAll('-', '')}`;
  const policy = `{"Version":"2012-10-17","Statement":[{"Sid":"${sid}","Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}`;
  const put = await call(s, 'iam', 'PutRolePolicy', {
    RoleName: role,
    PolicyName: 'p',
    PolicyDocument: policy,
  });
  return {
    label: `role ${role}${put.status === 200 ? ' and its policy' : ''}`,
    verify: async (s2) => {
      const got = await call(s2, 'iam', 'GetRole', { RoleName: role });
      if (got.status !== 200 || !got.body.includes(`<RoleName>${role}</RoleName>`))
        return `GetRole ${got.status}`;
      if (put.status !== 200) return undefined;
      const inline = await call(s2, 'iam', 'GetRolePolicy', { RoleName: role, PolicyName: 'p' });
      const document = /<PolicyDocument>([^<]*)<\/PolicyDocument>/.exec(inline.body)?.[1];
      return document && decodeURIComponent(document) === policy
        ? undefined
        : `GetRolePolicy ${inline.status}`;
    },
  };
}

async function kmsKey(s: SoakServices, token: string): Promise<Acknowledged | undefined> {
  const created = await call(s, 'kms', 'CreateKey', { Description: `soak ${token}` });
  if (created.status !== 200) return undefined;
  const keyId = String((json(created.body).KeyMetadata as Body).KeyId);
  return {
    label: `KMS key ${keyId}`,
    verify: async (s2) => {
      const got = await call(s2, 'kms', 'DescribeKey', { KeyId: keyId });
      if (got.status !== 200) return `DescribeKey ${got.status}`;
      return (json(got.body).KeyMetadata as Body).Description === `soak ${token}`
        ? undefined
        : 'another description';
    },
  };
}

async function taskDefinition(s: SoakServices, token: string): Promise<Acknowledged | undefined> {
  const image = `registry.example/soak:${token}`;
  const registered = await call(s, 'ecs', 'RegisterTaskDefinition', {
    family: 'soak',
    containerDefinitions: [{ name: 'c', image, memory: 64 }],
  });
  if (registered.status !== 200) return undefined;
  const arn = String((json(registered.body).taskDefinition as Body).taskDefinitionArn);
  return {
    label: `task definition ${arn}`,
    verify: async (s2) => {
      const got = await call(s2, 'ecs', 'DescribeTaskDefinition', { taskDefinition: arn });
      if (got.status !== 200) return `DescribeTaskDefinition ${got.status}`;
      const containers = (json(got.body).taskDefinition as Body).containerDefinitions as Body[];
      return containers[0]?.image === image ? undefined : 'another image';
    },
  };
}

/** A monolithic blob upload and a manifest naming it, under the soak user's namespace. */
async function registryPush(
  s: SoakServices,
  token: string,
  attempts: Attempted[],
): Promise<Acknowledged | undefined> {
  const blob = Buffer.from(
    JSON.stringify({ architecture: 'amd64', os: 'linux', token, pad: 'x'.repeat(20_000) }),
  );
  const digest = digestOf(blob);
  const repository = 'soak/app';
  const headers = { authorization: s.registry.authorization };
  attempts.push(wholeBlob(repository, digest, blob));
  const uploaded = await fetch(`${s.registry.endpoint}/v2/${repository}/blobs/uploads/?digest=${digest}`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/octet-stream' },
    body: blob,
  });
  if (uploaded.status !== 201) return undefined;
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest, size: blob.length },
      layers: [],
    }),
  );
  const put = await fetch(`${s.registry.endpoint}/v2/${repository}/manifests/${token}`, {
    method: 'PUT',
    headers: { ...headers, 'content-type': 'application/vnd.oci.image.manifest.v1+json' },
    body: manifest,
  });
  if (put.status !== 201) return undefined;
  return {
    label: `manifest ${repository}:${token}`,
    verify: async (s2) => {
      const got = await fetch(`${s2.registry.endpoint}/v2/${repository}/manifests/${token}`, {
        headers: { ...headers, accept: 'application/vnd.oci.image.manifest.v1+json' },
      });
      const bytes = Buffer.from(await got.arrayBuffer());
      if (got.status !== 200 || !bytes.equals(manifest)) return `manifest ${got.status}`;
      const config = await fetchBlob(s2, repository, digest);
      return config.status === 200 && config.bytes.equals(blob) ? undefined : `config blob ${config.status}`;
    },
  };
}

function wholeBlob(repository: string, digest: string, blob: Buffer): Attempted {
  return {
    label: `blob ${digest}`,
    verifyWhole: async (s) => {
      const got = await fetchBlob(s, repository, digest);
      if (got.status === 404) return undefined;
      return got.status === 200 && got.bytes.equals(blob)
        ? undefined
        : `${got.status}, ${got.bytes.length} bytes`;
    },
  };
}

async function fetchBlob(s: SoakServices, repository: string, digest: string) {
  const got = await fetch(`${s.registry.endpoint}/v2/${repository}/blobs/${digest}`, {
    headers: { authorization: s.registry.authorization },
  });
  return { status: got.status, bytes: Buffer.from(await got.arrayBuffer()) };
}

export const soakWrites = [secretVersion, roleWithPolicy, kmsKey, taskDefinition] as const;
export { registryPush };
