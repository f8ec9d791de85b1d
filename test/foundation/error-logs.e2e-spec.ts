import { QueryFailedError } from 'typeorm';
import { OrganizationsRepository } from '../../apps/api/src/organizations/organizations.repository';
import { bearer, TestApp } from '../helpers/test-app';

/** A 500 is logged with what went wrong and the request id, never with the data's values. */
describe('error logs without personal data (e2e)', () => {
  let t: TestApp;
  const lines: string[] = [];
  beforeAll(async () => {
    t = await TestApp.create({ LOG_LEVEL: 'info' }, { logs: { write: (line) => void lines.push(line) } });
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(() => t.close());

  const contact = {
    name: '山田 花子',
    nameKana: 'ヤマダ ハナコ',
    title: '総務部長',
    role: 'manager',
    phone: '090-1234-5678',
    email: 'hanako.yamada@example.jp',
  };

  it('logs a failed statement with its SQL, code and request id, without its parameters or detail', async () => {
    const { officer } = await t.createStationTeam();
    const org = await t
      .http()
      .post('/api/v1/organizations')
      .set(bearer(officer))
      .send({ name: '株式会社ログ試験', tier: 'B', municipality: '35208' })
      .expect(201);
    // The contact's INSERT fails with an error the filter maps to no 4xx (500), carrying the
    // contact's values as the statement's parameters and in PostgreSQL's detail, the way a
    // QueryFailedError does (TypeORM copies the driver error's fields onto it).
    const sql = `INSERT INTO contacts (organization_id, station_id, name, name_kana, title, role, phone, email)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`;
    jest.spyOn(OrganizationsRepository.prototype, 'insertContact').mockImplementation(async (_manager, c) => {
      const values = [c.organizationId, c.stationId, c.name, c.nameKana, c.title, c.role, c.phone, c.email];
      const driverError = Object.assign(new Error('could not write to the contacts table'), {
        code: 'XX000',
        severity: 'ERROR',
        detail: `Failing row contains (${values.join(', ')}).`,
        where: `SQL statement "INSERT INTO contacts … ('${c.email}')"`,
        table: 'contacts',
        schema: 'public',
      });
      throw new QueryFailedError(sql, values, driverError);
    });
    lines.length = 0;
    const res = await t
      .http()
      .post(`/api/v1/organizations/${org.body.id}/contacts`)
      .set(bearer(officer))
      .set('X-Request-Id', 'req-log-test-1')
      .send(contact)
      .expect(500);
    expect(res.body).toMatchObject({ statusCode: 500, code: 'common.internal', requestId: 'req-log-test-1' });
    expect(JSON.stringify(res.body)).not.toContain('山田');

    const logged = lines.join('');
    const entries = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const error = entries.find((e) => e.msg === 'unhandled error') as {
      requestId: string;
      err: Record<string, unknown>;
    };
    expect(error).toBeDefined();
    expect(error.requestId).toBe('req-log-test-1');
    expect(error.err).toMatchObject({
      type: 'QueryFailedError',
      code: 'XX000',
      severity: 'ERROR',
      table: 'contacts',
      parameterCount: 8,
      query: sql,
      message: 'could not write to the contacts table',
      stack: expect.stringContaining('QueryFailedError: could not write to the contacts table'),
    });
    expect(error.err).not.toHaveProperty('parameters');
    expect(error.err).not.toHaveProperty('detail');
    expect(error.err).not.toHaveProperty('driverError');
    expect(error.err).not.toHaveProperty('where');
    // None of the values anywhere in the log, whatever line.
    for (const value of Object.values(contact).filter((v) => v !== 'manager'))
      expect({ value, found: logged.includes(value) }).toEqual({ value, found: false });
    expect(logged).not.toContain('Failing row');
    // The request line is there too, with the path only.
    expect(entries.some((e) => (e.req as { path?: string } | undefined)?.path?.endsWith('/contacts'))).toBe(
      true,
    );
  });

  it('masks a value quoted in an error message and keeps identifiers', async () => {
    const { officer } = await t.createStationTeam();
    jest.spyOn(OrganizationsRepository.prototype, 'insertContact').mockImplementation(async (_manager, c) => {
      const driverError = Object.assign(
        new Error(
          `invalid input syntax for type uuid: "${c.email}" in column "email" of relation "contacts"`,
        ),
        { code: 'XX000' },
      );
      throw new QueryFailedError('SELECT $1::uuid', [c.email], driverError);
    });
    const org = await t
      .http()
      .post('/api/v1/organizations')
      .set(bearer(officer))
      .send({ name: '株式会社ログ試験二', tier: 'B', municipality: '35208' })
      .expect(201);
    lines.length = 0;
    await t
      .http()
      .post(`/api/v1/organizations/${org.body.id}/contacts`)
      .set(bearer(officer))
      .send(contact)
      .expect(500);
    const error = lines.map((l) => JSON.parse(l)).find((e) => e.msg === 'unhandled error');
    expect(error.err.message).toBe(
      'invalid input syntax for type uuid: "…" in column "email" of relation "contacts"',
    );
    expect(lines.join('')).not.toContain('hanako.yamada');
  });
});
