import { bearer, TestApp } from '../helpers/test-app';
import { createOrganization } from '../council/factories';

describe('partners and liaisons (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.create();
  });
  afterAll(() => t.close());

  const newPartner = (overrides: Record<string, unknown> = {}) => ({
    name: '岩国市 産業振興部 商工振興課',
    kind: 'municipality',
    department: '商工振興課',
    contactName: '山田 花子',
    phone: '0827-29-5000',
    email: 'shoko@example.jp',
    ...overrides,
  });

  it('lets hq create and edit prefecture-wide partners (audited, versioned), station users read their prefecture', async () => {
    const { officer, manager, hq, admin } = await t.createStationTeam();
    const created = await t.http().post('/api/v1/partners').set(bearer(hq)).send(newPartner()).expect(201);
    expect(created.body).toMatchObject({
      id: expect.any(String),
      prefectureCode: '35',
      name: '岩国市 産業振興部 商工振興課',
      kind: 'municipality',
      memberCount: 0,
      version: 1,
    });
    const other = await t
      .http()
      .post('/api/v1/partners')
      .set(bearer(admin))
      .send(newPartner({ name: '広島県 商工労働局', kind: 'prefecture', prefectureCode: '34' }))
      .expect(201);
    expect(other.body.prefectureCode).toBe('34');

    // Officers and managers may not edit a prefecture-wide partner (their own station's ones: partner-stations.e2e-spec.ts).
    await t
      .http()
      .patch(`/api/v1/partners/${created.body.id}`)
      .set(bearer(manager))
      .send({ version: 1, name: 'x' })
      .expect(403);

    // Search finds 岩国 in 岩国市 産業振興部 (spaces do not matter), prefecture-scoped for officers.
    const found = await t.http().get('/api/v1/partners?q=岩国市産業振興部').set(bearer(officer)).expect(200);
    expect(found.body.items.map((p: { id: string }) => p.id)).toContain(created.body.id);
    const all = await t.http().get('/api/v1/partners?pageSize=200').set(bearer(officer)).expect(200);
    expect(all.body.items.every((p: { prefectureCode: string }) => p.prefectureCode === '35')).toBe(true);
    await t.http().get(`/api/v1/partners/${other.body.id}`).set(bearer(officer)).expect(404);
    await t.http().get(`/api/v1/partners/${other.body.id}`).set(bearer(hq)).expect(200);
    const byKind = await t.http().get('/api/v1/partners?kind=prefecture').set(bearer(hq)).expect(200);
    expect(byKind.body.items.map((p: { id: string }) => p.id)).toEqual([other.body.id]);

    const updated = await t
      .http()
      .patch(`/api/v1/partners/${created.body.id}`)
      .set(bearer(hq))
      .send({ version: 1, contactName: '佐藤 一郎', phone: null })
      .expect(200);
    expect(updated.body).toMatchObject({ contactName: '佐藤 一郎', phone: null, version: 2 });
    const stale = await t
      .http()
      .patch(`/api/v1/partners/${created.body.id}`)
      .set(bearer(hq))
      .send({ version: 1, contactName: '古い' })
      .expect(409);
    expect(stale.body.currentVersion).toBe(2);

    await t
      .http()
      .patch(`/api/v1/partners/${created.body.id}`)
      .set(bearer(hq))
      .send({ version: 2, name: null })
      .expect(400);
    const events = await t.auditEvents({ entityType: 'partner', entityId: created.body.id });
    expect(events.map((e: { action: string }) => e.action)).toEqual(['partner.create', 'partner.update']);
    expect(events[1].changes.contactName).toEqual({ before: '山田 花子', after: '佐藤 一郎' });
  });

  it('rejects bad partner input with details', async () => {
    const { hq } = await t.createStationTeam();
    const res = await t
      .http()
      .post('/api/v1/partners')
      .set(bearer(hq))
      .send({ name: '', kind: 'club', email: 'not-an-email', extra: 1 })
      .expect(400);
    const fields = res.body.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['name', 'kind', 'email', 'extra']));
    await t.http().get('/api/v1/partners/not-a-uuid').set(bearer(hq)).expect(404);
    await t.http().get('/api/v1/partners?sort=nope').set(bearer(hq)).expect(400);
  });

  it('records liaisons per station; hq sees every station, another station sees none', async () => {
    const a = await t.createStationTeam();
    const b = await t.createStationTeam();
    const partner = await t
      .http()
      .post('/api/v1/partners')
      .set(bearer(a.hq))
      .send(newPartner({ name: '岩国商工会議所', kind: 'chamber' }))
      .expect(201);
    const url = `/api/v1/partners/${partner.body.id}/liaisons`;
    const liaison = await t
      .http()
      .post(url)
      .set(bearer(a.officer))
      .send({
        heldOn: '2023-05-15',
        ourAttendees: ['警備課長', '警備課 田中'],
        theirAttendees: ['事務局長'],
        subject: '会員企業向け情報提供の開催について',
        agreed: '7月の例会で技術流出防止の講話を行う',
        followUp: '資料を6月末までに送付',
        topics: ['leak_cases'],
      })
      .expect(201);
    expect(liaison.body).toMatchObject({
      partnerId: partner.body.id,
      partnerName: '岩国商工会議所',
      stationId: a.station.id,
      heldOn: '2023-05-15',
      ourAttendees: ['警備課長', '警備課 田中'],
      topics: ['leak_cases'],
      version: 1,
    });
    await t
      .http()
      .post(url)
      .set(bearer(b.manager))
      .send({ heldOn: '2023-06-01', ourAttendees: [], theirAttendees: [], subject: '柳井の打合せ' })
      .expect(201);

    const own = await t.http().get(url).set(bearer(a.manager)).expect(200);
    expect(own.body.items.map((l: { id: string }) => l.id)).toEqual([liaison.body.id]);
    const hqView = await t.http().get(url).set(bearer(a.hq)).expect(200);
    expect(hqView.body.total).toBe(2);
    await t.http().get(url).set(bearer(a.admin)).expect(403);
    await t
      .http()
      .post(url)
      .set(bearer(a.hq))
      .send({ heldOn: '2023-06-01', ourAttendees: [], theirAttendees: [], subject: 'x' })
      .expect(403);

    const bad = await t
      .http()
      .post(url)
      .set(bearer(a.officer))
      .send({
        heldOn: '2023-02-30',
        ourAttendees: 'x',
        theirAttendees: [],
        subject: 'x',
        topics: ['weather'],
      })
      .expect(400);
    expect(bad.body.details.map((d: { field: string }) => d.field)).toEqual(
      expect.arrayContaining(['heldOn', 'ourAttendees']),
    );
    const badTopic = await t
      .http()
      .post(url)
      .set(bearer(a.officer))
      .send({ heldOn: '2023-02-28', ourAttendees: [], theirAttendees: [], subject: 'x', topics: ['weather'] })
      .expect(400);
    expect(badTopic.body.details[0].field).toBe('topics');

    const events = await t.auditEvents({ entityType: 'liaison', entityId: liaison.body.id });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: 'liaison.create', station_id: a.station.id });
  });

  it('keeps network members: organizations of the station and partner agencies', async () => {
    const a = await t.createStationTeam();
    const b = await t.createStationTeam();
    const network = await t
      .http()
      .post('/api/v1/partners')
      .set(bearer(a.hq))
      .send({ name: '岩国地域サイバーセキュリティ連絡協議会', kind: 'network' })
      .expect(201);
    const chamber = await t
      .http()
      .post('/api/v1/partners')
      .set(bearer(a.hq))
      .send({ name: '岩国商工会議所', kind: 'chamber' })
      .expect(201);
    const orgA = await createOrganization(t, a.station.id, '岩国精密工業株式会社');
    const orgB = await createOrganization(t, b.station.id, '柳井化学株式会社');
    const url = `/api/v1/partners/${network.body.id}/members`;

    const m1 = await t.http().post(url).set(bearer(a.officer)).send({ organizationId: orgA.id }).expect(201);
    expect(m1.body).toMatchObject({ organizationId: orgA.id, organizationName: '岩国精密工業株式会社' });
    await t.http().post(url).set(bearer(a.officer)).send({ organizationId: orgA.id }).expect(409);
    const foreign = await t
      .http()
      .post(url)
      .set(bearer(a.officer))
      .send({ organizationId: orgB.id })
      .expect(400);
    expect(foreign.body.details[0].field).toBe('organizationId');
    await t.http().post(url).set(bearer(b.officer)).send({ organizationId: orgB.id }).expect(201);
    await t.http().post(url).set(bearer(a.hq)).send({ partnerId: chamber.body.id }).expect(201);
    await t.http().post(url).set(bearer(a.hq)).send({}).expect(400);
    await t
      .http()
      .post(`/api/v1/partners/${chamber.body.id}/members`)
      .set(bearer(a.hq))
      .send({ organizationId: orgA.id })
      .expect(400);

    // Station A sees its own organization and the partner, not station B's organization.
    const seenByA = await t.http().get(url).set(bearer(a.manager)).expect(200);
    expect(seenByA.body.items).toHaveLength(2);
    expect(seenByA.body.items.map((m: { organizationId: string | null }) => m.organizationId)).not.toContain(
      orgB.id,
    );
    const seenByHq = await t.http().get(url).set(bearer(a.hq)).expect(200);
    expect(seenByHq.body.items).toHaveLength(3);
    const net = await t.http().get(`/api/v1/partners/${network.body.id}`).set(bearer(a.hq)).expect(200);
    expect(net.body.memberCount).toBe(3);
    // A network with members keeps its kind.
    await t
      .http()
      .patch(`/api/v1/partners/${network.body.id}`)
      .set(bearer(a.hq))
      .send({ version: 1, kind: 'other' })
      .expect(400);
    const events = await t.auditEvents({ entityId: network.body.id, action: 'partner.member_add' });
    expect(events).toHaveLength(3);

    // Removing: station A may not remove station B's organization or a partner member (404), hq may.
    const orgBMember = seenByHq.body.items.find(
      (m: { organizationId: string | null }) => m.organizationId === orgB.id,
    );
    const partnerMember = seenByHq.body.items.find(
      (m: { partnerId: string | null }) => m.partnerId === chamber.body.id,
    );
    await t.http().delete(`${url}/${orgBMember.id}`).set(bearer(a.officer)).expect(404);
    await t.http().delete(`${url}/${partnerMember.id}`).set(bearer(a.officer)).expect(404);
    await t.http().delete(`${url}/${m1.body.id}`).set(bearer(a.officer)).expect(204);
    await t.http().delete(`${url}/${partnerMember.id}`).set(bearer(a.hq)).expect(204);
    await t.http().delete(`${url}/${partnerMember.id}`).set(bearer(a.hq)).expect(404);
    const left = await t.http().get(url).set(bearer(a.hq)).expect(200);
    expect(left.body.items.map((m: { organizationId: string | null }) => m.organizationId)).toEqual([
      orgB.id,
    ]);
    const removed = await t.auditEvents({ entityId: network.body.id, action: 'partner.member_remove' });
    expect(removed).toHaveLength(2);
  });
});
