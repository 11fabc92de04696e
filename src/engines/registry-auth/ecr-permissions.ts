import type { RegistryEndpoint } from './registry-endpoint.js';

/** The IAM actions ECR checks for registry (`/v2/`) requests (ref ecr §2.3). */
export type EcrRegistryAction =
  | 'ecr:BatchGetImage'
  | 'ecr:GetDownloadUrlForLayer'
  | 'ecr:BatchCheckLayerAvailability'
  | 'ecr:InitiateLayerUpload'
  | 'ecr:UploadLayerPart'
  | 'ecr:CompleteLayerUpload'
  | 'ecr:PutImage'
  | 'ecr:BatchDeleteImage'
  | 'ecr:ListImages'
  | 'ecr:DescribeRepositories';

/**
 * One IAM check: the action, on the ARN of the request's repository (`repository`; for `mount-source`, the `from`
 * repository) or on `*` (ref ecr §2.3: the catalog is `ecr:DescribeRepositories on resource: *`).
 */
export interface EcrPermission {
  readonly action: EcrRegistryAction;
  readonly resource: 'repository' | '*';
}

const onRepository = (...actions: EcrRegistryAction[]): readonly EcrPermission[] =>
  actions.map((action) => ({ action, resource: 'repository' }));

/**
 * Per endpoint, what ECR requires, every check to be allowed. `[]`: a valid token is enough (`/v2/` is the login
 * check; the token itself needed `ecr:GetAuthorizationToken` on `*` when it was minted, ref ecr §2.2-2.3).
 * `undefined`: ECR has no such registry operation, so an ECR authorizer refuses it.
 * Evidence (ref ecr §2.3, §7): manifests, blob GET and the catalog are documented or observed; blob HEAD and the
 * upload steps are the documented push actions mapped to requests [INF]; tags/list and manifest DELETE are
 * [UNCONFIRMED]; the rows not in the table are marked [INF] below.
 */
const permissions: Readonly<Record<RegistryEndpoint, readonly EcrPermission[] | undefined>> = {
  'api-root': [],
  catalog: [{ action: 'ecr:DescribeRepositories', resource: '*' }],
  'tags-list': onRepository('ecr:ListImages'),
  // [INF] the referrers list is an index of manifests, read as manifests are.
  referrers: onRepository('ecr:BatchGetImage'),
  'manifest-get': onRepository('ecr:BatchGetImage'),
  'manifest-head': onRepository('ecr:BatchGetImage'),
  'manifest-put': onRepository('ecr:PutImage'),
  'manifest-delete': onRepository('ecr:BatchDeleteImage'),
  'blob-get': onRepository('ecr:GetDownloadUrlForLayer'),
  'blob-head': onRepository('ecr:BatchCheckLayerAvailability'),
  // [INF] ECR removes layers only with their images (BatchDeleteImage, lifecycle policies); no blob DELETE exists.
  'blob-delete': undefined,
  'upload-start': onRepository('ecr:InitiateLayerUpload'),
  // [INF] one request that opens, fills and completes an upload: all three steps.
  'upload-monolithic': onRepository(
    'ecr:InitiateLayerUpload',
    'ecr:UploadLayerPart',
    'ecr:CompleteLayerUpload',
  ),
  // [INF] status and cancel act on an open session, as its parts do.
  'upload-status': onRepository('ecr:UploadLayerPart'),
  'upload-chunk': onRepository('ecr:UploadLayerPart'),
  'upload-complete': onRepository('ecr:CompleteLayerUpload'),
  'upload-cancel': onRepository('ecr:UploadLayerPart'),
  // [INF] a mount that cannot be made opens an upload session instead (ref ecr §2.6), so it needs what one needs.
  mount: onRepository('ecr:InitiateLayerUpload'),
  // [INF] mounting reads the layer from the source repository, as a pull of it would.
  'mount-source': onRepository('ecr:GetDownloadUrlForLayer'),
};

/** The IAM checks ECR makes for a registry request to `endpoint` (see `permissions` for the meaning of `[]`/`undefined`). */
export function ecrPermissions(endpoint: RegistryEndpoint): readonly EcrPermission[] | undefined {
  return permissions[endpoint];
}
