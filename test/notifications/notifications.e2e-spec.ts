import { DataSource } from 'typeorm';
import { NotificationsService } from '../../apps/api/src/notifications/notifications.service';
import { bearer, TestApp, TestUser } from '../helpers/test-app';
import { createOrganization, visitBody } from '../visits/factories';

/**
 * Notifications (issue 13): who is told of each visit workflow step, that a notification is its
 * recipient's only (others: 404), read and read-all.
 */
describe('notifications (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.create();
  });
  afterAll(() => t.close());

  async function inbox(user: TestUser, query = '') {
    const res = await t.http().get(`/api/v1/notifications${query}`).set(bearer(user)).expect(200);
    return res.body as {
      items: {
        id: string;
        kind: string;
        title: string;
        link: { type: string; id: string };
        readAt: string | null;
      }[];
      unread: number;
    };
  }

  async function submittedVisit(officer: TestUser, stationId: string, orgName?: string) {
    const org = await createOrganization(t, stationId, orgName ? { name: orgName } : {});
    const created = await t
      .http()
      .post('/api/v1/visits')
      .set(bearer(officer))
      .send(visitBody(org.id, [officer.id]))
      .expect(201);
    const submitted = await t
      .http()
      .post(`/api/v1/visits/${created.body.id}/submit`)
      .set(bearer(officer))
      .send({ version: created.body.version })
      .expect(200);
    return { id: created.body.id as string, version: submitted.body.version as number, org };
  }

  it('submitted → the station’s managers; returned and approved → the visit’s officers; nobody else', async () => {
    const a = await t.createStationTeam();
    const b = await t.createStationTeam();
    const manager2 = await t.createUser('manager', a.station.id);
    const bystander = await t.createUser('officer', a.station.id);
    const disabledManager = await t.createUser('manager', a.station.id);
    await t.ds.query(`UPDATE users SET disabled = true WHERE id = $1`, [disabledManager.id]);

    const visit = await submittedVisit(a.officer, a.station.id, '株式会社ツウチ精工');

    for (const m of [a.manager, manager2]) {
      const box = await inbox(m);
      expect(box.unread).toBe(1);
      expect(box.items).toEqual([
        expect.objectContaining({
          kind: 'visit_submitted',
          link: { type: 'visit', id: visit.id },
          readAt: null,
          title: expect.stringContaining('株式会社ツウチ精工'),
        }),
      ]);
    }
    for (const u of [a.officer, bystander, b.manager, b.officer, a.hq, a.admin])
      expect((await inbox(u)).items).toHaveLength(0);
    const [{ n }] = await t.ds.query(`SELECT count(*)::int AS n FROM notifications WHERE recipient_id = $1`, [
      disabledManager.id,
    ]);
    expect(n).toBe(0);

    // returned → the officer (not the manager who returned it, not a bystander)
    const returned = await t
      .http()
      .post(`/api/v1/visits/${visit.id}/return`)
      .set(bearer(a.manager))
      .send({ version: visit.version, reason: '面談者の役職を追記してください' })
      .expect(200);
    const officerBox = await inbox(a.officer);
    expect(officerBox.items.map((i) => i.kind)).toEqual(['visit_returned']);
    expect(officerBox.items[0].link).toEqual({ type: 'visit', id: visit.id });
    expect(officerBox.items[0].title).not.toContain('面談者の役職'); // the reason stays in the record
    expect((await inbox(bystander)).items).toHaveLength(0);
    expect((await inbox(a.manager)).items.map((i) => i.kind)).toEqual(['visit_submitted']);

    // submitted again → managers again; approved → the officer
    const again = await t
      .http()
      .post(`/api/v1/visits/${visit.id}/submit`)
      .set(bearer(a.officer))
      .send({ version: returned.body.version })
      .expect(200);
    expect((await inbox(manager2)).items.map((i) => i.kind)).toEqual(['visit_submitted', 'visit_submitted']);
    await t
      .http()
      .post(`/api/v1/visits/${visit.id}/approve`)
      .set(bearer(a.manager))
      .send({ version: again.body.version })
      .expect(200);
    expect((await inbox(a.officer)).items.map((i) => i.kind)).toEqual(['visit_approved', 'visit_returned']);
    expect((await inbox(b.officer)).items).toHaveLength(0);
  });

  it('a visit approved through the bulk route tells its officers too; a failed item tells nobody', async () => {
    const a = await t.createStationTeam();
    const officer2 = await t.createUser('officer', a.station.id);
    const v1 = await submittedVisit(a.officer, a.station.id);
    const v2 = await submittedVisit(officer2, a.station.id);
    const res = await t
      .http()
      .post('/api/v1/visits/approve')
      .set(bearer(a.manager))
      .send({
        items: [
          { id: v1.id, version: v1.version },
          { id: v2.id, version: v2.version + 5 },
        ],
      })
      .expect((r) => expect([200, 201]).toContain(r.status));
    expect(res.body.approved).toEqual([v1.id]);
    expect((await inbox(a.officer)).items).toEqual([
      expect.objectContaining({ kind: 'visit_approved', link: { type: 'visit', id: v1.id } }),
    ]);
    expect((await inbox(officer2)).items).toHaveLength(0);
  });

  it('only the recipient sees and reads a notification; read, read-all and the unread count', async () => {
    const a = await t.createStationTeam();
    const b = await t.createStationTeam();
    const manager2 = await t.createUser('manager', a.station.id);
    await submittedVisit(a.officer, a.station.id);
    await submittedVisit(a.officer, a.station.id);
    await submittedVisit(a.officer, a.station.id);
    const box = await inbox(a.manager);
    expect(box.unread).toBe(3);
    const [first, second] = box.items;

    // another user — of the same station, another station, hq, admin — cannot read it: 404
    for (const other of [manager2, a.officer, b.manager, a.hq, a.admin]) {
      const res = await t
        .http()
        .post(`/api/v1/notifications/${first.id}/read`)
        .set(bearer(other))
        .expect(404);
      expect(res.body.code).toBe('notification.not_found');
    }
    expect((await inbox(manager2)).unread).toBe(3); // their own copies are untouched
    await t.http().post('/api/v1/notifications/not-a-uuid/read').set(bearer(a.manager)).expect(404);
    await t
      .http()
      .post('/api/v1/notifications/00000000-0000-0000-0000-000000000001/read')
      .set(bearer(a.manager))
      .expect(404);

    const read = await t
      .http()
      .post(`/api/v1/notifications/${first.id}/read`)
      .set(bearer(a.manager))
      .expect(200);
    expect(read.body).toEqual(expect.objectContaining({ id: first.id, readAt: expect.any(String) }));
    // reading again keeps the first time
    const again = await t
      .http()
      .post(`/api/v1/notifications/${first.id}/read`)
      .set(bearer(a.manager))
      .expect(200);
    expect(again.body.readAt).toBe(read.body.readAt);
    const after = await inbox(a.manager);
    expect(after.unread).toBe(2);
    expect(after.items.find((i) => i.id === first.id)?.readAt).toBe(read.body.readAt);
    expect((await inbox(a.manager, '?unreadOnly=true')).items.map((i) => i.id)).not.toContain(first.id);
    expect((await inbox(a.manager, '?limit=1')).items).toEqual([expect.objectContaining({ id: first.id })]);
    expect(second.id).not.toBe(first.id);
    await t.http().get('/api/v1/notifications?limit=0').set(bearer(a.manager)).expect(400);
    await t.http().get('/api/v1/notifications?unreadOnly=yes').set(bearer(a.manager)).expect(400);

    const all = await t.http().post('/api/v1/notifications/read-all').set(bearer(a.manager)).expect(200);
    expect(all.body).toEqual({ updated: 2, unread: 0 });
    expect((await inbox(a.manager)).items.every((i) => i.readAt !== null)).toBe(true);
    expect((await inbox(manager2)).unread).toBe(3); // read-all is the caller's own
    const none = await t.http().post('/api/v1/notifications/read-all').set(bearer(a.manager)).expect(200);
    expect(none.body).toEqual({ updated: 0, unread: 0 });

    const audit = await t.auditEvents({ entityType: 'notification', entityId: first.id });
    expect(audit.map((e: { action: string }) => e.action)).toEqual([
      'notification.read',
      'notification.read',
    ]);
    expect(await t.auditEvents({ action: 'notification.read_all' })).toHaveLength(1);
    await t.http().get('/api/v1/notifications').expect(401);
  });

  it('a notification is written in the visit’s transaction: a refused step notifies nobody', async () => {
    const a = await t.createStationTeam();
    const org = await createOrganization(t, a.station.id);
    const created = await t
      .http()
      .post('/api/v1/visits')
      .set(bearer(a.officer))
      .send(visitBody(org.id, [a.officer.id]))
      .expect(201);
    // stale version: 409, nothing written
    await t
      .http()
      .post(`/api/v1/visits/${created.body.id}/submit`)
      .set(bearer(a.officer))
      .send({ version: created.body.version + 1 })
      .expect(409);
    expect((await inbox(a.manager)).items).toHaveLength(0);
  });

  it('NotificationsService.notify joins the caller’s transaction: rolled back with it, kept when it commits', async () => {
    const a = await t.createStationTeam();
    const service = t.app.get(NotificationsService);
    const ds = t.app.get(DataSource);
    const input = {
      kind: 'visit_approved' as const,
      recipients: [a.officer.id, a.manager.id, a.officer.id],
      title: '決裁済み：テスト',
      link: { type: 'visit' as const, id: '00000000-0000-4000-8000-000000000123' },
      stationId: a.station.id,
      exclude: a.manager.id,
    };
    await expect(
      ds.transaction(async (tx) => {
        expect(await service.notify(tx, input)).toBe(1);
        throw new Error('the business write failed');
      }),
    ).rejects.toThrow('the business write failed');
    expect((await inbox(a.officer)).items).toHaveLength(0);
    expect(await ds.transaction((tx) => service.notify(tx, { ...input, dedupeKey: 'approved:123' }))).toBe(1);
    expect(await ds.transaction((tx) => service.notify(tx, { ...input, dedupeKey: 'approved:123' }))).toBe(0);
    expect((await inbox(a.officer)).items.map((i) => i.title)).toEqual(['決裁済み：テスト']);
    expect((await inbox(a.manager)).items).toHaveLength(0); // the one who acted
  });

  it('mail settings are the caller’s own', async () => {
    const a = await t.createStationTeam();
    const initial = await t.http().get('/api/v1/notifications/settings').set(bearer(a.officer)).expect(200);
    expect(initial.body).toEqual({ email: null, mailAvailable: false });
    await t
      .http()
      .put('/api/v1/notifications/settings')
      .set(bearer(a.officer))
      .send({ email: 'officer@example.jp' })
      .expect(200, { email: 'officer@example.jp', mailAvailable: false });
    const bad = await t
      .http()
      .put('/api/v1/notifications/settings')
      .set(bearer(a.officer))
      .send({ email: 'not an address' })
      .expect(400);
    expect(bad.body.code).toBe('notification.invalid_email');
    await t
      .http()
      .put('/api/v1/notifications/settings')
      .set(bearer(a.officer))
      .send({ email: 42 })
      .expect(400);
    await t.http().put('/api/v1/notifications/settings').set(bearer(a.officer)).send({}).expect(400);
    expect(
      (await t.http().get('/api/v1/notifications/settings').set(bearer(a.manager)).expect(200)).body.email,
    ).toBeNull();
    await t
      .http()
      .put('/api/v1/notifications/settings')
      .set(bearer(a.officer))
      .send({ email: null })
      .expect(200, { email: null, mailAvailable: false });
    const audit = await t.auditEvents({ action: 'notification_settings.update', entityId: a.officer.id });
    expect(audit).toHaveLength(2);
    expect(JSON.stringify(audit)).not.toContain('officer@example.jp');
  });
});
