/** The codes this feature's routes answer besides the common ones (OpenAPI `TimelineErrorCode`). */
export const TIMELINE_ERROR_CODES = ['organization.not_found'] as const;
