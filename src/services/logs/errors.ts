/**
 * CloudWatch Logs' modelled errors (Logs_20140328), with the lower-case `message` member. Texts from ref
 * ecs-services-elb-logs §7.2 where observed; the others are marked with where they come from.
 */
import { ServiceError } from '../../aws/index.js';

export const logsMessages = {
  groupNotFound: 'The specified log group does not exist.',
  streamNotFound: 'The specified log stream does not exist.',
  // No final period, as observed (ref ecs-services-elb-logs §7.2).
  groupExists: 'The specified log group already exists',
  // [INF] by analogy with the group's text: not observed (ref ecs-services-elb-logs §8 U6).
  streamExists: 'The specified log stream already exists',
} as const;

export const logsErrors = {
  groupNotFound: () => new ServiceError('ResourceNotFoundException', logsMessages.groupNotFound),
  streamNotFound: () => new ServiceError('ResourceNotFoundException', logsMessages.streamNotFound),
  groupExists: () => new ServiceError('ResourceAlreadyExistsException', logsMessages.groupExists),
  streamExists: () => new ServiceError('ResourceAlreadyExistsException', logsMessages.streamExists),
  invalidParameter: (message: string) => new ServiceError('InvalidParameterException', message),
  // [INF] the text of a token berth did not hand out; AWS's is not recorded.
  invalidToken: () => new ServiceError('InvalidParameterException', 'The specified nextToken is invalid.'),
  // [INF] names the missing members as the API model's documentation does ("You must include either
  // logGroupIdentifier or logGroupName, but not both").
  groupIdentifier: () =>
    new ServiceError(
      'InvalidParameterException',
      'You must include either logGroupIdentifier or logGroupName, but not both.',
    ),
};
