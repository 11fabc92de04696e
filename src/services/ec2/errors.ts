/**
 * EC2's errors: the dotted codes of the EC2 API reference's "Error codes" page, all client faults (400), in EC2's
 * `<Response><Errors>` shape (the ec2 protocol renders them). Texts are AWS's as users report them and moto
 * reproduces them; those berth could not find verbatim are marked [INF].
 */
import { ServiceError } from '../../aws/index.js';

const client = (code: string, message: string) => new ServiceError(code, message, { status: 400 });

/** The NotFound code and the word AWS uses for each kind: "The vpc ID 'vpc-1' does not exist". */
const notFound = {
  vpc: ['InvalidVpcID.NotFound', 'vpc'],
  subnet: ['InvalidSubnetID.NotFound', 'subnet'],
  'route-table': ['InvalidRouteTableID.NotFound', 'routeTable'],
  'internet-gateway': ['InvalidInternetGatewayID.NotFound', 'internetGateway'],
  'elastic-ip': ['InvalidAllocationID.NotFound', 'allocation'],
  'network-interface': ['InvalidNetworkInterfaceID.NotFound', 'networkInterface'],
} as const;

export const ec2Errors = {
  notFound: (kind: keyof typeof notFound, id: string) =>
    client(notFound[kind][0], `The ${notFound[kind][1]} ID '${id}' does not exist`),
  groupNotFound: (id: string) => client('InvalidGroup.NotFound', `The security group '${id}' does not exist`),
  groupNameNotFound: (name: string, vpcId: string) =>
    client('InvalidGroup.NotFound', `The security group '${name}' does not exist in default VPC '${vpcId}'`),
  natGatewayNotFound: (id: string) => client('NatGatewayNotFound', `The Nat Gateway ${id} was not found`),
  // [INF] after the other NotFound texts.
  endpointNotFound: (id: string) =>
    client('InvalidVpcEndpointId.NotFound', `The Vpc Endpoint Id '${id}' does not exist`),
  associationNotFound: (id: string) =>
    client('InvalidAssociationID.NotFound', `The association ID '${id}' does not exist`),
  zoneNotFound: (zone: string) =>
    client('InvalidParameterValue', `The zone '${zone}' does not exist in the current region.`),
  badZone: (zone: string, zones: readonly string[]) =>
    client(
      'InvalidParameterValue',
      `Value (${zone}) for parameter availabilityZone is invalid. Subnets can currently only be created in the ` +
        `following availability zones: ${zones.join(', ')}.`,
    ),
  invalidId: (id: string) => client('InvalidID', `The ID '${id}' is not valid`),
  malformedId: (code: string, id: string) => client(code, `Invalid id: "${id}"`),
  badCidr: (cidr: string) =>
    client(
      'InvalidParameterValue',
      `Value (${cidr}) for parameter cidrBlock is invalid. This is not a valid CIDR block.`,
    ),
  vpcRange: (cidr: string) => client('InvalidVpc.Range', `The CIDR '${cidr}' is invalid.`),
  subnetRange: (cidr: string) => client('InvalidSubnet.Range', `The CIDR '${cidr}' is invalid.`),
  subnetConflict: (cidr: string) =>
    client('InvalidSubnet.Conflict', `The CIDR '${cidr}' conflicts with another subnet`),
  dependency: (word: string, id: string) =>
    client('DependencyViolation', `The ${word} '${id}' has dependencies and cannot be deleted.`),
  dependencyText: (message: string) => client('DependencyViolation', message),
  groupDuplicate: (name: string, vpcId: string) =>
    client('InvalidGroup.Duplicate', `The security group '${name}' already exists for VPC '${vpcId}'`),
  // The default group cannot go (EC2 API reference, CannotDelete).
  cannotDelete: (id: string) =>
    client('CannotDelete', `the specified group: "${id}" name: "default" cannot be deleted by a user`),
  permissionDuplicate: (rule: string) =>
    client('InvalidPermission.Duplicate', `the specified rule "${rule}" already exists`),
  permissionNotFound: () =>
    client('InvalidPermission.NotFound', 'The specified rule does not exist in this security group.'),
  alreadyAttached: (igw: string, vpcId: string) =>
    client('Resource.AlreadyAssociated', `resource ${igw} is already attached to network ${vpcId}`),
  notAttached: (igw: string, vpcId: string) =>
    client('Gateway.NotAttached', `resource ${igw} is not attached to network ${vpcId}`),
  alreadyAssociatedRoute: (table: string) =>
    client(
      'Resource.AlreadyAssociated',
      `the specified association for route table ${table} conflicts with an existing association`,
    ),
  routeExists: (cidr: string) =>
    client('RouteAlreadyExists', `The route identified by ${cidr} already exists.`),
  // [INF] the text the AWS CLI shows for ReplaceRoute of a destination the table has no route for, as recalled.
  noRouteToReplace: (cidr: string) =>
    client(
      'InvalidParameterValue',
      `There is no route defined for '${cidr}' in the route table. Use CreateRoute instead.`,
    ),
  routeNotFound: (cidr: string, table: string) =>
    client('InvalidRoute.NotFound', `no route with destination-cidr-block ${cidr} in route table ${table}`),
  addressInUse: (id: string) => client('InvalidIPAddress.InUse', `Address ${id} is in use.`),
  // [INF] the code is the API reference's; the text follows the NotFound family.
  serviceName: (name: string) =>
    client('InvalidServiceName', `The Vpc Endpoint Service '${name}' does not exist`),
  invalidFilter: (name: string) => client('InvalidParameterValue', `The filter '${name}' is invalid`),
  invalidParameter: (message: string) => client('InvalidParameterValue', message),
  missingParameter: (message: string) => client('MissingParameter', message),
  invalidToken: () => client('InvalidPaginationToken', 'The token provided is invalid.'),
} as const;
