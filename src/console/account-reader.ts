// The console's reads of everything but ECS: secrets and parameters (metadata only — ListSecrets, DescribeSecret's
// fields, GetResourcePolicy, DescribeParameters; never GetSecretValue or GetParameter), who may read each (roles'
// policies decided by the IAM engine), and ECR's repositories and images.
import { DescribeImagesCommand, DescribeRepositoriesCommand, type ECRClient } from '@aws-sdk/client-ecr';
import { type IAMClient, ListRolesCommand } from '@aws-sdk/client-iam';
import {
  GetResourcePolicyCommand,
  ListSecretsCommand,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { DescribeParametersCommand, type SSMClient } from '@aws-sdk/client-ssm';
import type { RoleNode } from '../engines/doctor/index.js';
import { roleMay } from './access-decisions.js';

export interface SecretRow {
  readonly name: string;
  readonly arn: string;
  readonly kmsKeyId?: string;
  readonly lastChanged?: Date;
  readonly deletedDate?: Date;
  /** Roles whose sessions may call secretsmanager:GetSecretValue on it (IAM and the resource policy). */
  readonly readers: readonly string[];
}

export interface ParameterRow {
  readonly name: string;
  readonly arn: string;
  readonly type: string;
  readonly keyId?: string;
  readonly lastModified?: Date;
  readonly readers: readonly string[];
}

/** Parameters, or why there are none to show (berth serves no Parameter Store on this endpoint). */
export type Parameters = { readonly rows: readonly ParameterRow[] } | { readonly unavailable: string };

export interface EcrRepositoryRow {
  readonly name: string;
  readonly uri: string;
  readonly images: readonly {
    readonly tags: readonly string[];
    readonly digest: string;
    readonly size?: number;
    readonly pushedAt?: Date;
  }[];
}

export interface AccountClients {
  readonly iam: IAMClient;
  readonly secrets: SecretsManagerClient;
  readonly ssm: SSMClient;
  readonly ecr: ECRClient;
}

export class AccountReader {
  readonly #clients: AccountClients;
  readonly #role: (arn: string) => Promise<RoleNode | undefined>;
  readonly #scope: { readonly region: string; readonly accountId: string };

  constructor(
    clients: AccountClients,
    role: (arn: string) => Promise<RoleNode | undefined>,
    scope: { readonly region: string; readonly accountId: string },
  ) {
    this.#clients = clients;
    this.#role = role;
    this.#scope = scope;
  }

  async secrets(): Promise<SecretRow[]> {
    const roles = await this.#roles();
    const rows: SecretRow[] = [];
    let NextToken: string | undefined;
    do {
      const page = await this.#clients.secrets.send(
        new ListSecretsCommand({ NextToken, IncludePlannedDeletion: true }),
      );
      for (const s of page.SecretList ?? []) {
        const arn = s.ARN ?? '';
        const { ResourcePolicy } = await this.#clients.secrets.send(
          new GetResourcePolicyCommand({ SecretId: arn }),
        );
        const policy = ResourcePolicy ? (JSON.parse(ResourcePolicy) as unknown) : undefined;
        rows.push({
          name: s.Name ?? '?',
          arn,
          kmsKeyId: s.KmsKeyId,
          lastChanged: s.LastChangedDate,
          deletedDate: s.DeletedDate,
          readers: readersOf(roles, 'secretsmanager:GetSecretValue', arn, policy),
        });
      }
      NextToken = page.NextToken;
    } while (NextToken);
    return rows;
  }

  async parameters(): Promise<Parameters> {
    try {
      const roles = await this.#roles();
      const rows: ParameterRow[] = [];
      let NextToken: string | undefined;
      do {
        const page = await this.#clients.ssm.send(new DescribeParametersCommand({ NextToken }));
        for (const p of page.Parameters ?? []) {
          const name = p.Name ?? '?';
          const { region, accountId } = this.#scope;
          const arn = p.ARN ?? `arn:aws:ssm:${region}:${accountId}:parameter/${name.replace(/^\//, '')}`;
          rows.push({
            name,
            arn,
            type: p.Type ?? '?',
            keyId: p.KeyId,
            lastModified: p.LastModifiedDate,
            readers: readersOf(roles, 'ssm:GetParameters', arn, undefined),
          });
        }
        NextToken = page.NextToken;
      } while (NextToken);
      return { rows };
    } catch (error) {
      // An endpoint without Parameter Store answers with an unknown-operation or unknown-service error.
      return { unavailable: `Parameter Store did not answer: ${(error as Error).name}` };
    }
  }

  async ecrRepositories(): Promise<EcrRepositoryRow[]> {
    const { repositories = [] } = await this.#clients.ecr.send(new DescribeRepositoriesCommand({}));
    return Promise.all(
      repositories.map(async (r) => {
        const { imageDetails = [] } = await this.#clients.ecr.send(
          new DescribeImagesCommand({ repositoryName: r.repositoryName }),
        );
        return {
          name: r.repositoryName ?? '?',
          uri: r.repositoryUri ?? '',
          images: imageDetails.map((d) => ({
            tags: d.imageTags ?? [],
            digest: d.imageDigest ?? '?',
            size: d.imageSizeInBytes,
            pushedAt: d.imagePushedAt,
          })),
        };
      }),
    );
  }

  async #roles(): Promise<RoleNode[]> {
    const arns: string[] = [];
    let Marker: string | undefined;
    do {
      const page = await this.#clients.iam.send(new ListRolesCommand({ Marker }));
      arns.push(...(page.Roles ?? []).flatMap((r) => r.Arn ?? []));
      Marker = page.IsTruncated ? page.Marker : undefined;
    } while (Marker);
    const roles = await Promise.all(arns.map((arn) => this.#role(arn)));
    return roles.filter((role): role is RoleNode => role !== undefined);
  }
}

function readersOf(roles: readonly RoleNode[], action: string, resource: string, policy: unknown): string[] {
  return roles.filter((role) => roleMay(role, action, resource, policy)).map((role) => role.name);
}
