/**
 * The codes this feature's routes answer besides the common ones (OpenAPI `TasksErrorCode`): the
 * task list only reads, so bad input (validation_failed) and the access guard's are all it answers.
 */
export const TASKS_ERROR_CODES = [] as const;
