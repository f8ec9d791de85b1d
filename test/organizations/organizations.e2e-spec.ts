import { seedOrganizationsDemo } from '../../apps/api/src/organizations/organizations.demo';
import { withCorporateNumberCheckDigit } from '../../libs/japanese/corporate-number';
import { bearer, TestApp, TestUser } from '../helpers/test-app';

type Team = Awaited<ReturnType<TestApp['createStationTeam']>>;

const corp = (base: string) => withCorporateNumberCheckDigit(base);
/** A corporate number with a wrong check digit. */
const badCorp = (base: string) => `${(Number(corp(base)[0]) % 9) + 1}${base}`;

describe('organizations (e2e)', () => {
  let t: TestApp;
  let team: Team;
  let other: Team;

  beforeAll(async () => {
    t = await TestApp.create();
    team = await t.createStationTeam();
    other = await t.createStationTeam();
  });
  afterAll(() => t.close());

  const create = (user: TestUser, body: Record<string, unknown>) =>
    t.http().post('/api/v1/organizations').set(bearer(user)).send(body);
  const list = (user: TestUser, query: Record<string, string | number>) =>
    t.http().get('/api/v1/organizations').set(bearer(user)).query(query);

  it('creates, reads, updates and archives an organization, auditing each change', async () => {
    const created = await create(team.officer, {
      name: '株式会社岩国精密',
      nameKana: 'いわくにせいみつ',
      corporateNumber: corp('100000000001'),
      legalForm: 'kabushiki',
      sector: 'advanced_tech',
      technologies: ['精密加工'],
      tier: 'A',
      municipality: '35208',
      address: '山口県岩国市装束町1-1',
      postalCode: '740-0002',
      exportControlRelevant: true,
      consultationDesk: 'planned',
    }).expect(201);
    expect(created.body).toMatchObject({
      stationId: team.station.id,
      name: '株式会社岩国精密',
      nameKana: 'イワクニセイミツ',
      tier: 'A',
      municipality: '35208',
      municipalityName: '岩国市',
      postalCode: '7400002',
      status: 'active',
      lastReachedOn: null,
      nextDueOn: null,
      coverage: 'never',
      version: 1,
    });
    expect(created.body.possibleDuplicates).toBeUndefined();
    const id = created.body.id;

    const got = await t.http().get(`/api/v1/organizations/${id}`).set(bearer(team.manager)).expect(200);
    expect(got.body.corporateNumber).toBe(corp('100000000001'));

    const patched = await t
      .http()
      .patch(`/api/v1/organizations/${id}`)
      .set(bearer(team.officer))
      .send({ version: 1, name: '株式会社岩国精密工業', address: '山口県岩国市装束町2-2', status: 'closed' })
      .expect(200);
    expect(patched.body).toMatchObject({ name: '株式会社岩国精密工業', status: 'closed', version: 2 });
    expect(patched.body.closedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    // Closed organizations stay in the list, marked.
    const closed = await list(team.officer, { q: '精密工業' }).expect(200);
    expect(closed.body.items.map((o: { id: string; status: string }) => [o.id, o.status])).toEqual([
      [id, 'closed'],
    ]);

    const history = await t.ds.query(
      `SELECT field, old_value, new_value, source FROM organization_changes WHERE organization_id = $1 ORDER BY field`,
      [id],
    );
    expect(history).toEqual([
      {
        field: 'address',
        old_value: '山口県岩国市装束町1-1',
        new_value: '山口県岩国市装束町2-2',
        source: 'manual',
      },
      { field: 'name', old_value: '株式会社岩国精密', new_value: '株式会社岩国精密工業', source: 'manual' },
      { field: 'status', old_value: 'active', new_value: 'closed', source: 'manual' },
    ]);

    await t.http().delete(`/api/v1/organizations/${id}`).set(bearer(team.officer)).expect(204);
    const archived = await t.http().get(`/api/v1/organizations/${id}`).set(bearer(team.officer)).expect(200);
    expect(archived.body.status).toBe('archived');
    expect(archived.body.archivedAt).toEqual(expect.any(String));
    const defaultList = await list(team.officer, { q: '精密工業' }).expect(200);
    expect(defaultList.body.items).toEqual([]);
    const archivedList = await list(team.officer, { q: '精密工業', status: 'archived' }).expect(200);
    expect(archivedList.body.items.map((o: { id: string }) => o.id)).toEqual([id]);

    const events = await t.auditEvents({ entityType: 'organization', entityId: id });
    expect(events.map((e: { action: string }) => e.action)).toEqual([
      'organization.create',
      'organization.update',
      'organization.archive',
    ]);
    expect(events[1].changes.name).toEqual({ before: '株式会社岩国精密', after: '株式会社岩国精密工業' });
    expect(events[0].actor_id).toBe(team.officer.id);
  });

  it('rejects bad input with field messages and unknown fields', async () => {
    const res = await create(team.officer, {
      name: '検証株式会社',
      corporateNumber: badCorp('100000000002'),
      nameKana: '検証',
      postalCode: '740-00',
      tier: 'D',
      municipality: '3520',
      bogus: 1,
    }).expect(400);
    const fields = res.body.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(
      expect.arrayContaining(['corporateNumber', 'nameKana', 'postalCode', 'tier', 'municipality', 'bogus']),
    );
    const message = (field: string) =>
      res.body.details.find((d: { field: string; message: string }) => d.field === field).message;
    expect(message('corporateNumber')).toContain('チェックデジット');
    expect(message('nameKana')).toContain('カタカナ');
    expect(message('bogus')).toContain('unknown field');

    const short = await create(team.officer, { name: 'X', corporateNumber: '12345' }).expect(400);
    expect(short.body.details).toEqual([
      { field: 'corporateNumber', message: expect.stringContaining('13桁') },
    ]);

    const sector = await create(team.officer, { name: 'X', sector: 'space_mining' }).expect(400);
    expect(sector.body.details).toEqual([
      { field: 'sector', message: expect.stringContaining('space_mining') },
    ]);
    const legalForm = await create(team.officer, { name: 'X', legalForm: 'zaibatsu' }).expect(400);
    expect(legalForm.body.details[0].field).toBe('legalForm');

    // 柳井市 is not in this station's area.
    const area = await create(team.officer, { name: 'X', municipality: '35212' }).expect(400);
    expect(area.body.details).toEqual([{ field: 'municipality', message: expect.stringContaining('35212') }]);

    // Half-width kana and full-width digits are normalized.
    const ok = await create(team.officer, {
      name: 'ｶﾀｶﾅ商事',
      nameKana: 'ｶﾀｶﾅｼｮｳｼﾞ',
      corporateNumber: corp('100000000003').replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d))),
      postalCode: '７４００００３',
    }).expect(201);
    expect(ok.body).toMatchObject({
      nameKana: 'カタカナショウジ',
      corporateNumber: corp('100000000003'),
      postalCode: '7400003',
    });
    await t.http().get('/api/v1/organizations').query({ tier: 'Z' }).set(bearer(team.officer)).expect(400);
    await t
      .http()
      .get('/api/v1/organizations')
      .query({ sort: 'password' })
      .set(bearer(team.officer))
      .expect(400);
  });

  it('answers 409 for a duplicate corporate number, naming the existing record', async () => {
    const first = await create(team.officer, {
      name: '重複テスト株式会社',
      corporateNumber: corp('100000000004'),
    }).expect(201);
    const dup = await create(team.manager, {
      name: '別名株式会社',
      corporateNumber: corp('100000000004'),
    }).expect(409);
    expect(dup.body).toMatchObject({
      statusCode: 409,
      code: 'organization.duplicate_corporate_number',
      existingId: first.body.id,
      existingName: '重複テスト株式会社',
    });
    // Another station may register the same firm.
    await create(other.officer, { name: '重複テスト株式会社', corporateNumber: corp('100000000004') }).expect(
      201,
    );
    // A PATCH onto an existing number is a conflict too.
    const second = await create(team.officer, { name: '二番目株式会社' }).expect(201);
    await t
      .http()
      .patch(`/api/v1/organizations/${second.body.id}`)
      .set(bearer(team.officer))
      .send({ version: 1, corporateNumber: corp('100000000004') })
      .expect(409);
  });

  it('flags likely duplicates of manual entries without a corporate number', async () => {
    const first = await create(team.officer, { name: '株式会社ダブリ電子' }).expect(201);
    expect(first.body.possibleDuplicates).toBeUndefined();
    const second = await create(team.officer, { name: 'ダブリ電子（株）' }).expect(201);
    expect(second.body.possibleDuplicates).toEqual([{ id: first.body.id, name: '株式会社ダブリ電子' }]);
  });

  it('rejects a stale version with 409 and changes nothing', async () => {
    const org = await create(team.officer, { name: '版管理株式会社' }).expect(201);
    await t
      .http()
      .patch(`/api/v1/organizations/${org.body.id}`)
      .set(bearer(team.officer))
      .send({ version: 1, tier: 'B' })
      .expect(200);
    const stale = await t
      .http()
      .patch(`/api/v1/organizations/${org.body.id}`)
      .set(bearer(team.manager))
      .send({ version: 1, tier: 'A', name: '上書き' })
      .expect(409);
    expect(stale.body.currentVersion).toBe(2);
    const now = await t
      .http()
      .get(`/api/v1/organizations/${org.body.id}`)
      .set(bearer(team.officer))
      .expect(200);
    expect(now.body).toMatchObject({ tier: 'B', name: '版管理株式会社', version: 2 });
  });

  it('keeps stations apart: 404 for another station, hq reads all, admin reads, writers only', async () => {
    const mine = await create(team.officer, { name: '管内限定株式会社' }).expect(201);
    const id = mine.body.id;
    await t.http().get(`/api/v1/organizations/${id}`).set(bearer(other.officer)).expect(404);
    await t
      .http()
      .patch(`/api/v1/organizations/${id}`)
      .set(bearer(other.manager))
      .send({ version: 1, tier: 'A' })
      .expect(404);
    await t.http().delete(`/api/v1/organizations/${id}`).set(bearer(other.officer)).expect(404);
    const otherList = await list(other.officer, { q: '管内限定' }).expect(200);
    expect(otherList.body.items).toEqual([]);
    // An officer asking for another station's list still sees only their own station.
    const spoof = await list(other.officer, { q: '管内限定', stationId: team.station.id }).expect(200);
    expect(spoof.body.items).toEqual([]);

    await t.http().get(`/api/v1/organizations/${id}`).set(bearer(team.hq)).expect(200);
    const hqAll = await list(team.hq, { q: '管内限定' }).expect(200);
    expect(hqAll.body.items.map((o: { id: string }) => o.id)).toContain(id);
    const hqOther = await list(team.hq, { q: '管内限定', stationId: other.station.id }).expect(200);
    expect(hqOther.body.items).toEqual([]);
    await t.http().get(`/api/v1/organizations/${id}`).set(bearer(team.admin)).expect(200);

    await create(team.hq, { name: '本部登録' }).expect(403);
    await create(team.admin, { name: '管理者登録' }).expect(403);
    await t.http().patch(`/api/v1/organizations/${id}`).set(bearer(team.hq)).send({ version: 1 }).expect(403);
    await t.http().delete(`/api/v1/organizations/${id}`).set(bearer(team.admin)).expect(403);
    await t.http().get('/api/v1/organizations/not-a-uuid').set(bearer(team.officer)).expect(404);
    await t.http().get('/api/v1/organizations').expect(401);
  });

  describe('search', () => {
    let station: Team;
    const names: Record<string, string> = {};
    beforeAll(async () => {
      station = await t.createStationTeam();
      const orgs: Record<string, unknown>[] = [
        { name: '岩国市産業振興部', nameKana: 'イワクニシサンギョウシンコウブ' },
        { name: '株式会社岩国精密', nameKana: 'イワクニセイミツ', corporateNumber: corp('200000000001') },
        { name: 'ABCテクノロジー株式会社', nameKana: 'エービーシーテクノロジー' },
        { name: '西岩国電子', nameKana: 'ニシイワクニデンシ', address: '山口県岩国市' },
        { name: '和木化学株式会社', nameKana: 'ワキカガク', address: '山口県玖珂郡和木町' },
        { name: '100%化学', nameKana: 'ヒャクパーセントカガク' },
      ];
      for (const o of orgs) {
        const res = await create(station.officer, o).expect(201);
        names[res.body.id] = o.name as string;
      }
    });
    const find = async (q: string) => {
      const res = await list(station.officer, { q }).expect(200);
      return res.body.items.map((o: { name: string }) => o.name);
    };

    it('normalizes kana, width and case', async () => {
      expect(await find('いわくにせいみつ')).toEqual(['株式会社岩国精密']);
      expect(await find('ｲﾜｸﾆｾｲﾐﾂ')).toEqual(['株式会社岩国精密']);
      expect(await find('ＡＢＣ')).toEqual(['ABCテクノロジー株式会社']);
      expect(await find('abc')).toEqual(['ABCテクノロジー株式会社']);
      expect(await find('ｱﾌﾞｿﾘｭｰﾄ')).toEqual([]);
    });

    it('finds one- and two-character queries, name prefixes first then by reading', async () => {
      // 岩国: prefix of 岩国市… and (without legal form) of 岩国精密 first, then 西岩国電子.
      expect(await find('岩国')).toEqual(['岩国市産業振興部', '株式会社岩国精密', '西岩国電子']);
      expect(await find('岩')).toEqual(['岩国市産業振興部', '株式会社岩国精密', '西岩国電子']);
      expect(await find('和木')).toEqual(['和木化学株式会社']);
      expect(await find('化')).toEqual(['100%化学', '和木化学株式会社']);
      expect(await find('岩国市産業')).toEqual(['岩国市産業振興部']);
      expect(await find('100%')).toEqual(['100%化学']);
      expect(await find('%')).toEqual(['100%化学']);
      expect(await find('_')).toEqual([]);
    });

    it('finds by corporate number and by address', async () => {
      expect(await find(corp('200000000001'))).toEqual(['株式会社岩国精密']);
      expect(await find('玖珂郡')).toEqual(['和木化学株式会社']);
    });

    it('pages, sorts and counts', async () => {
      const page = await list(station.officer, { q: '岩国', pageSize: 2, page: 2 }).expect(200);
      expect(page.body).toMatchObject({ total: 3, page: 2, pageSize: 2 });
      expect(page.body.items.map((o: { name: string }) => o.name)).toEqual(['西岩国電子']);
      expect(page.body.totalCapped).toBeUndefined();
      const sorted = await list(station.officer, { sort: '-nameKana' }).expect(200);
      expect(sorted.body.items[0].name).toBe('和木化学株式会社');
      expect(sorted.body.total).toBe(6);
      // List items never embed contacts.
      expect(sorted.body.items[0].contacts).toBeUndefined();
    });
  });

  it('caps the total at 10,000', async () => {
    const station = await t.createStationTeam();
    await t.ds.query(
      `INSERT INTO organizations (station_id, name, search_text, normalized_name, sort_key)
       SELECT $1, '大量' || g, '大量' || g, '大量' || g, '大量' || lpad(g::text, 6, '0') FROM generate_series(1, 10050) g`,
      [station.station.id],
    );
    const res = await list(station.officer, { q: '大量', pageSize: 5 }).expect(200);
    expect(res.body).toMatchObject({ total: 10000, totalCapped: true });
    expect(res.body.items).toHaveLength(5);
    const one = await list(station.officer, { q: '大量10050' }).expect(200);
    expect(one.body).toMatchObject({ total: 1 });
  });

  it('computes lastReachedOn, nextDueOn and the coverage filter from approved visits', async () => {
    const station = await t.createStationTeam();
    const mk = async (name: string, tier: string) =>
      (await create(station.officer, { name, tier }).expect(201)).body.id as string;
    const reached = await mk('到達済株式会社', 'A');
    const overdue = await mk('期限切れ株式会社', 'A');
    const never = await mk('未訪問株式会社', 'C');
    const visit = (orgId: string, daysAgo: number, status = 'approved') =>
      t.ds.query(
        `INSERT INTO visits (station_id, organization_id, visited_at, visited_on, format, status, created_by, approved_at)
         VALUES ($1, $2, now() - make_interval(days => $3), ((now() AT TIME ZONE 'Asia/Tokyo')::date - $3::int), 'on_site', $4::text, $5,
                 CASE WHEN $4::text = 'approved' THEN now() END)`,
        [station.station.id, orgId, daysAgo, status, station.officer.id],
      );
    await visit(reached, 10);
    await visit(overdue, 400);
    await visit(never, 5, 'draft');
    const get = async (id: string) =>
      (await t.http().get(`/api/v1/organizations/${id}`).set(bearer(station.officer)).expect(200)).body;
    const r = await get(reached);
    expect(r.coverage).toBe('reached');
    const dayMs = 86_400_000;
    expect(Date.parse(r.nextDueOn) - Date.parse(r.lastReachedOn)).toBe(180 * dayMs);
    expect((await get(overdue)).coverage).toBe('overdue');
    expect(await get(never)).toMatchObject({ coverage: 'never', lastReachedOn: null, nextDueOn: null });
    const ids = async (coverage: string) =>
      (await list(station.officer, { coverage }).expect(200)).body.items.map((o: { id: string }) => o.id);
    expect(await ids('reached')).toEqual([reached]);
    expect(await ids('overdue')).toEqual([overdue]);
    expect(await ids('never')).toEqual([never]);
    const filtered = await list(station.officer, { tier: 'C', municipality: '35208' }).expect(200);
    expect(filtered.body.items).toEqual([]);
  });

  it('merges two organizations: references move, source archived, audited', async () => {
    const station = await t.createStationTeam();
    const target = (await create(station.officer, { name: '統合先株式会社' }).expect(201)).body;
    const source = (await create(station.officer, { name: '統合先（株）' }).expect(201)).body;
    expect(source.possibleDuplicates).toEqual([{ id: target.id, name: '統合先株式会社' }]);
    await t.ds.query(
      `INSERT INTO visits (station_id, organization_id, visited_at, visited_on, format, status, created_by, approved_at)
       VALUES ($1, $2, now(), (now() AT TIME ZONE 'Asia/Tokyo')::date, 'on_site', 'approved', $3, now())`,
      [station.station.id, source.id, station.officer.id],
    );
    await t
      .http()
      .post(`/api/v1/organizations/${source.id}/contacts`)
      .set(bearer(station.officer))
      .send({ name: '移動 太郎' })
      .expect(201);

    await t
      .http()
      .post(`/api/v1/organizations/${target.id}/merge`)
      .set(bearer(station.officer))
      .send({ sourceId: source.id, version: 1 })
      .expect(403);
    await t
      .http()
      .post(`/api/v1/organizations/${target.id}/merge`)
      .set(bearer(other.manager))
      .send({ sourceId: source.id, version: 1 })
      .expect(404);
    await t
      .http()
      .post(`/api/v1/organizations/${target.id}/merge`)
      .set(bearer(station.manager))
      .send({ sourceId: source.id, version: 9 })
      .expect(409);
    const merged = await t
      .http()
      .post(`/api/v1/organizations/${target.id}/merge`)
      .set(bearer(station.manager))
      .send({ sourceId: source.id, version: 1 })
      .expect(200);
    expect(merged.body.moved).toMatchObject({ visits: 1, contacts: 1 });
    expect(merged.body.organization).toMatchObject({ id: target.id, version: 2, coverage: 'reached' });
    const src = await t
      .http()
      .get(`/api/v1/organizations/${source.id}`)
      .set(bearer(station.officer))
      .expect(200);
    expect(src.body).toMatchObject({ status: 'archived', mergedIntoId: target.id });
    const contacts = await t
      .http()
      .get(`/api/v1/organizations/${target.id}/contacts`)
      .set(bearer(station.officer))
      .expect(200);
    expect(contacts.body.items.map((c: { name: string }) => c.name)).toEqual(['移動 太郎']);
    const events = await t.auditEvents({ action: 'organization.merge', entityId: target.id });
    expect(events).toHaveLength(1);
    expect(events[0].changes).toMatchObject({ sourceId: source.id, moved: { visits: 1, contacts: 1 } });
    // Merging an archived organization again is refused.
    await t
      .http()
      .post(`/api/v1/organizations/${target.id}/merge`)
      .set(bearer(station.manager))
      .send({ sourceId: source.id, version: 2 })
      .expect(400);
    await t
      .http()
      .post(`/api/v1/organizations/${target.id}/merge`)
      .set(bearer(station.manager))
      .send({ sourceId: target.id, version: 2 })
      .expect(400);
  });

  it('contacts: station users and hq only, audited, versioned, archived on delete', async () => {
    const org = (await create(team.officer, { name: '連絡先テスト株式会社' }).expect(201)).body;
    const path = `/api/v1/organizations/${org.id}/contacts`;
    const created = await t
      .http()
      .post(path)
      .set(bearer(team.officer))
      .send({
        name: '山田 太郎',
        nameKana: 'やまだ　たろう',
        title: '総務部長',
        role: 'manager',
        phone: '0827-00-0000',
        email: 'yamada@example.jp',
      })
      .expect(201);
    expect(created.body).toMatchObject({
      organizationId: org.id,
      nameKana: 'ヤマダ タロウ',
      role: 'manager',
      version: 1,
    });
    const bad = await t
      .http()
      .post(path)
      .set(bearer(team.officer))
      .send({ name: '', email: 'nope', role: 'boss' })
      .expect(400);
    expect(bad.body.details.map((d: { field: string }) => d.field)).toEqual(
      expect.arrayContaining(['name', 'email', 'role']),
    );

    await t.http().get(path).set(bearer(team.admin)).expect(403);
    await t.http().get(path).set(bearer(other.officer)).expect(404);
    await t.http().post(path).set(bearer(other.officer)).send({ name: 'X' }).expect(404);
    await t.http().post(path).set(bearer(team.hq)).send({ name: 'X' }).expect(403);
    const hq = await t.http().get(path).set(bearer(team.hq)).expect(200);
    expect(hq.body.items).toHaveLength(1);

    const contactPath = `/api/v1/contacts/${created.body.id}`;
    await t.http().patch(contactPath).set(bearer(other.manager)).send({ version: 1, title: 'X' }).expect(404);
    const patched = await t
      .http()
      .patch(contactPath)
      .set(bearer(team.manager))
      .send({ version: 1, title: '取締役' })
      .expect(200);
    expect(patched.body).toMatchObject({ title: '取締役', version: 2 });
    await t
      .http()
      .patch(contactPath)
      .set(bearer(team.officer))
      .send({ version: 1, title: '古い' })
      .expect(409);
    await t.http().delete(contactPath).set(bearer(other.officer)).expect(404);
    await t.http().delete(contactPath).set(bearer(team.officer)).expect(204);
    const after = await t.http().get(path).set(bearer(team.officer)).expect(200);
    expect(after.body.items).toEqual([]);
    const [row] = await t.ds.query(`SELECT archived_at FROM contacts WHERE id = $1`, [created.body.id]);
    expect(row.archived_at).not.toBeNull();

    const events = await t.auditEvents({ entityType: 'contact', entityId: created.body.id });
    expect(events.map((e: { action: string }) => e.action)).toEqual([
      'contact.create',
      'contact.update',
      'contact.archive',
    ]);
    expect(
      events.every((e: { changes: { organizationId: string } }) => e.changes.organizationId === org.id),
    ).toBe(true);
    expect(events[1].changes.title).toEqual({ before: '総務部長', after: '取締役' });
  });

  it('documents the organization fields in OpenAPI', async () => {
    const doc = await t.http().get('/api/docs-json').expect(200);
    const schemas = doc.body.components.schemas;
    expect(Object.keys(schemas.OrganizationDto.properties)).toEqual(
      expect.arrayContaining([
        'corporateNumber',
        'nameKana',
        'municipality',
        'lastReachedOn',
        'nextDueOn',
        'version',
      ]),
    );
    expect(Object.keys(schemas.CreateOrganizationDto.properties)).toEqual(
      expect.arrayContaining(['name', 'corporateNumber', 'tier', 'postalCode']),
    );
  });
});

