export {
  containerMetadata,
  containerStats,
  type MetadataSource,
  taskMetadata,
  taskStats,
} from './metadata-v4.js';
export {
  type EndpointAnswer,
  type EndpointRegistration,
  type EndpointRequest,
  type EndpointTask,
  TaskEndpoints,
  taskEndpointAddress,
} from './task-endpoints.js';
export { RenewingCredentials, renewWindowMs } from './task-role-credentials.js';
