/**
 * Powertools reads these when its modules load, so a test file imports this
 * module before any of them: JSON lines on stdout (not the pretty-printed
 * development format), every level, metrics switched on, and the
 * initialization type Lambda sets, without which nothing counts as a cold start.
 */
Object.assign(process.env, {
  AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
  POWERTOOLS_DEV: 'false',
  POWERTOOLS_LOG_LEVEL: 'DEBUG',
  POWERTOOLS_METRICS_DISABLED: 'false',
  POWERTOOLS_METRICS_NAMESPACE: 'Roster',
});
