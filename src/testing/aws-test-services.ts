// Test fixtures for the gateway: a small STS (AWS Query) and Secrets Manager (AWS JSON) registered the way real
// services will be, and a transport that hands the real AWS SDK v3 clients' requests to the gateway in-process.
import { Readable } from 'node:stream';
import { SigV4Verifier } from '../aws/auth/sigv4-verifier.js';
import type { RequestContext } from '../aws/context.js';
import { FrameworkError, ServiceError } from '../aws/errors.js';
import type { AuthorizationRequest, Authorizer } from '../aws/gateway/authorizer.js';
import { createGateway } from '../aws/gateway/chain.js';
import type { HttpRequest, HttpResponse } from '../aws/http.js';
import { ServiceRegistry, withOperations } from '../aws/service-registry.js';
import { secretsManagerRouting } from '../services/secretsmanager/secretsmanager-routing.js';
import { stsRouting } from '../services/sts/sts-routing.js';
import { credentialStore } from './sigv4-signing.js';

export const stsNamespace = 'https://sts.amazonaws.com/doc/2011-06-15/';

export interface Harness {
  handle: (request: HttpRequest) => Promise<HttpResponse>;
  authorized: Array<[string, string]>;
  internalErrors: unknown[];
  requestIds: string[];
}

/** Denies any resource containing "forbidden", with IAM's message form (ref aws-iam-and-protocols §1.13). */
function authorizer(log: Array<[string, string]>): Authorizer {
  return {
    async authorize(ctx: RequestContext, { action, resource }: AuthorizationRequest) {
      log.push([action, resource]);
      if (resource.includes('forbidden')) {
        throw new FrameworkError(
          'accessDenied',
          `User: ${ctx.caller.principal.arn} is not authorized to perform: ${action} on resource: ${resource} ` +
            `because no identity-based policy allows the ${action} action`,
        );
      }
    },
  };
}

export function harness(clock: () => Date = () => new Date()): Harness {
  const registry = new ServiceRegistry();
  registry.register(
    withOperations(stsRouting, {
      GetCallerIdentity: {
        authorize: 'none',
        handler: async (ctx) => ({
          UserId: ctx.caller.principal.userId,
          Account: ctx.accountId,
          Arn: ctx.caller.principal.arn,
        }),
      },
      AssumeRole: {
        authorize: (_ctx, input) => String(input['RoleArn']),
        handler: async (ctx, input) => {
          if (input['Policy'] === 'bad')
            throw new ServiceError('MalformedPolicyDocument', 'Syntax errors in policy.');
          return {
            Credentials: {
              AccessKeyId: 'ASIANEW',
              SecretAccessKey: 'new-secret',
              SessionToken: 'new-token',
              Expiration: new Date('2030-01-01T00:00:00Z'),
            },
            AssumedRoleUser: {
              AssumedRoleId: `AROAEXAMPLE:${String(input['RoleSessionName'])}`,
              Arn: `arn:aws:sts::${ctx.accountId}:assumed-role/r/${String(input['RoleSessionName'])}`,
            },
          };
        },
      },
    }),
  );
  registry.register(
    withOperations(secretsManagerRouting, {
      GetSecretValue: {
        authorize: (ctx, input) =>
          `arn:aws:secretsmanager:${ctx.region}:${ctx.accountId}:secret:${String(input['SecretId'])}`,
        handler: async (ctx, input) => {
          if (input['SecretId'] === 'missing') {
            throw new ServiceError(
              'ResourceNotFoundException',
              "Secrets Manager can't find the specified secret.",
            );
          }
          if (input['SecretId'] === 'crash') throw new TypeError('a bug with a secret inside: hunter2');
          return {
            ARN: `arn:aws:secretsmanager:${ctx.region}:${ctx.accountId}:secret:${String(input['SecretId'])}-AbCdEf`,
            Name: input['SecretId'],
            SecretString: '{"username":"u","password":"p"}',
            VersionStages: ['AWSCURRENT'],
            CreatedDate: new Date('2024-05-01T12:00:00.500Z'),
          };
        },
      },
    }),
  );
  const authorized: Array<[string, string]> = [];
  const internalErrors: unknown[] = [];
  const requestIds: string[] = [];
  let next = 0;
  const handle = createGateway({
    registry,
    verifier: new SigV4Verifier({ credentials: credentialStore(), clock }),
    authorizer: authorizer(authorized),
    clock,
    newRequestId: () => {
      const id = `00000000-0000-4000-8000-${String(++next).padStart(12, '0')}`;
      requestIds.push(id);
      return id;
    },
    acceptRegion: () => true,
    onInternalError: (error) => internalErrors.push(error),
  });
  return { handle, authorized, internalErrors, requestIds };
}

interface SdkRequest {
  method: string;
  path: string;
  query?: Record<string, string | string[] | null>;
  headers: Record<string, string>;
  body?: unknown;
}

/** An SDK requestHandler that serves requests from the gateway in-process (the node:http adapter comes later). */
export function inProcessHandler(handle: (request: HttpRequest) => Promise<HttpResponse>) {
  return {
    async handle(request: SdkRequest) {
      const query = new URLSearchParams();
      for (const [name, value] of Object.entries(request.query ?? {})) {
        for (const item of Array.isArray(value) ? value : [value ?? '']) query.append(name, item);
      }
      const body =
        request.body === undefined ? Buffer.alloc(0) : Buffer.from(request.body as string | Uint8Array);
      const response = await handle({
        method: request.method,
        path: request.path,
        query: query.toString(),
        headers: Object.entries(request.headers),
        body,
        remoteAddress: '127.0.0.1',
        tls: false,
      });
      const headers: Record<string, string> = {};
      for (const [name, value] of response.headers) headers[name.toLowerCase()] = value;
      // A streamed answer (S3's GetObject) reaches the SDK as the stream it expects of a streaming output.
      const answer = response.bodyStream ? Readable.from(response.bodyStream) : new Uint8Array(response.body);
      return { response: { statusCode: response.status, headers, body: answer } };
    },
    updateHttpClientConfig() {},
    httpHandlerConfigs() {
      return {};
    },
  };
}
