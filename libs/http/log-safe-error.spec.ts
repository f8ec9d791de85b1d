import { stdSerializers } from 'pino';
import { QueryFailedError } from 'typeorm';
import { logSafeError, maskQuotedValues } from './log-safe-error';

describe('maskQuotedValues', () => {
  it('masks the values PostgreSQL quotes in its messages', () => {
    expect(maskQuotedValues('invalid input syntax for type uuid: "山田太郎"')).toBe(
      'invalid input syntax for type uuid: "…"',
    );
    expect(maskQuotedValues('value "09012345678" is out of range for type integer')).toBe(
      'value "…" is out of range for type integer',
    );
    expect(maskQuotedValues('invalid input value for enum contact_role: "社長"')).toBe(
      'invalid input value for enum contact_role: "…"',
    );
    expect(maskQuotedValues('malformed array literal: "{a""b}"')).toBe('malformed array literal: "…"');
    expect(maskQuotedValues('invalid configuration parameter name "x.hanako@example.jp"')).toBe(
      'invalid configuration parameter name "…"',
    );
  });

  it('keeps identifiers quoted after their kind', () => {
    for (const message of [
      'duplicate key value violates unique constraint "uq_users_username"',
      'null value in column "name" of relation "contacts" violates not-null constraint',
      'column "email" of relation "contacts" does not exist',
      'permission denied for table audit_events',
      'type "foo" does not exist',
    ])
      expect(maskQuotedValues(message)).toBe(message);
  });
});

describe('logSafeError', () => {
  const driverError = () =>
    Object.assign(new Error('duplicate key value violates unique constraint "uq_contacts_email"'), {
      code: '23505',
      severity: 'ERROR',
      detail: 'Key (email)=(hanako@example.jp) already exists.',
      hint: 'hanako@example.jp',
      where: 'SQL statement with hanako@example.jp',
      table: 'contacts',
      constraint: 'uq_contacts_email',
      schema: 'public',
    });
  const failed = () =>
    new QueryFailedError(
      'INSERT INTO contacts (name, email) VALUES ($1, $2)',
      ['山田 花子', 'hanako@example.jp'],
      driverError(),
    );

  it('keeps the SQL, code, names and stack of a failed statement, not its parameters or detail', () => {
    const logged = logSafeError(failed());
    expect(logged).toEqual({
      type: 'QueryFailedError',
      message: 'duplicate key value violates unique constraint "uq_contacts_email"',
      code: '23505',
      severity: 'ERROR',
      query: 'INSERT INTO contacts (name, email) VALUES ($1, $2)',
      parameterCount: 2,
      schema: 'public',
      table: 'contacts',
      constraint: 'uq_contacts_email',
      stack: expect.stringMatching(/^QueryFailedError: duplicate key value/),
    });
    const text = JSON.stringify(logged);
    expect(text).not.toContain('hanako');
    expect(text).not.toContain('山田');
  });

  it('masks a value in the message and in the stack, and does the same for the cause', () => {
    const inner = new Error('invalid input syntax for type uuid: "hanako@example.jp"');
    const outer = new Error('import failed: "山田 花子"', { cause: inner });
    const logged = logSafeError(outer);
    expect(logged.message).toBe('import failed: "…"');
    expect(logged.stack).toMatch(/^Error: import failed: "…"/);
    expect(logged.cause).toMatchObject({ type: 'Error', message: 'invalid input syntax for type uuid: "…"' });
    expect(JSON.stringify(logged)).not.toMatch(/hanako|山田/);
  });

  it("gives the same after pino's standard err serializer, and is idempotent", () => {
    const direct = logSafeError(failed());
    expect(logSafeError(stdSerializers.err(failed()))).toEqual({ ...direct, stack: expect.any(String) });
    expect(logSafeError(direct)).toEqual(direct);
    expect(logSafeError(stdSerializers.err(direct as unknown as Error))).toEqual(direct);
  });

  it('describes things that are not errors', () => {
    expect(logSafeError('boom "x"')).toEqual({ type: 'string', message: 'boom "…"' });
    expect(logSafeError(null)).toEqual({ type: 'null', message: 'null' });
  });
});
