/**
 * The ECS control plane's user-visible texts, in one place, each with where it comes from. [OBS] = verbatim as users
 * reported it (issue cited); [DOC] = AWS documentation; [INF] = berth's wording where no verbatim text was found,
 * modelled on its observed siblings. reference = /work/shared/reference/ecs-private-auth.md, peers =
 * peers-and-misconfigurations.md. Where two variants were observed, the newer one is used.
 */
export const ecsMessages = {
  // RegisterTaskDefinition (ClientException) -------------------------------------------------------------------------
  /** [OBS] aws-actions/amazon-ecs-deploy-task-definition#630. */
  familyBlank: 'Family can not be blank.',
  /** [OBS] aws/amazon-ecs-cli#37, #542 (the family pattern is `^[a-zA-Z0-9\-_]+`; over-long names [INF] too). */
  familyInvalid: 'Family contains invalid characters.',
  /** [OBS] awsdocs/aws-cloudformation-user-guide#454. */
  noContainers: 'Container list cannot be empty.',
  /** [OBS] awsdocs/aws-cloudformation-user-guide#612. */
  containerNameEmpty: 'Container.name should not be null or empty.',
  /** [OBS] hashicorp/terraform-provider-aws#5950, ansible/ansible#22860. */
  containerNameInvalid: 'Container.name contains invalid characters.',
  /** [INF] by analogy with containerNameEmpty (prefect-aws#159 quotes "The container.image should not be null or empty"). */
  imageEmpty: 'Container.image should not be null or empty.',
  /** [OBS] hashicorp/terraform-provider-aws#22629 (no final period). */
  imageTooLong: 'Container.image should be 255 characters or less',
  /** [INF] by analogy with containerNameInvalid; the charset is the documented one (ref ecs-private-auth §2.1 Image). */
  imageInvalid: 'Container.image contains invalid characters.',
  /** [OBS] aws/aws-cli#7288, aws/aws-cdk#8762. */
  containerPortInvalid: (container: string) =>
    `Invalid 'containerPort' setting for container '${container}'.`,
  /** [OBS] pulumi/pulumi-awsx#935, aws/amazon-ecs-cli#1014. */
  awsvpcPortsMustMatch:
    'When networkMode=awsvpc, the host ports and container ports in port mappings must match.',
  /** [OBS] ref ecs-private-auth §2.1 (labd/ecs-deplojo#26). */
  awsvpcHostname: 'hostname is not supported on container when networkMode=awsvpc.',
  /** [OBS] cuttlesoft/ecs-deploy.py#17, klothoplatform/klotho#892. */
  containerMemoryMissing: (container: string) =>
    `Invalid setting for container '${container}'. At least one of 'memory' or 'memoryReservation' must be specified.`,
  /** [OBS] Shippable/support#2946. */
  duplicateContainerNames: 'Container names must be unique within a Task Definition.',
  /** [OBS] verbatim, literal " + " included and no final period: eagletmt/hako#99, dagster-io/dagster#6926. */
  unknownDependency: (container: string) =>
    `Cannot depend on container + '${container}' because it does not exist`,
  /** [OBS] boto/boto3#2436, klothoplatform/klotho#892. */
  essentialCompletionDependency:
    'A dependency container with SUCCESS or COMPLETE condition cannot be an essential container',
  /** [OBS] eagletmt/hako#68. */
  noEssentialContainer: "Task definition doesn't have any essential container.",
  /**
   * [INF] modelled on the observed containerPort text; the ranges are ref ecs-services-elb-logs §3.1 (interval 5-300,
   * timeout 2-60, retries 1-10, startPeriod 0-300). A third-party tool shows "Container health check's interval value
   * of container "NAME" is invalid." (OctopusDeploy/Issues#7447), which may be its own wording.
   */
  healthCheckOutOfRange: (container: string, field: string, min: number, max: number) =>
    `Invalid 'healthCheck' setting for container '${container}'. '${field}' must be between ${min} and ${max}.`,
  /** [OBS] klothoplatform/klotho#892. */
  containerCpuExceedsTask:
    "The sum of all container 'cpu' values cannot be greater than the value of the task 'cpu'.",
  /** [OBS] ref ecs-private-auth §2.1 (sil-org/ecs-deploy#188); §7 row 1. */
  privateRegistryNeedsExecutionRole:
    'Private repository authentication requires that the task definition specify a value for executionRoleArn.',
  /** [OBS] ref ecs-private-auth §2.1 (fabfuel/ecs-deploy#87). */
  secretsNeedExecutionRole:
    "When you are specifying container secrets, you must also specify a value for 'executionRoleArn'.",
  /** [OBS] ref ecs-private-auth §2.1, peers §C8 (aws/aws-cdk#20139). The rule behind it is [INF], see repository-credentials.ts. */
  credentialsParameterInvalid: (container: string) =>
    `The repository credentials parameter specified for container '${container}' is invalid. Parameter names can ` +
    'include up to 255 (uppercase and lowercase), numbers, hyphens, and underscores are allowed. Spaces are not allowed.',
  /** [OBS] peers §C12 (aws-actions/amazon-ecs-deploy-task-definition#48, #62). */
  credentialsOnEcrImage:
    'Private repository credentials are not a supported authentication method for ECR repositories.',
  /** [OBS] ref ecs-private-auth §2.1 (aws-modern-application-workshop#9; an empty string too: fabfuel/ecs-deploy#231). */
  roleInvalid: 'Role is not valid',
  /** [OBS] with typographic quotes, ref ecs-private-auth §2.1 (aws/amazon-ecs-cli#1145). */
  fargateNetworkMode: 'Fargate only supports network mode ‘awsvpc’.',
  /** [OBS] mongodb/terraform-aws-ecs-task-definition#38, aws/amazon-ecs-cli#982. */
  fargateNeedsTaskSize: (field: 'cpu' | 'memory') =>
    `Fargate requires that '${field}' be defined at the task level.`,
  /**
   * [DOC] task-cpu-memory-error.html gives "Invalid 'cpu' setting for task."; the full text with the trailing sentence
   * is [OBS] cds-snc/notification-terraform#329. berth uses it for a cpu value that is not a Fargate size (or is
   * unreadable); the memory twin is [INF].
   */
  invalidTaskSize: (field: 'cpu' | 'memory') =>
    `Invalid '${field}' setting for task. For more information, see the Troubleshooting section of the Amazon ECS ` +
    'Developer Guide.',
  /**
   * [OBS] towardsthecloud/aws-cdk-examples#1 (2022, after CloudFormation's "Create TaskDefinition: " prefix); the
   * older text was "No Fargate configuration exists for given values." (aws/amazon-ecs-cli#463, 2018). For a cpu
   * that is a Fargate size with a memory that is not one of its sizes.
   */
  noFargateConfiguration: (cpu: string, memory: string) =>
    `No Fargate configuration exists for given values: ${cpu} CPU, ${memory} memory. See the Amazon ECS ` +
    'documentation for the valid values.',
  /** [OBS] ref ecs-private-auth §2.1 (cn-terraform/terraform-aws-ecs-fargate#2). */
  fargateIpcMode: 'Tasks using the Fargate launch type do not support ipcMode.',
  /** [OBS] aws/aws-cdk#29619. */
  fargatePidMode: (mode: string) =>
    `Tasks using the Fargate launch type do not support pidMode '${mode}'. The supported value for pidMode is 'task'.`,
  /** [OBS] ref ecs-private-auth §2.1 (hashicorp/terraform-provider-aws#3051). */
  fargateEcrNeedsExecutionRole:
    'Fargate requires task definition to have execution role ARN to support ECR images.',
  /** [OBS] ref ecs-private-auth §2.1 (virtual-kubelet/virtual-kubelet#193). */
  fargateAwslogsNeedsExecutionRole:
    'Fargate requires task definition to have execution role ARN to support log driver awslogs.',

  // Task definitions by name -----------------------------------------------------------------------------------------
  /** [OBS] ClientException at RunTask/CreateService: remind101/empire#353, Cloud-CV/EvalAI#2419. */
  taskDefinitionNotFound: 'TaskDefinition not found.',
  /** [OBS] ClientException at DescribeTaskDefinition: sil-org/ecs-deploy#145. */
  unableToDescribeTaskDefinition: 'Unable to describe task definition.',
  /** [INF] DeregisterTaskDefinition needs a revision ("You must specify a revision", API_DeregisterTaskDefinition). */
  revisionRequired: 'You must specify a task definition revision to deregister.',
  /** [INF] a definition that is INACTIVE cannot start new tasks ([DOC] API_DeregisterTaskDefinition). */
  taskDefinitionInactive: 'TaskDefinition is inactive',

  // RunTask (InvalidParameterException unless noted) ------------------------------------------------------------------
  /** [OBS] ref ecs-private-auth §2.3. */
  networkConfigurationRequired:
    "Network Configuration must be provided when networkMode 'awsvpc' is specified.",
  /** [OBS] ref ecs-private-auth §2.3, backquotes as observed. */
  networkConfigurationNotValid:
    'Network Configuration is not valid for the given `networkMode` of this task definition.',
  /** [OBS] sil-org/ecs-deploy#134, aws/aws-cli#3983. */
  launchTypeNotSupported: (launchType: string) =>
    `Task definition does not support launch_type ${launchType}.`,
  /** [INF] */
  subnetsEmpty: 'subnets can not be empty.',
  /** [INF] */
  countOutOfRange: 'count must be between 1 and 10.',
  /** [INF] */
  unknownOverrideContainer: (container: string) =>
    `Override for container named ${container} is not a container in the TaskDefinition.`,
  /** [INF] only FARGATE and FARGATE_SPOT exist in berth (no Auto Scaling groups). */
  unknownCapacityProvider: (name: string) =>
    `The specified capacity provider strategy cannot contain a capacity provider that is not associated with the ` +
    `cluster. Associate the capacity provider with the cluster or specify a valid capacity provider and try again. ` +
    `Capacity provider: ${name}`,
  /**
   * [OBS] CreateCluster naming a capacity provider that does not exist (terraform-aws-modules/terraform-aws-ecs#53);
   * PutClusterCapacityProviders checks the same list.
   */
  capacityProviderNotFound:
    'The specified capacity provider was not found. Specify a valid capacity provider and try again.',
  /** [INF] API_RunTask: "If a launchType is specified, the capacityProviderStrategy parameter must be omitted." */
  launchTypeAndStrategy: 'Specifying both a launch type and capacity provider strategy is not supported.',
  /** berth's own: it runs Fargate's platform version 1.4.0 behaviour only (ref ecs-private-auth §1.9). */
  platformVersionNotSupported: (version: string) =>
    `berth runs Fargate platform version 1.4.0 only, not '${version}'.`,
  /** [OBS] ref ecs-private-auth §2.2 (service events; for RunTask the exception type is [INF]). */
  unableToAssumeRole: (roleArn: string) =>
    `ECS was unable to assume the role '${roleArn}' that was provided for this task. Please verify that the role ` +
    'being passed has the proper trust relationship and permissions and that your IAM user has permissions to pass ' +
    'this role.',

  // Clusters and tasks -----------------------------------------------------------------------------------------------
  /** [OBS] the modelled ClusterNotFoundException's text. */
  clusterNotFound: 'Cluster not found.',
  /** [OBS] ClusterContainsTasksException (aws/aws-dotnet-deploy#145 paraphrases it). */
  clusterContainsTasks: 'The Cluster cannot be deleted while Tasks are active.',
  /** [INF] API_CreateCluster: "Up to 255 letters (uppercase and lowercase), numbers, underscores, and hyphens". */
  clusterNameInvalid:
    'Cluster name can contain up to 255 letters (uppercase and lowercase), numbers, underscores, and hyphens.',
  /** [OBS] InvalidParameterException at StopTask: griptape-ai/griptape-nodes-engine#1454 (no final period). */
  taskNotFound: 'The referenced task was not found',
  /** [INF] DescribeTasks with an empty list. */
  tasksEmpty: 'Tasks cannot be empty.',
  /** [INF] */
  clustersTooMany: 'Clusters cannot have more than 100 elements',
  /** [INF] */
  tasksTooMany: 'Tasks cannot have more than 100 elements',
  /** [INF] */
  invalidNextToken: 'Invalid nextToken.',
  /** [INF] modelled ResourceNotFoundException's documented meaning. */
  resourceNotFound: 'The specified resource was not found.',
  /**
   * [INF] modelled ResourceInUseException's documented meaning; API_PutClusterCapacityProviders: "You can only
   * disassociate an existing capacity provider from a cluster if it's not being used by any existing tasks."
   */
  resourceInUse: "The specified resource is in-use and can't be removed.",
  /** [INF] */
  resourceArnInvalid: (arn: string) => `The ARN '${arn}' is not a valid ECS resource ARN.`,
  /** [INF] tags: API_Tag ("Don't use aws:, AWS:, or any upper or lowercase combination of such as a prefix"). */
  reservedTagKey: 'Tag keys beginning with aws: are reserved for AWS use.',
  /** [DOC] ECS console and DescribeTasks for a StopTask without a reason ([INF] that the API does the same). */
  stoppedByUser: 'Task stopped by user',
} as const;
