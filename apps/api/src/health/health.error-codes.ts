/** The codes this feature's routes answer besides the common ones (OpenAPI `HealthErrorCode`). */
export const HEALTH_ERROR_CODES = ['health.database_down', 'health.not_ready'] as const;
