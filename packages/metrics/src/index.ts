export { ServiceMetrics, type ServiceMetricsOptions } from './service-metrics.js';