describe('organizations demo data (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.create();
  });
  afterAll(() => t.close());

  it('seeds searchable organizations and contacts for the demo station and one for the other', async () => {
    const station = await t.createStation();
    const yanai = await t.createStation({ municipalityCodes: ['35212'] });
    const messages: string[] = [];
    await t.ds.transaction((tx) =>
      seedOrganizationsDemo(tx, {
        stationId: station.id,
        otherStationId: yanai.id,
        users: {} as never,
        log: (m) => messages.push(m),
      }),
    );
    const officer = await t.createUser('officer', station.id);
    const res = await t
      .http()
      .get('/api/v1/organizations')
      .query({ q: '岩国' })
      .set(bearer(officer))
      .expect(200);
    expect(res.body.items.map((o: { name: string }) => o.name)).toEqual(
      expect.arrayContaining(['株式会社岩国精密', '岩国医療センター', '岩国市水道局']),
    );
    const all = await t.http().get('/api/v1/organizations').set(bearer(officer)).expect(200);
    expect(all.body.total).toBe(8);
    const precise = all.body.items.find((o: { name: string }) => o.name === '株式会社岩国精密');
    const contacts = await t
      .http()
      .get(`/api/v1/organizations/${precise.id}/contacts`)
      .set(bearer(officer))
      .expect(200);
    expect(contacts.body.items.length).toBeGreaterThan(0);
    const yanaiOfficer = await t.createUser('officer', yanai.id);
    const other = await t.http().get('/api/v1/organizations').set(bearer(yanaiOfficer)).expect(200);
    expect(other.body.items.map((o: { municipalityName: string }) => o.municipalityName)).toEqual(['柳井市']);
    expect(messages.length).toBe(1);
  });
});
