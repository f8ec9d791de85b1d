/**
 * An error as it may be logged: what went wrong and where, without the values of the data (no
 * personal data in logs, ASVS V7). A failed statement's QueryFailedError (TypeORM) carries its
 * `parameters` (a contact's name, phone, e-mail) and copies the driver error's fields onto itself;
 * PostgreSQL's `detail` ("Key (email)=(…) already exists", "Failing row contains (…)"), `where`
 * and `hint` can hold values too, and some messages end in one (`invalid input syntax for type
 * uuid: "…"`). Kept: the class, the message with quoted values masked, the SQLSTATE code, the SQL
 * text (parameterised: `$1`, never values), how many parameters it had, the table, column and
 * constraint names, the stack (its first line masked alike) and, likewise, the cause.
 */
export interface LoggedError {
  type: string;
  message: string;
  code?: string;
  severity?: string;
  query?: string;
  parameterCount?: number;
  schema?: string;
  table?: string;
  column?: string;
  constraint?: string;
  dataType?: string;
  routine?: string;
  stack?: string;
  cause?: LoggedError;
}

/**
 * Words after which PostgreSQL quotes an identifier (`relation "contacts"`, `constraint "uq_x"`);
 * any other quoted text in a message is taken for a value and masked.
 */
const IDENTIFIER_KINDS = new Set([
  'relation',
  'table',
  'column',
  'constraint',
  'index',
  'type',
  'function',
  'procedure',
  'schema',
  'sequence',
  'view',
  'trigger',
  'operator',
  'role',
  'database',
  'encoding',
  'extension',
  'parameter',
  'cursor',
  'savepoint',
  'statement',
  'domain',
  'collation',
  'policy',
  'tablespace',
  'channel',
]);

/** The message with every quoted value masked (identifiers after their kind stay). */
export function maskQuotedValues(message: string): string {
  return message.replace(/(\b[A-Za-z_]+ )?"(?:[^"]|"")*"/g, (quoted, word: string | undefined) =>
    word && IDENTIFIER_KINDS.has(word.trim().toLowerCase()) ? quoted : `${word ?? ''}"…"`,
  );
}

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/**
 * A plain, value-free description of `error` for `logger.error({ err })`. Idempotent: the logger's
 * `err` serializer runs it again on what the error filter already made of an error.
 */
export function logSafeError(error: unknown, depth = 0): LoggedError {
  // pino(-http) runs its standard err serializer first: the error itself is under its `raw`.
  const raw = !(error instanceof Error) && typeof error === 'object' && error !== null && 'raw' in error;
  if (raw && typeof error.raw === 'object' && error.raw !== null && error.raw !== error)
    return logSafeError(error.raw, depth);
  const e = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as Record<
    string,
    unknown
  >;
  const original = text(e.message) ?? '';
  const message = maskQuotedValues(original);
  const type =
    error instanceof Error
      ? error.constructor.name || error.name
      : (text(e.type) ?? (error === null ? 'null' : typeof error));
  const out: LoggedError = { type, message };
  const code = e.code;
  if (typeof code === 'string' || typeof code === 'number') out.code = String(code);
  for (const key of [
    'severity',
    'query',
    'schema',
    'table',
    'column',
    'constraint',
    'dataType',
    'routine',
  ] as const) {
    const value = text(e[key]);
    if (value !== undefined) out[key] = value;
  }
  if (Array.isArray(e.parameters)) out.parameterCount = e.parameters.length;
  else if (typeof e.parameterCount === 'number') out.parameterCount = e.parameterCount;
  const stack = text(e.stack);
  if (stack !== undefined) out.stack = original ? stack.split(original).join(message) : stack;
  if (e.cause !== undefined && depth < 3) out.cause = logSafeError(e.cause, depth + 1);
  return out;
}
