export { startTaskEndpointServer, type TaskEndpointServer } from './task-endpoint-server.js';
