export {
  type HealthState,
  healthLifecycle,
  initialHealth,
  nextHealth,
  type ProbeOutcome,
  taskHealth,
} from './container-health.js';
export { type HealthCheckConfig, healthCheckOf } from './health-check-config.js';
export { type HealthMonitorParts, TaskHealthMonitor } from './health-monitor.js';
