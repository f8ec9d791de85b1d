import { bearer, TestApp, TestUser } from '../helpers/test-app';
import { createOrganization } from '../visits/factories';

describe('consultations (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.create();
  });
  afterAll(() => t.close());

  async function team() {
    const base = await t.createStationTeam();
    const organization = await createOrganization(t, base.station.id);
    return { ...base, organization };
  }
  const body = (organizationId: string, overrides: Record<string, unknown> = {}) => ({
    organizationId,
    receivedAt: '2025-08-01T09:30:00+09:00',
    category: 'targeted_email',
    summary: '取引先を装った標的型メールを受信した',
    handling: '添付ファイルを開かないよう指導',
    ...overrides,
  });
  const create = (user: TestUser, payload: object) =>
    t.http().post('/api/v1/consultations').set(bearer(user)).send(payload);
  const patch = (user: TestUser, id: string, payload: object) =>
    t.http().patch(`/api/v1/consultations/${id}`).set(bearer(user)).send(payload);

  it('records, escalates and closes a consultation, auditing each change', async () => {
    const { station, officer, hq, admin, organization } = await team();
    const created = await create(officer, body(organization.id)).expect(201);
    expect(created.body).toMatchObject({
      stationId: station.id,
      organizationId: organization.id,
      organizationName: organization.name,
      receivedAt: '2025-08-01T09:30:00+09:00',
      category: 'targeted_email',
      summary: '取引先を装った標的型メールを受信した',
      escalated: false,
      escalatedAt: null,
      status: 'open',
      closedAt: null,
      restricted: false,
      masked: false,
      createdBy: officer.id,
      version: 1,
    });
    const id = created.body.id;
    const escalated = await patch(officer, id, { version: 1, escalated: true }).expect(200);
    expect(escalated.body).toMatchObject({ escalated: true, escalatedAt: expect.any(String), version: 2 });
    const closed = await patch(officer, id, {
      version: 2,
      status: 'closed',
      handling: '本部へ報告済み',
    }).expect(200);
    expect(closed.body).toMatchObject({
      status: 'closed',
      closedAt: expect.any(String),
      handling: '本部へ報告済み',
    });
    const reopened = await patch(officer, id, { version: 3, status: 'open' }).expect(200);
    expect(reopened.body).toMatchObject({
      status: 'open',
      closedAt: null,
      escalatedAt: escalated.body.escalatedAt,
    });
    const stale = await patch(officer, id, { version: 1, summary: 'x' }).expect(409);
    expect(stale.body.code).toBe('consultation.stale_version');

    // hq and admin read, but do not write.
    await t.http().get(`/api/v1/consultations/${id}`).set(bearer(hq)).expect(200);
    await t.http().get(`/api/v1/consultations/${id}`).set(bearer(admin)).expect(200);
    await create(hq, body(organization.id)).expect(403);
    await patch(admin, id, { version: 4, summary: 'x' }).expect(403);

    const events = await t.auditEvents({ entityType: 'consultation', entityId: id });
    expect(events.map((e: { action: string }) => e.action)).toEqual([
      'consultation.create',
      'consultation.update',
      'consultation.update',
      'consultation.update',
    ]);
    expect(events[1].changes).toEqual({ escalated: { before: false, after: true } });
    expect(events[2].changes.status).toEqual({ before: 'open', after: 'closed' });
  });

  it('masks restricted consultations for officers (list and detail) and refuses their edits', async () => {
    const { officer, manager, hq, admin, organization } = await team();
    const { body: restricted } = await create(
      manager,
      body(organization.id, { restricted: true, category: 'tech_leak', summary: '研究者への不審な接触' }),
    ).expect(201);
    expect(restricted).toMatchObject({ restricted: true, masked: false, summary: '研究者への不審な接触' });
    const { body: plain } = await create(officer, body(organization.id)).expect(201);

    const detail = await t
      .http()
      .get(`/api/v1/consultations/${restricted.id}`)
      .set(bearer(officer))
      .expect(200);
    expect(detail.body).toMatchObject({
      id: restricted.id,
      category: 'tech_leak',
      restricted: true,
      masked: true,
      summary: null,
      handling: null,
    });
    const list = await t.http().get('/api/v1/consultations').set(bearer(officer)).expect(200);
    expect(list.body.total).toBe(2);
    const listed = list.body.items.find((c: { id: string }) => c.id === restricted.id);
    expect(listed).toMatchObject({ masked: true, summary: null, handling: null });
    expect(JSON.stringify(list.body)).not.toContain('研究者への不審な接触');
    expect(list.body.items.find((c: { id: string }) => c.id === plain.id).masked).toBe(false);

    const refused = await patch(officer, restricted.id, { version: 1, summary: '上書き' }).expect(403);
    expect(refused.body.code).toBe('consultation.restricted');
    for (const user of [manager, hq, admin]) {
      const res = await t.http().get(`/api/v1/consultations/${restricted.id}`).set(bearer(user)).expect(200);
      expect(res.body).toMatchObject({ masked: false, summary: '研究者への不審な接触' });
    }
    // An officer may restrict a record (then loses sight of its content).
    const made = await patch(officer, plain.id, { version: 1, restricted: true }).expect(200);
    expect(made.body).toMatchObject({ restricted: true, masked: true, summary: null });
    const [event] = await t.auditEvents({ entityId: plain.id, action: 'consultation.update' });
    expect(event.changes).toEqual({ restricted: { before: false, after: true } });
  });

  it('scopes consultations to the station (404) and filters the list', async () => {
    const { officer, manager, organization, station } = await team();
    const other = await team();
    const org2 = await createOrganization(t, station.id);
    const { body: a } = await create(officer, body(organization.id)).expect(201);
    const { body: b } = await create(
      officer,
      body(org2.id, { category: 'defacement', receivedAt: '2025-04-01T00:30:00+09:00', escalated: true }),
    ).expect(201);
    const { body: c } = await create(
      officer,
      body(organization.id, { status: 'closed', category: 'other' }),
    ).expect(201);
    expect(c.closedAt).toEqual(expect.any(String));
    expect(b.escalatedAt).toEqual(expect.any(String));

    await t.http().get(`/api/v1/consultations/${a.id}`).set(bearer(other.officer)).expect(404);
    await patch(other.manager, a.id, { version: 1, summary: 'x' }).expect(404);
    const otherList = await t.http().get('/api/v1/consultations').set(bearer(other.manager)).expect(200);
    expect(otherList.body.total).toBe(0);
    await t.http().get('/api/v1/consultations/not-a-uuid').set(bearer(officer)).expect(404);

    const ids = async (query: string) => {
      const res = await t.http().get(`/api/v1/consultations?${query}`).set(bearer(manager)).expect(200);
      return res.body.items.map((x: { id: string }) => x.id).sort();
    };
    expect(await ids('category=defacement')).toEqual([b.id]);
    expect(await ids('escalated=true')).toEqual([b.id]);
    expect(await ids('status=closed')).toEqual([c.id]);
    expect(await ids(`organizationId=${org2.id}`)).toEqual([b.id]);
    expect(await ids('from=2025-04-01&to=2025-04-01')).toEqual([b.id]);
    expect(await ids('to=2025-03-31')).toEqual([]);
    await t.http().get('/api/v1/consultations?escalated=yes').set(bearer(manager)).expect(400);
    await t.http().get('/api/v1/consultations?from=2025-02-30').set(bearer(manager)).expect(400);
  });

  it('rejects bad input with 400 and field details', async () => {
    const { officer, organization } = await team();
    const other = await team();
    const cases: [Record<string, unknown>, string][] = [
      [{ category: 'spam' }, 'category'],
      [{ receivedAt: '2099-01-01T10:00:00+09:00' }, 'receivedAt'],
      [{ receivedAt: 'yesterday' }, 'receivedAt'],
      [{ organizationId: other.organization.id }, 'organizationId'],
      [{ summary: '' }, 'summary'],
      [{ restricted: 'yes' }, 'restricted'],
      [{ secret: true }, 'secret'],
    ];
    for (const [override, field] of cases) {
      const res = await create(officer, body(organization.id, override));
      expect({ field, status: res.status }).toEqual({ field, status: 400 });
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    }
  });
});
