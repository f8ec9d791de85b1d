/** The codes this feature's routes answer besides the common ones (OpenAPI `AuditTrailErrorCode`). */
export const AUDIT_TRAIL_ERROR_CODES = [] as const;
