import { randomBytes } from 'node:crypto';
import { UNTOUCHED_REGISTER_ROWS_TO_CANDIDATES } from '../../migrations/1800500000000-TargetsAndCandidates';
import { organizationText } from '../../apps/api/src/organizations/organization-text';
import { bearer, TestApp, TestUser } from '../helpers/test-app';
import { createContact, createOrg, createVisit } from '../coverage/factories';

type Team = Awaited<ReturnType<TestApp['createStationTeam']>>;

/**
 * Targets and candidates (issue 14): tier null is a candidate; coverage, the worklist, reports and
 * exports count targets only; triage filters, bulk changes, sector suggestions and saved views.
 */
describe('targets and candidates (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await TestApp.create();
  });
  afterAll(() => t.close());

  /** An organization as a register import leaves it (source register), written directly. */
  async function registerOrg(
    stationId: string,
    o: {
      name?: string;
      tier?: 'A' | 'B' | 'C' | null;
      legalForm?: string | null;
      municipalityCode?: string;
      registerUpdatedOn?: string;
      sector?: string | null;
      status?: string;
    } = {},
  ): Promise<string> {
    const name = o.name ?? `株式会社テスト${randomBytes(3).toString('hex')}`;
    const text = organizationText({ name });
    const [row] = await t.ds.query(
      `INSERT INTO organizations (station_id, name, legal_form, tier, sector, municipality_code, municipality_name,
         source, register_updated_on, status, search_text, normalized_name, sort_key, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'register', $8, $9, $10, $11, $12, '2020-01-01T00:00:00+09:00')
       RETURNING id`,
      [
        stationId,
        name,
        o.legalForm === undefined ? 'kabushiki' : o.legalForm,
        o.tier === undefined ? null : o.tier,
        o.sector ?? null,
        o.municipalityCode ?? '35208',
        o.municipalityCode === '35321' ? '和木町' : '岩国市',
        o.registerUpdatedOn ?? '2024-04-01',
        o.status ?? 'active',
        text.searchText,
        text.normalizedName,
        text.sortKey,
      ],
    );
    return row.id;
  }

  const api = (user: TestUser) => ({
    get: (path: string, query: Record<string, string | number> = {}) =>
      t.http().get(`/api/v1${path}`).set(bearer(user)).query(query),
    post: (path: string, body: unknown) =>
      t
        .http()
        .post(`/api/v1${path}`)
        .set(bearer(user))
        .send(body as object),
    patch: (path: string, body: unknown) =>
      t
        .http()
        .patch(`/api/v1${path}`)
        .set(bearer(user))
        .send(body as object),
    delete: (path: string) => t.http().delete(`/api/v1${path}`).set(bearer(user)),
  });
  const version = async (id: string): Promise<number> =>
    (await t.ds.query(`SELECT version FROM organizations WHERE id = $1`, [id]))[0].version;
  const tierOf = async (id: string): Promise<string | null> =>
    (await t.ds.query(`SELECT tier FROM organizations WHERE id = $1`, [id]))[0].tier;

  describe('migration rule: untouched register rows become candidates, everything a person touched keeps its tier', () => {
    it('applies the rule of migrations/1800500000000-TargetsAndCandidates.ts to seeded data', async () => {
      const team = await t.createStationTeam();
      const s = team.station.id;
      // As the data stood before the migration: every register row had tier C.
      const untouched = await registerOrg(s, { tier: 'C' });
      const untouchedClosed = await registerOrg(s, { tier: 'C', status: 'closed' });
      const editedByPerson = await registerOrg(s, { tier: 'C' });
      await api(team.officer)
        .patch(`/organizations/${editedByPerson}`, { version: 1, postalCode: '7400018' })
        .expect(200);
      const withSector = await registerOrg(s, { tier: 'C', sector: 'medical' });
      const tierA = await registerOrg(s, { tier: 'A' });
      const visited = await registerOrg(s, { tier: 'C' });
      await createVisit(t.ds, {
        stationId: s,
        organizationId: visited,
        createdBy: team.officer.id,
        visitedOn: '2023-06-01',
      });
      const withContact = await registerOrg(s, { tier: 'C' });
      await createContact(t.ds, { organizationId: withContact, stationId: s, name: '山田 太郎' });
      const manual = (
        await api(team.officer)
          .post('/organizations', { name: `手入力株式会社${randomBytes(2).toString('hex')}` })
          .expect(201)
      ).body.id as string;
      const moved: { stationId: string; n: number }[] = await t.ds.query(
        UNTOUCHED_REGISTER_ROWS_TO_CANDIDATES,
      );
      expect(moved.find((m) => m.stationId === s)?.n).toBe(2);
      expect(await tierOf(untouched)).toBeNull();
      expect(await tierOf(untouchedClosed)).toBeNull();
      expect(await tierOf(editedByPerson)).toBe('C');
      expect(await tierOf(withSector)).toBe('C');
      expect(await tierOf(tierA)).toBe('A');
      expect(await tierOf(visited)).toBe('C');
      expect(await tierOf(withContact)).toBe('C');
      expect(await tierOf(manual)).toBe('C');
    });
  });

  describe('the tier field', () => {
    let team: Team;
    beforeAll(async () => {
      team = await t.createStationTeam();
    });

    it('a person creating a firm by hand makes a target: tier C unless given; null is refused', async () => {
      const made = await api(team.officer).post('/organizations', { name: '株式会社手作り' }).expect(201);
      expect(made.body).toMatchObject({ tier: 'C', coverage: 'never' });
      const refused = await api(team.officer)
        .post('/organizations', { name: '株式会社候補', tier: null })
        .expect(400);
      expect(refused.body.details).toEqual([expect.objectContaining({ field: 'tier' })]);
    });

    it('PATCH gives a candidate a tier, and tier null turns a target back into a candidate', async () => {
      const id = await registerOrg(team.station.id, {
        name: '国立大学法人テスト大学',
        legalForm: 'national_university',
      });
      const read = await api(team.officer).get(`/organizations/${id}`).expect(200);
      expect(read.body).toMatchObject({
        tier: null,
        coverage: null,
        nextDueOn: null,
        suggestedSector: 'university',
        sector: null,
      });
      const made = await api(team.officer)
        .patch(`/organizations/${id}`, { version: 1, tier: 'B' })
        .expect(200);
      expect(made.body).toMatchObject({ tier: 'B', coverage: 'never' });
      const back = await api(team.manager)
        .patch(`/organizations/${id}`, { version: 2, tier: null })
        .expect(200);
      expect(back.body).toMatchObject({ tier: null, coverage: null });
      await api(team.officer).patch(`/organizations/${id}`, { version: 3, tier: 'D' }).expect(400);
    });
  });

  describe('coverage, worklist, reports and exports count targets only', () => {
    let team: Team;
    let target: string;
    let candidate: string;
    beforeAll(async () => {
      team = await t.createStationTeam();
      const s = team.station.id;
      target = await createOrg(t.ds, { stationId: s, name: '株式会社対象', tier: 'A' });
      await createOrg(t.ds, { stationId: s, name: '株式会社対象二', tier: 'B' });
      candidate = await registerOrg(s, { name: '株式会社候補一' });
      await registerOrg(s, { name: '株式会社候補二' });
      await registerOrg(s, { name: '株式会社候補三' });
      // A visit to a candidate is recorded work, but it does not make the candidate count.
      await createVisit(t.ds, {
        stationId: s,
        organizationId: candidate,
        createdBy: team.officer.id,
        visitedOn: '2023-06-01',
      });
      await createVisit(t.ds, {
        stationId: s,
        organizationId: target,
        createdBy: team.officer.id,
        visitedOn: '2023-06-01',
      });
    });

    it('/coverage totals and groups are targets; candidates are beside them', async () => {
      for (const groupBy of ['tier', 'sector', 'municipality']) {
        const res = await api(team.manager).get('/coverage', { asOf: '2023-06-30', groupBy }).expect(200);
        expect(res.body.totals).toEqual({
          organizations: 2,
          reached: 1,
          overdue: 0,
          never: 1,
          coverage: 0.5,
          candidates: 3,
        });
        expect(
          res.body.groups.reduce((n: number, g: { organizations: number }) => n + g.organizations, 0),
        ).toBe(2);
      }
      const tiers = await api(team.manager)
        .get('/coverage', { asOf: '2023-06-30', groupBy: 'tier' })
        .expect(200);
      expect(tiers.body.groups.map((g: { key: string }) => g.key)).toEqual(['A', 'B']);
      // hq, all stations: the same rule.
      const hq = await api(team.hq)
        .get('/coverage', { asOf: '2023-06-30', stationId: team.station.id })
        .expect(200);
      expect(hq.body.totals).toMatchObject({ organizations: 2, candidates: 3 });
    });

    it('the worklist lists targets only', async () => {
      const res = await api(team.officer).get('/coverage/worklist', { asOf: '2023-06-30' }).expect(200);
      expect(res.body.total).toBe(1);
      expect(res.body.items.map((i: { name: string }) => i.name)).toEqual(['株式会社対象二']);
    });

    it('the list coverage filter is about targets; target=true|false splits the list', async () => {
      const never = await api(team.officer).get('/organizations', { coverage: 'never' }).expect(200);
      expect(never.body.items.map((i: { name: string }) => i.name)).toEqual(['株式会社対象二']);
      const targets = await api(team.officer).get('/organizations', { target: 'true' }).expect(200);
      expect(targets.body.total).toBe(2);
      const candidates = await api(team.officer).get('/organizations', { target: 'false' }).expect(200);
      expect(candidates.body.total).toBe(3);
      expect(
        candidates.body.items.every(
          (i: { tier: null; coverage: null }) => i.tier === null && i.coverage === null,
        ),
      ).toBe(true);
      await api(team.officer).get('/organizations', { target: 'yes' }).expect(400);
    });

    it("the period report's coverage at the end counts targets", async () => {
      const res = await api(team.manager)
        .get('/reports/period', { from: '2023-04-01', to: '2023-06-30' })
        .expect(200);
      expect(res.body.organizations.coverageAtEnd).toMatchObject({ organizations: 2, reached: 1, never: 1 });
    });

    it('the export shows a candidate as 候補 with empty coverage columns', async () => {
      const res = await t
        .http()
        .get('/api/v1/exports/organizations.csv')
        .set(bearer(team.officer))
        .buffer(true)
        .parse((r, cb) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => cb(null, Buffer.concat(chunks)));
        })
        .expect(200);
      const lines = (res.body as Buffer).toString('utf8').split(/\r?\n/);
      const header = lines[0].replace(/^\uFEFF/, '').split(',');
      const row = lines.find((l) => l.includes('株式会社候補一'))!.split(',');
      expect(row[header.indexOf('重点度')]).toBe('候補');
      expect(row[header.indexOf('訪問状況')]).toBe('');
      const targetRow = lines
        .find((l) => l.includes('株式会社対象,') || l.includes('"株式会社対象"'))!
        .split(',');
      expect(targetRow[header.indexOf('重点度')]).toBe('A');
      expect(targetRow[header.indexOf('訪問状況')]).toBe('期限超過'); // as of today: last reached 2023-06-01
    });
  });

  describe('triage filters and the sector suggestion', () => {
    let team: Team;
    beforeAll(async () => {
      team = await t.createStationTeam();
      const s = team.station.id;
      await registerOrg(s, {
        name: '国立大学法人岩国大学',
        legalForm: 'national_university',
        registerUpdatedOn: '2024-05-10',
      });
      await registerOrg(s, {
        name: '医療法人社団岩国中央病院',
        legalForm: 'other',
        municipalityCode: '35321',
      });
      await registerOrg(s, { name: '岩国ガス株式会社', registerUpdatedOn: '2024-06-01' });
      await registerOrg(s, { name: '株式会社みどり商店', municipalityCode: '35321' });
      await createOrg(t.ds, { stationId: s, name: '株式会社岩国精密', tier: 'A', sector: null });
    });
    const names = (res: { body: { items: { name: string }[] } }) => res.body.items.map((i) => i.name).sort();

    it('filters candidates by legal form, municipality, name words and register update date', async () => {
      const o = api(team.officer);
      expect(
        names(await o.get('/organizations', { target: 'false', legalForm: 'kabushiki' }).expect(200)),
      ).toEqual(['岩国ガス株式会社', '株式会社みどり商店']);
      expect(
        names(await o.get('/organizations', { target: 'false', municipality: '35321' }).expect(200)),
      ).toEqual(['医療法人社団岩国中央病院', '株式会社みどり商店']);
      expect(
        names(await o.get('/organizations', { target: 'false', nameWords: '岩国　病院' }).expect(200)),
      ).toEqual(['医療法人社団岩国中央病院']);
      expect(names(await o.get('/organizations', { nameWords: 'いわくに' }).expect(200))).toEqual([]);
      expect(
        names(
          await o
            .get('/organizations', {
              target: 'false',
              registerUpdatedFrom: '2024-05-01',
              registerUpdatedTo: '2024-05-31',
            })
            .expect(200),
        ),
      ).toEqual(['国立大学法人岩国大学']);
      await o.get('/organizations', { registerUpdatedFrom: '2024-13-01' }).expect(400);
      await o.get('/organizations', { legalForm: 'カブ' }).expect(400);
    });

    it('suggests a sector from the name and legal form while the sector is empty, never storing it', async () => {
      const res = await api(team.officer).get('/organizations', { pageSize: 50 }).expect(200);
      const bySuggestion = Object.fromEntries(
        res.body.items.map((i: { name: string; suggestedSector: string | null }) => [
          i.name,
          i.suggestedSector,
        ]),
      );
      expect(bySuggestion).toEqual({
        国立大学法人岩国大学: 'university',
        医療法人社団岩国中央病院: 'medical',
        岩国ガス株式会社: 'infra_gas',
        株式会社みどり商店: null,
        株式会社岩国精密: 'manufacturing',
      });
      const stored = await t.ds.query(
        `SELECT count(*)::int AS n FROM organizations WHERE station_id = $1 AND sector IS NOT NULL`,
        [team.station.id],
      );
      expect(stored[0].n).toBe(0);
    });
  });

  describe('POST /organizations/bulk', () => {
    let team: Team;
    let other: Team;
    beforeAll(async () => {
      team = await t.createStationTeam();
      other = await t.createStationTeam();
    });

    it('sets tier, sector and technologies item by item: stale, archived and other-station items fail alone', async () => {
      const s = team.station.id;
      const a = await registerOrg(s, { name: '国立大学法人一括大学' });
      const b = await registerOrg(s, { name: '一括病院株式会社' });
      const stale = await registerOrg(s, { name: '一括古い株式会社' });
      const archived = await registerOrg(s, { name: '一括アーカイブ株式会社', status: 'archived' });
      const foreign = await registerOrg(other.station.id, { name: '他署の株式会社' });
      const unknown = '00000000-0000-4000-8000-000000000000';
      const before = await api(team.manager).get('/coverage').expect(200);
      expect(before.body.totals).toMatchObject({ organizations: 0, candidates: 3 });

      const res = await api(team.officer)
        .post('/organizations/bulk', {
          items: [
            { id: a, version: 1 },
            { id: b, version: 1 },
            { id: stale, version: 7 },
            { id: archived, version: 1 },
            { id: foreign, version: 1 },
            { id: unknown, version: 1 },
          ],
          set: { tier: 'B', sector: 'university', technologies: ['半導体'] },
        })
        .expect(200);
      expect(res.body.updated).toEqual([a, b]);
      expect(res.body.failed).toEqual([
        expect.objectContaining({ id: stale, code: 'organization.stale_version', name: '一括古い株式会社' }),
        expect.objectContaining({ id: archived, code: 'organization.archived' }),
        { id: foreign, code: 'organization.not_found', message: expect.any(String), name: null },
        { id: unknown, code: 'organization.not_found', message: expect.any(String), name: null },
      ]);
      const rows: {
        id: string;
        tier: string | null;
        sector: string | null;
        technologies: string[];
        version: number;
      }[] = await t.ds.query(
        `SELECT id, tier, sector, technologies, version FROM organizations WHERE id = ANY($1::uuid[])`,
        [[a, b, stale, archived, foreign]],
      );
      const byId = Object.fromEntries(rows.map((r) => [r.id, r]));
      expect(byId[a]).toMatchObject({
        tier: 'B',
        sector: 'university',
        technologies: ['半導体'],
        version: 2,
      });
      expect(byId[b]).toMatchObject({ tier: 'B', sector: 'university', version: 2 });
      for (const id of [stale, archived, foreign])
        expect(byId[id]).toMatchObject({ tier: null, sector: null, version: 1 });

      // One audit event per organization changed, by the officer, with the change.
      const events = await t.ds.query(
        `SELECT entity_id AS "entityId", actor_id AS "actorId", changes FROM audit_events
          WHERE action = 'organization.bulk_update' AND entity_id = ANY($1::text[]) ORDER BY entity_id`,
        [[a, b, stale, archived, foreign]],
      );
      expect(events).toHaveLength(2);
      expect(events.map((e: { entityId: string }) => e.entityId).sort()).toEqual([a, b].sort());
      expect(events[0]).toMatchObject({
        actorId: team.officer.id,
        changes: { tier: { before: null, after: 'B' }, sector: { before: null, after: 'university' } },
      });

      // They are targets now: coverage counts them.
      const after = await api(team.manager).get('/coverage').expect(200);
      expect(after.body.totals).toMatchObject({ organizations: 2, never: 2, candidates: 1 });

      // Only what was named in `set` changes.
      const onlyTier = await api(team.manager)
        .post('/organizations/bulk', { items: [{ id: a, version: 2 }], set: { tier: 'A' } })
        .expect(200);
      expect(onlyTier.body).toEqual({ updated: [a], failed: [] });
      expect((await t.ds.query(`SELECT tier, sector FROM organizations WHERE id = $1`, [a]))[0]).toEqual({
        tier: 'A',
        sector: 'university',
      });
      expect(await version(foreign)).toBe(1);
    });

    it('refuses bad requests as a whole with 400, and other roles with 403', async () => {
      const id = await registerOrg(team.station.id);
      const o = api(team.officer);
      const tooMany = Array.from({ length: 501 }, () => ({ id, version: 1 }));
      expect(
        (await o.post('/organizations/bulk', { items: tooMany, set: { tier: 'C' } }).expect(400)).body
          .details,
      ).toEqual([expect.objectContaining({ field: 'items' })]);
      expect(
        (await o.post('/organizations/bulk', { items: [{ id, version: 1 }], set: {} }).expect(400)).body.code,
      ).toBe('organization.bulk_nothing_to_set');
      expect(
        (
          await o
            .post('/organizations/bulk', {
              items: [
                { id, version: 1 },
                { id, version: 1 },
              ],
              set: { tier: 'C' },
            })
            .expect(400)
        ).body.code,
      ).toBe('organization.bulk_duplicate_item');
      expect(
        (
          await o
            .post('/organizations/bulk', { items: [{ id, version: 1 }], set: { sector: 'nope' } })
            .expect(400)
        ).body.code,
      ).toBe('organization.unknown_code');
      await o.post('/organizations/bulk', { items: [], set: { tier: 'C' } }).expect(400);
      await o
        .post('/organizations/bulk', { items: [{ id: 'x', version: 1 }], set: { tier: 'C' } })
        .expect(400);
      await o.post('/organizations/bulk', { items: [{ id, version: 1 }], set: { tier: 'Z' } }).expect(400);
      await o
        .post('/organizations/bulk', { items: [{ id, version: 1 }], set: { technologies: null } })
        .expect(400);
      await o.post('/organizations/bulk', { items: [{ id, version: 1 }] }).expect(400);
      for (const user of [team.hq, team.admin])
        await api(user)
          .post('/organizations/bulk', { items: [{ id, version: 1 }], set: { tier: 'C' } })
          .expect(403);
      expect(await tierOf(id)).toBeNull();
      expect(await version(id)).toBe(1);
    });
  });

  describe('saved list views', () => {
    it("are the user's own: another user neither sees nor deletes them", async () => {
      const team = await t.createStationTeam();
      const colleague = await t.createUser('officer', team.station.id);
      const mine = api(team.officer);
      const created = await mine
        .post('/organizations/views', {
          name: '岩国市の候補',
          filter: {
            target: 'false',
            municipality: '35208',
            legalForm: 'kabushiki',
            nameWords: '工業',
            sort: 'name',
          },
        })
        .expect(201);
      expect(created.body).toMatchObject({
        name: '岩国市の候補',
        filter: {
          target: 'false',
          municipality: '35208',
          legalForm: 'kabushiki',
          nameWords: '工業',
          sort: 'name',
        },
      });
      const id = created.body.id as string;
      expect(
        (await mine.get('/organizations/views').expect(200)).body.items.map((v: { id: string }) => v.id),
      ).toEqual([id]);
      expect((await api(colleague).get('/organizations/views').expect(200)).body.items).toEqual([]);
      expect((await api(team.manager).get('/organizations/views').expect(200)).body.items).toEqual([]);
      expect((await api(colleague).delete(`/organizations/views/${id}`).expect(404)).body.code).toBe(
        'organization_view.not_found',
      );
      // The same name twice: 409; a colleague may use it.
      expect(
        (await mine.post('/organizations/views', { name: '岩国市の候補', filter: {} }).expect(409)).body.code,
      ).toBe('organization_view.duplicate_name');
      await api(colleague).post('/organizations/views', { name: '岩国市の候補', filter: {} }).expect(201);
      // Bad filters are 400, not stored.
      await mine.post('/organizations/views', { name: 'x', filter: { tier: 'Z' } }).expect(400);
      await mine.post('/organizations/views', { name: 'x', filter: { unknownKey: '1' } }).expect(400);
      await mine.post('/organizations/views', { name: '', filter: {} }).expect(400);
      await mine.post('/organizations/views', { name: 'x' }).expect(400);
      // hq keeps views too (lists across stations).
      await api(team.hq)
        .post('/organizations/views', { name: 'hq の一覧', filter: { target: 'true' } })
        .expect(201);

      await mine.delete(`/organizations/views/${id}`).expect(204);
      expect((await mine.get('/organizations/views').expect(200)).body.items).toEqual([]);
      await mine.delete(`/organizations/views/${id}`).expect(404);
      const audit = await t.auditEvents({ entityType: 'organization_view', entityId: id });
      expect(audit.map((e: { action: string }) => e.action)).toEqual([
        'organization_view.create',
        'organization_view.delete',
      ]);
    });
  });
});
