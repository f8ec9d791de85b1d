import { bearer, TestApp } from '../helpers/test-app';
import { createContact, createOrganization, createSeminar, visitBody } from '../visits/factories';

describe('organization timeline (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.create();
  });
  afterAll(() => t.close());

  it('merges visits, seminars, consultations, contact and register changes, newest first and paged', async () => {
    const { station, officer, manager, hq, admin } = await t.createStationTeam();
    const officer2 = await t.createUser('officer', station.id);
    const organization = await createOrganization(t, station.id, { name: '旧名株式会社' });
    const elsewhere = await createOrganization(t, station.id);
    const contact = await createContact(t, organization, station.id, '総務課長 木村');
    const http = () => t.http();

    // Visits: one approved, one submitted, one draft of another officer (hidden from the others).
    const approved = (
      await http()
        .post('/api/v1/visits')
        .set(bearer(officer))
        .send(
          visitBody(organization.id, [officer.id], {
            visitedAt: '2025-06-21T10:00:00+09:00',
            attendees: [{ name: '技術部 高橋', role: 'employee', createContact: true }],
          }),
        )
        .expect(201)
    ).body;
    await http().post(`/api/v1/visits/${approved.id}/submit`).set(bearer(officer)).expect(200);
    await http().post(`/api/v1/visits/${approved.id}/approve`).set(bearer(manager)).expect(200);
    const submitted = (
      await http()
        .post('/api/v1/visits')
        .set(bearer(officer))
        .send(
          visitBody(organization.id, [officer.id], {
            visitedAt: '2025-05-01T14:00:00+09:00',
            format: 'phone',
            topics: ['export_control'],
          }),
        )
        .expect(201)
    ).body;
    await http().post(`/api/v1/visits/${submitted.id}/submit`).set(bearer(officer)).expect(200);
    const draft = (
      await http()
        .post('/api/v1/visits')
        .set(bearer(officer2))
        .send(visitBody(organization.id, [officer2.id], { visitedAt: '2025-06-01T10:00:00+09:00' }))
        .expect(201)
    ).body;
    await http()
      .post('/api/v1/visits')
      .set(bearer(officer))
      .send(visitBody(elsewhere.id, [officer.id]))
      .expect(201);

    // Seminar attendance (two entries of the organization: 2 + 1 people), and one it did not attend.
    const seminar = await createSeminar(
      t,
      station.id,
      officer.id,
      '2025-07-10',
      'サイバーセキュリティセミナー',
      [
        { organizationId: organization.id, attendeeCount: 2 },
        { organizationId: organization.id, attendeeCount: 1 },
        { organizationId: elsewhere.id, attendeeCount: 5 },
      ],
    );
    await createSeminar(t, station.id, officer.id, '2025-07-20', '別のセミナー', [
      { organizationId: elsewhere.id, attendeeCount: 4 },
    ]);

    // A restricted consultation (masked for officers).
    const consultation = (
      await http()
        .post('/api/v1/consultations')
        .set(bearer(manager))
        .send({
          organizationId: organization.id,
          receivedAt: '2025-08-01T09:00:00+09:00',
          category: 'targeted_email',
          summary: '役員宛ての標的型メール',
          restricted: true,
        })
        .expect(201)
    ).body;

    // Contact change and register changes, as the organizations feature records them.
    await t.ds.query(
      `INSERT INTO audit_events (occurred_at, action, entity_type, entity_id, station_id, changes)
       VALUES ('2025-10-01T12:00:00+09:00', 'contact.update', 'contact', $1, $2, $3)`,
      [contact.id, station.id, JSON.stringify({ title: { before: null, after: '総務課長' } })],
    );
    const [nameChange] = await t.ds.query(
      `INSERT INTO organization_changes (organization_id, station_id, changed_on, source, field, old_value, new_value)
       VALUES ($1, $2, '2025-09-01', 'register', 'name', '旧名株式会社', '新名株式会社') RETURNING id`,
      [organization.id, station.id],
    );
    await t.ds.query(
      `INSERT INTO organization_changes (organization_id, station_id, changed_on, source, field, old_value, new_value)
       VALUES ($1, $2, '2025-04-15', 'manual', 'status', 'active', 'closed')`,
      [organization.id, station.id],
    );

    const res = await http()
      .get(`/api/v1/organizations/${organization.id}/timeline`)
      .set(bearer(officer))
      .expect(200);
    expect(res.body).toMatchObject({ total: 8, page: 1, pageSize: 50 });
    const newContactId = approved.attendees[0].contactId;
    expect(
      res.body.items.map((e: { kind: string; date: string; summary: string; linkId: string }) => [
        e.kind,
        e.date,
        e.summary,
        e.linkId,
      ]),
    ).toEqual([
      ['contact_change', expect.any(String), '担当者 技術部 高橋 を追加しました', newContactId],
      ['contact_change', '2025-10-01', '担当者 総務課長 木村 の情報を更新しました', contact.id],
      [
        'organization_change',
        '2025-09-01',
        '名称が「旧名株式会社」から「新名株式会社」に変わりました（法人番号公表サイト）',
        nameChange.id,
      ],
      [
        'consultation',
        '2025-08-01',
        '標的型メールの相談を受けました。内容は閲覧制限です（対応中）',
        consultation.id,
      ],
      ['seminar', '2025-07-10', 'セミナー「サイバーセキュリティセミナー」に3名が参加しました', seminar.id],
      [
        'visit',
        '2025-06-21',
        expect.stringMatching(
          /^officer .+が訪問し、「技術流出事案の紹介」ほか1件について話しました（決裁済み）$/,
        ),
        approved.id,
      ],
      [
        'visit',
        '2025-05-01',
        expect.stringMatching(/^officer .+が電話で連絡し、「輸出管理」について話しました（決裁待ち）$/),
        submitted.id,
      ],
      ['organization_change', '2025-04-15', '状態が「活動中」から「閉鎖」に変わりました', expect.any(String)],
    ]);
    expect(res.body.items[5]).toMatchObject({
      status: 'approved',
      refId: approved.id,
      at: '2025-06-21T10:00:00+09:00',
    });
    expect(JSON.stringify(res.body)).not.toContain('役員宛て');

    // The draft's own officer sees it; managers see restricted content; hq sees no drafts.
    const own = await http()
      .get(`/api/v1/organizations/${organization.id}/timeline`)
      .set(bearer(officer2))
      .expect(200);
    expect(own.body.total).toBe(9);
    expect(own.body.items.some((e: { linkId: string }) => e.linkId === draft.id)).toBe(true);
    const mgr = await http()
      .get(`/api/v1/organizations/${organization.id}/timeline`)
      .set(bearer(manager))
      .expect(200);
    expect(mgr.body.items[3].summary).toBe(
      '標的型メールの相談を受けました: 役員宛ての標的型メール（対応中）',
    );
    const hqView = await http()
      .get(`/api/v1/organizations/${organization.id}/timeline`)
      .set(bearer(hq))
      .expect(200);
    expect(hqView.body.total).toBe(8);
    // hq reads the visits without the station's staff names
    expect(JSON.stringify(hqView.body)).not.toMatch(/officer officer_/);
    expect(hqView.body.items.some((e: { summary: string }) => e.summary.startsWith('担当者が訪問し'))).toBe(
      true,
    );

    // Paging, oldest-first, and past the end.
    const page2 = await http()
      .get(`/api/v1/organizations/${organization.id}/timeline?page=2&pageSize=3`)
      .set(bearer(officer))
      .expect(200);
    expect(page2.body).toMatchObject({ total: 8, page: 2, pageSize: 3 });
    expect(page2.body.items.map((e: { linkId: string }) => e.linkId)).toEqual(
      res.body.items.slice(3, 6).map((e: { linkId: string }) => e.linkId),
    );
    const oldest = await http()
      .get(`/api/v1/organizations/${organization.id}/timeline?sort=date&pageSize=1`)
      .set(bearer(officer))
      .expect(200);
    expect(oldest.body.items[0].kind).toBe('organization_change');
    const beyond = await http()
      .get(`/api/v1/organizations/${organization.id}/timeline?page=5&pageSize=3`)
      .set(bearer(officer))
      .expect(200);
    expect(beyond.body).toMatchObject({ items: [], total: 8 });
    await http()
      .get(`/api/v1/organizations/${organization.id}/timeline?pageSize=500`)
      .set(bearer(officer))
      .expect(400);
    await http()
      .get(`/api/v1/organizations/${organization.id}/timeline?sort=name`)
      .set(bearer(officer))
      .expect(400);
    await http().get(`/api/v1/organizations/${organization.id}/timeline`).set(bearer(admin)).expect(403);
  });

  it('tells a merge by the merged record’s name, not its id', async () => {
    const a = await t.createStationTeam();
    const organization = await createOrganization(t, a.station.id);
    await t.ds.query(
      `INSERT INTO organization_changes (organization_id, station_id, changed_on, source, field, old_value, new_value)
       VALUES ($1, $2, '2025-09-01', 'manual', 'mergedFrom', '株式会社 岩国精密', gen_random_uuid()::text)`,
      [organization.id, a.station.id],
    );
    const res = await t
      .http()
      .get(`/api/v1/organizations/${organization.id}/timeline`)
      .set(bearer(a.officer))
      .expect(200);
    expect(res.body.items[0].summary).toBe('「株式会社 岩国精密」をこの記録に統合しました');
  });

  it('answers 404 for another station’s organization and for unknown ids', async () => {
    const a = await t.createStationTeam();
    const b = await t.createStationTeam();
    const organization = await createOrganization(t, a.station.id);
    await t
      .http()
      .get(`/api/v1/organizations/${organization.id}/timeline`)
      .set(bearer(b.officer))
      .expect(404);
    await t
      .http()
      .get(`/api/v1/organizations/${organization.id}/timeline`)
      .set(bearer(b.manager))
      .expect(404);
    await t
      .http()
      .get('/api/v1/organizations/00000000-0000-4000-8000-000000000000/timeline')
      .set(bearer(a.officer))
      .expect(404);
    await t.http().get('/api/v1/organizations/nope/timeline').set(bearer(a.officer)).expect(404);
    const empty = await t
      .http()
      .get(`/api/v1/organizations/${organization.id}/timeline`)
      .set(bearer(a.officer))
      .expect(200);
    expect(empty.body).toEqual({ items: [], total: 0, page: 1, pageSize: 50 });
  });

  it('stays one query for a long history', async () => {
    const { station, officer, manager } = await t.createStationTeam();
    const organization = await createOrganization(t, station.id);
    await t.ds.query(
      `INSERT INTO visits (station_id, organization_id, visited_at, visited_on, format, topics, status, created_by,
                           submitted_at, approved_at, approved_by)
       SELECT $1, $2, ts, ((ts AT TIME ZONE 'UTC') + interval '9 hours')::date, 'on_site', '{cyber_trends}', 'approved',
              $3, ts, ts, $4
         FROM (SELECT timestamptz '2020-01-01T10:00:00+09:00' + g * interval '1 day' AS ts
                 FROM generate_series(0, 1999) g) s`,
      [station.id, organization.id, officer.id, manager.id],
    );
    const started = Date.now();
    const res = await t
      .http()
      .get(`/api/v1/organizations/${organization.id}/timeline?page=10&pageSize=100`)
      .set(bearer(officer))
      .expect(200);
    const elapsed = Date.now() - started;
    expect(res.body.total).toBe(2000);
    expect(res.body.items).toHaveLength(100);
    expect(res.body.items[0].summary).toBe(
      '担当者が訪問し、「サイバー攻撃の情勢」について話しました（決裁済み）',
    );
    expect(elapsed).toBeLessThan(2000);
  });
});
