import { randomBytes } from 'node:crypto';
import { bearer, TestApp } from '../helpers/test-app';

/** Issue 19, partners: a station's own partners, the duplicate warning, hq's merge. */
describe('station partners, duplicates and merge (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.create();
  });
  afterAll(() => t.close());

  const tag = () => randomBytes(3).toString('hex');
  const ids = (body: { items: { id: string }[] }) => body.items.map((p) => p.id);

  it("lets a station's officers and managers add and edit their own partners; the list says whose", async () => {
    const a = await t.createStationTeam();
    const b = await t.createStationTeam();
    const k = tag();
    const shared = await t
      .http()
      .post('/api/v1/partners')
      .set(bearer(a.hq))
      .send({ name: `山口県 商工労働部 ${k}`, kind: 'prefecture' })
      .expect(201);
    expect(shared.body).toMatchObject({ stationId: null, stationName: null, status: 'active' });

    // An officer's partner is the station's own, whatever stationId it names.
    const own = await t
      .http()
      .post('/api/v1/partners')
      .set(bearer(a.officer))
      .send({ name: `岩国市 産業振興部 商工振興課 ${k}`, kind: 'municipality', stationId: b.station.id })
      .expect(201);
    expect(own.body).toMatchObject({
      stationId: a.station.id,
      stationName: a.station.name,
      prefectureCode: '35',
    });
    const events = await t.auditEvents({ entityType: 'partner', entityId: own.body.id });
    expect(events).toMatchObject([{ action: 'partner.create', station_id: a.station.id }]);

    // Station A sees the prefecture-wide partner and its own; station B only the shared one.
    const listA = await t.http().get(`/api/v1/partners?q=${k}`).set(bearer(a.manager)).expect(200);
    expect(ids(listA.body).sort()).toEqual([shared.body.id, own.body.id].sort());
    const listB = await t.http().get(`/api/v1/partners?q=${k}`).set(bearer(b.officer)).expect(200);
    expect(ids(listB.body)).toEqual([shared.body.id]);
    await t.http().get(`/api/v1/partners/${own.body.id}`).set(bearer(b.officer)).expect(404);
    await t.http().get(`/api/v1/partners/${own.body.id}/liaisons`).set(bearer(b.officer)).expect(404);
    await t
      .http()
      .patch(`/api/v1/partners/${own.body.id}`)
      .set(bearer(b.manager))
      .send({ version: 1, phone: '0827-00-0000' })
      .expect(404);
    // hq sees every station's, and filters by owner.
    const hqList = await t.http().get(`/api/v1/partners?q=${k}&owner=station`).set(bearer(a.hq)).expect(200);
    expect(ids(hqList.body)).toEqual([own.body.id]);
    const hqShared = await t
      .http()
      .get(`/api/v1/partners?q=${k}&owner=prefecture`)
      .set(bearer(a.hq))
      .expect(200);
    expect(ids(hqShared.body)).toEqual([shared.body.id]);

    // The station edits its own; a prefecture-wide partner stays hq's.
    const edited = await t
      .http()
      .patch(`/api/v1/partners/${own.body.id}`)
      .set(bearer(a.manager))
      .send({ version: 1, contactName: '山田 花子' })
      .expect(200);
    expect(edited.body).toMatchObject({ contactName: '山田 花子', version: 2 });
    const refused = await t
      .http()
      .patch(`/api/v1/partners/${shared.body.id}`)
      .set(bearer(a.officer))
      .send({ version: 1, contactName: 'x' })
      .expect(403);
    expect(refused.body.code).toBe('partner.prefecture_wide');

    // hq may create a station's partner by naming the station.
    const forB = await t
      .http()
      .post('/api/v1/partners')
      .set(bearer(a.hq))
      .send({ name: `柳井市 商工観光課 ${k}`, kind: 'municipality', stationId: b.station.id })
      .expect(201);
    expect(forB.body.stationId).toBe(b.station.id);
    const unknown = await t
      .http()
      .post('/api/v1/partners')
      .set(bearer(a.hq))
      .send({ name: `x ${k}`, kind: 'other', stationId: '00000000-0000-4000-8000-000000000000' })
      .expect(400);
    expect(unknown.body.code).toBe('partner.unknown_station');
  });

  it('warns about likely duplicates by normalized name and department', async () => {
    const a = await t.createStationTeam();
    const b = await t.createStationTeam();
    const k = tag();
    const first = await t
      .http()
      .post('/api/v1/partners')
      .set(bearer(a.hq))
      .send({ name: `和木町 総務課${k}`, kind: 'municipality' })
      .expect(201);
    expect(first.body.possibleDuplicates).toBeUndefined();
    expect(first.body.normalizedName).toBe(`和木町総務課${k}`);
    const ofB = await t
      .http()
      .post('/api/v1/partners')
      .set(bearer(b.officer))
      .send({ name: `和木町総務課${k}`, kind: 'municipality' })
      .expect(201);
    expect(ofB.body.possibleDuplicates).toEqual([
      { id: first.body.id, name: `和木町 総務課${k}`, department: null, stationId: null },
    ]);
    // Name and department apart, full-width: the same key. Station B's own partner is not A's to see.
    const second = await t
      .http()
      .post('/api/v1/partners')
      .set(bearer(a.officer))
      .send({
        name: '和木町',
        department: `総務課${k}`.replace(/[0-9a-f]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)),
        kind: 'municipality',
      })
      .expect(201);
    expect(second.body.possibleDuplicates.map((d: { id: string }) => d.id)).toEqual([first.body.id]);
    const byHq = await t
      .http()
      .post('/api/v1/partners')
      .set(bearer(a.hq))
      .send({ name: `和木町\u3000総務課${k}`, kind: 'municipality' })
      .expect(201);
    expect(byHq.body.possibleDuplicates.map((d: { id: string }) => d.id).sort()).toEqual(
      [first.body.id, ofB.body.id, second.body.id].sort(),
    );
  });

  it('lets hq merge a duplicate: liaisons, network members and memberships, seminars move; audited', async () => {
    const a = await t.createStationTeam();
    const b = await t.createStationTeam();
    const k = tag();
    const post = (user: { token: string }, body: Record<string, unknown>) =>
      t.http().post('/api/v1/partners').set(bearer(user)).send(body).expect(201);
    const kept = (await post(a.hq, { name: `和木町 総務課 ${k}`, kind: 'municipality' })).body;
    const dup = (await post(a.officer, { name: `和木町総務課 ${k}`, kind: 'municipality' })).body;
    const network = (await post(a.hq, { name: `連絡協議会 ${k}`, kind: 'network' })).body;
    const other = (await post(a.hq, { name: `岩国商工会議所 ${k}`, kind: 'chamber' })).body;
    const ofB = (await post(b.officer, { name: `柳井市 ${k}`, kind: 'municipality' })).body;
    for (const partnerId of [dup.id, kept.id, other.id])
      await t
        .http()
        .post(`/api/v1/partners/${network.id}/members`)
        .set(bearer(a.hq))
        .send({ partnerId })
        .expect(201);
    const liaison = {
      heldOn: '2023-05-16',
      ourAttendees: ['警備課長'],
      theirAttendees: ['総務課長'],
      subject: `情報提供の連携 ${k}`,
    };
    for (let i = 0; i < 2; i++)
      await t
        .http()
        .post(`/api/v1/partners/${dup.id}/liaisons`)
        .set(bearer(a.officer))
        .send(liaison)
        .expect(201);
    await t
      .http()
      .post(`/api/v1/partners/${kept.id}/liaisons`)
      .set(bearer(a.officer))
      .send(liaison)
      .expect(201);
    const seminar = await t
      .http()
      .post('/api/v1/seminars')
      .set(bearer(a.officer))
      .send({
        title: `講話 ${k}`,
        kind: 'briefing',
        heldOn: '2023-06-01',
        venue: '和木町役場',
        speakers: [{ name: '警備課長' }],
        partnerIds: [dup.id],
      })
      .expect(201);
    const both = await t
      .http()
      .post('/api/v1/seminars')
      .set(bearer(a.officer))
      .send({
        title: `協議 ${k}`,
        kind: 'briefing',
        heldOn: '2023-06-02',
        venue: '和木町役場',
        speakers: [{ name: '警備課長' }],
        partnerIds: [dup.id, kept.id],
      })
      .expect(201);

    const merge = (user: { token: string }, id: string, body: Record<string, unknown>) =>
      t.http().post(`/api/v1/partners/${id}/merge`).set(bearer(user)).send(body);
    // Only hq/admin; same partner, another station's, stale versions refused with nothing changed.
    await merge(a.manager, dup.id, { intoId: kept.id, version: 1, intoVersion: 1 }).expect(403);
    await merge(a.officer, dup.id, { intoId: kept.id, version: 1, intoVersion: 1 }).expect(403);
    expect(
      (await merge(a.hq, dup.id, { intoId: dup.id, version: 1, intoVersion: 1 }).expect(400)).body.code,
    ).toBe('partner.merge_same');
    expect(
      (await merge(a.hq, dup.id, { intoId: ofB.id, version: 1, intoVersion: 1 }).expect(400)).body.code,
    ).toBe('partner.merge_scope');
    expect(
      (await merge(a.hq, kept.id, { intoId: dup.id, version: 1, intoVersion: 1 }).expect(400)).body.code,
    ).toBe('partner.merge_scope');
    await merge(a.hq, dup.id, { intoId: kept.id, version: 1, intoVersion: 7 }).expect(409);
    await merge(a.hq, dup.id, { intoId: kept.id }).expect(400);
    expect(
      (await t.http().get(`/api/v1/partners/${dup.id}`).set(bearer(a.hq)).expect(200)).body,
    ).toMatchObject({
      status: 'active',
      version: 1,
    });

    const res = await merge(a.hq, dup.id, { intoId: kept.id, version: 1, intoVersion: 1 }).expect(200);
    expect(res.body.moved).toEqual({
      liaisons: 2,
      networkMembers: 0,
      memberships: 0,
      seminars: 1,
      activities: 0,
      jointVisits: 0,
    });
    expect(res.body.partner).toMatchObject({ id: kept.id, status: 'active', version: 2 });
    expect(res.body.merged).toMatchObject({
      id: dup.id,
      status: 'archived',
      mergedIntoId: kept.id,
      version: 2,
    });

    // Reads after the merge.
    const liaisons = await t
      .http()
      .get(`/api/v1/partners/${kept.id}/liaisons`)
      .set(bearer(a.officer))
      .expect(200);
    expect(liaisons.body.total).toBe(3);
    const members = await t
      .http()
      .get(`/api/v1/partners/${network.id}/members`)
      .set(bearer(a.hq))
      .expect(200);
    expect(members.body.items.map((m: { partnerId: string }) => m.partnerId).sort()).toEqual(
      [kept.id, other.id].sort(),
    );
    const s1 = await t.http().get(`/api/v1/seminars/${seminar.body.id}`).set(bearer(a.officer)).expect(200);
    expect(s1.body.partnerIds).toEqual([kept.id]);
    const s2 = await t.http().get(`/api/v1/seminars/${both.body.id}`).set(bearer(a.officer)).expect(200);
    expect(s2.body.partnerIds).toEqual([kept.id]);
    const list = await t.http().get(`/api/v1/partners?q=${k}`).set(bearer(a.officer)).expect(200);
    expect(ids(list.body)).not.toContain(dup.id);
    const withArchived = await t
      .http()
      .get(`/api/v1/partners?q=${k}&includeArchived=true`)
      .set(bearer(a.hq))
      .expect(200);
    expect(ids(withArchived.body)).toContain(dup.id);
    // The archived one takes no more liaisons, edits or merges.
    await t
      .http()
      .post(`/api/v1/partners/${dup.id}/liaisons`)
      .set(bearer(a.officer))
      .send(liaison)
      .expect(409);
    await t
      .http()
      .patch(`/api/v1/partners/${dup.id}`)
      .set(bearer(a.officer))
      .send({ version: 2, phone: '1' })
      .expect(409);
    await merge(a.hq, dup.id, { intoId: kept.id, version: 2, intoVersion: 2 }).expect(409);

    const mergeEvents = await t.auditEvents({ entityType: 'partner', action: 'partner.merge' });
    expect(mergeEvents.filter((e: { entity_id: string }) => e.entity_id === kept.id)).toMatchObject([
      { changes: { mergedFromId: dup.id, moved: { liaisons: 2, seminars: 1 } } },
    ]);
    const archiveEvents = await t.auditEvents({
      entityType: 'partner',
      entityId: dup.id,
      action: 'partner.archive',
    });
    expect(archiveEvents).toMatchObject([{ station_id: a.station.id, changes: { mergedIntoId: kept.id } }]);
  });

  it("moves a merged network's members into the kept network, once each", async () => {
    const { hq } = await t.createStationTeam();
    const k = tag();
    const post = (body: Record<string, unknown>) =>
      t.http().post('/api/v1/partners').set(bearer(hq)).send(body).expect(201);
    const keptNet = (await post({ name: `ネットワーク ${k}`, kind: 'network' })).body;
    const dupNet = (await post({ name: `ネットワーク\u3000${k}`, kind: 'network' })).body;
    const plain = (await post({ name: `商工会 ${k}`, kind: 'chamber' })).body;
    const m1 = (await post({ name: `大学 ${k}`, kind: 'university' })).body;
    const m2 = (await post({ name: `市 ${k}`, kind: 'municipality' })).body;
    const add = (net: string, partnerId: string) =>
      t.http().post(`/api/v1/partners/${net}/members`).set(bearer(hq)).send({ partnerId }).expect(201);
    await add(keptNet.id, m1.id);
    await add(dupNet.id, m1.id);
    await add(dupNet.id, m2.id);
    await add(dupNet.id, keptNet.id);
    const intoPlain = await t
      .http()
      .post(`/api/v1/partners/${dupNet.id}/merge`)
      .set(bearer(hq))
      .send({ intoId: plain.id, version: 1, intoVersion: 1 })
      .expect(400);
    expect(intoPlain.body.code).toBe('partner.merge_network');
    const res = await t
      .http()
      .post(`/api/v1/partners/${dupNet.id}/merge`)
      .set(bearer(hq))
      .send({ intoId: keptNet.id, version: 1, intoVersion: 1 })
      .expect(200);
    expect(res.body.moved.networkMembers).toBe(1);
    expect(res.body.partner.memberCount).toBe(2);
    const members = await t.http().get(`/api/v1/partners/${keptNet.id}/members`).set(bearer(hq)).expect(200);
    expect(members.body.items.map((m: { partnerId: string }) => m.partnerId).sort()).toEqual(
      [m1.id, m2.id].sort(),
    );
  });
});
