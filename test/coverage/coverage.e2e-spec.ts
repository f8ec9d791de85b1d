import { bearer, TestApp } from '../helpers/test-app';
import { createOrg, createSeminar, createVisit } from './factories';

describe('coverage (e2e)', () => {
  let t: TestApp;
  let team: Awaited<ReturnType<TestApp['createStationTeam']>>;
  let other: Awaited<ReturnType<TestApp['createStation']>>;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await TestApp.create();
    team = await t.createStationTeam();
    other = await t.createStation({ name: '柳井警察署', municipalityCodes: ['35212'] });
    const ds = t.ds;
    const s = team.station.id;
    const by = team.officer.id;
    const org = async (key: string, input: Parameters<typeof createOrg>[1]) => {
      ids[key] = await createOrg(ds, { name: key, ...input });
    };
    // Tier A (180 days), as of 2023-06-30.
    await org('A_exact', { stationId: s, tier: 'A', sector: 'advanced_tech' });
    await createVisit(ds, { stationId: s, organizationId: ids.A_exact, createdBy: by, visitedOn: '2023-01-01' });
    await org('A_overdue1', { stationId: s, tier: 'A', sector: 'advanced_tech' });
    await createVisit(ds, { stationId: s, organizationId: ids.A_overdue1, createdBy: by, visitedOn: '2022-12-31' });
    await org('A_lateApproval', { stationId: s, tier: 'A', sector: 'university', municipalityCode: '35321', municipalityName: '和木町' });
    await createVisit(ds, {
      stationId: s,
      organizationId: ids.A_lateApproval,
      createdBy: by,
      visitedOn: '2023-06-20',
      approvedAt: '2023-07-01T00:30:00+09:00',
    });
    await org('A_returned', { stationId: s, tier: 'A', sector: 'university', municipalityCode: '35321', municipalityName: '和木町' });
    await createVisit(ds, { stationId: s, organizationId: ids.A_returned, createdBy: by, visitedOn: '2023-06-01', status: 'returned' });
    await createVisit(ds, { stationId: s, organizationId: ids.A_returned, createdBy: by, visitedOn: '2023-06-02', status: 'submitted' });
    // Tier B (365): reached by seminar attendance; one long overdue.
    await org('B_seminar', { stationId: s, tier: 'B', sector: 'medical' });
    await createSeminar(ds, {
      stationId: s,
      createdBy: by,
      heldOn: '2023-03-01',
      participants: [{ organizationId: ids.B_seminar, attendeeCount: 3 }, { name: '岩国市立中学校', attendeeCount: 40 }],
    });
    await org('B_overdue400', { stationId: s, tier: 'B', sector: null });
    await createVisit(ds, { stationId: s, organizationId: ids.B_overdue400, createdBy: by, visitedOn: '2022-05-26' });
    // Tier C never reached.
    await org('C_never', { stationId: s, tier: 'C', sector: 'medical' });
    // Tier C (730 days, the longest cadence): exactly at it, and one day beyond.
    await org('C_exact730', { stationId: s, tier: 'C', sector: 'medical' });
    await createVisit(ds, { stationId: s, organizationId: ids.C_exact730, createdBy: by, visitedOn: '2021-06-30' });
    await org('C_731', { stationId: s, tier: 'C', sector: 'medical' });
    await createVisit(ds, { stationId: s, organizationId: ids.C_731, createdBy: by, visitedOn: '2021-06-29' });
    // Excluded: closed, archived, created after asOf.
    await org('closed', { stationId: s, tier: 'A', status: 'closed' });
    await createVisit(ds, { stationId: s, organizationId: ids.closed, createdBy: by, visitedOn: '2023-06-01' });
    await org('archived', { stationId: s, tier: 'A', status: 'archived' });
    await org('future', { stationId: s, tier: 'A', createdAt: '2023-07-01T00:00:00+09:00' });
    // Another station's organization: reached.
    await org('other_reached', { stationId: other.id, tier: 'C', municipalityCode: '35212', municipalityName: '柳井市' });
    await createVisit(ds, { stationId: other.id, organizationId: ids.other_reached, createdBy: by, visitedOn: '2023-06-01' });
  });
  afterAll(() => t.close());

  const get = (user: { token: string }, query: string) =>
    t.http().get(`/api/v1/coverage${query}`).set(bearer(user));

  it('classifies at the boundaries: exactly at the cadence, late approval, returned, seminar, exclusions', async () => {
    const res = await get(team.manager, '?asOf=2023-06-30&groupBy=tier').expect(200);
    expect(res.body.asOf).toBe('2023-06-30');
    expect(res.body.totals).toEqual({
      organizations: 9,
      reached: 3,
      overdue: 3,
      never: 3,
      coverage: 0.3333,
      candidates: 0,
    });
    expect(res.body.groups).toEqual([
      { key: 'A', label: '重点度A', organizations: 4, reached: 1, overdue: 1, never: 2, coverage: 0.25 },
      { key: 'B', label: '重点度B', organizations: 2, reached: 1, overdue: 1, never: 0, coverage: 0.5 },
      { key: 'C', label: '重点度C', organizations: 3, reached: 1, overdue: 1, never: 1, coverage: 0.3333 },
    ]);
    // One day later the visit of 2023-01-01 is 181 days old; the late approval now counts, and the
    // organization created on 2023-07-01 is counted (never reached).
    const later = await get(team.manager, '?asOf=2023-07-01&groupBy=tier').expect(200);
    expect(later.body.groups[0]).toMatchObject({ key: 'A', organizations: 5, reached: 1, overdue: 2, never: 2 });
    // Before the seminar: B_seminar was never reached; future organization excluded still.
    const before = await get(team.manager, '?asOf=2023-02-28&groupBy=tier').expect(200);
    expect(before.body.groups[1]).toMatchObject({ key: 'B', reached: 1, never: 1 });
  });

  it('groups by sector and municipality with Japanese labels', async () => {
    const sector = await get(team.officer, '?asOf=2023-06-30&groupBy=sector').expect(200);
    expect(sector.body.groups.map((g: { key: string | null; label: string }) => [g.key, g.label])).toEqual([
      ['advanced_tech', '先端技術企業'],
      ['university', '大学・研究機関'],
      ['medical', '医療機関'],
      [null, '未設定'],
    ]);
    const muni = await get(team.officer, '?asOf=2023-06-30&groupBy=municipality').expect(200);
    expect(muni.body.groups).toEqual([
      expect.objectContaining({ key: '35208', label: '岩国市', organizations: 7 }),
      expect.objectContaining({ key: '35321', label: '和木町', organizations: 2, never: 2 }),
    ]);
  });

  it('scopes by station: hq sees every station, groups by station and filters one; others get 404', async () => {
    const hq = await get(team.hq, '?asOf=2023-06-30&groupBy=station').expect(200);
    const mine = hq.body.groups.find((g: { key: string }) => g.key === team.station.id);
    const theirs = hq.body.groups.find((g: { key: string }) => g.key === other.id);
    expect(mine).toMatchObject({ label: team.station.name, organizations: 9, reached: 3 });
    expect(theirs).toMatchObject({ label: '柳井警察署', organizations: 1, reached: 1, coverage: 1 });
    const filtered = await get(team.hq, `?asOf=2023-06-30&stationId=${other.id}`).expect(200);
    expect(filtered.body.totals.organizations).toBe(1);
    expect(filtered.body.stationId).toBe(other.id);
    await get(team.admin, '?asOf=2023-06-30').expect(200);
    // A station user naming another station: 404, not 403; hq naming a station that does not exist: 404.
    await get(team.manager, `?stationId=${other.id}`).expect(404);
    await get(team.hq, '?stationId=00000000-0000-4000-8000-000000000000').expect(404);
    await t
      .http()
      .get('/api/v1/coverage/worklist?stationId=00000000-0000-4000-8000-000000000000')
      .set(bearer(team.hq))
      .expect(404);
    const own = await get(team.manager, '?asOf=2023-06-30&groupBy=station').expect(200);
    expect(own.body.groups).toHaveLength(1);
  });

  it('rejects bad input with 400 and no token with 401', async () => {
    await get(team.manager, '?groupBy=officer').expect(400);
    await get(team.manager, '?asOf=2023-02-30').expect(400);
    await get(team.manager, '?asOf=99999-01-01').expect(400);
    await get(team.manager, '?stationId=nope').expect(400);
    const unknown = await get(team.manager, '?foo=1').expect(400);
    expect(unknown.body.details[0].field).toBe('foo');
    await t.http().get('/api/v1/coverage').expect(401);
  });

  it('ranks the worklist: tier, never reached first within a tier, then most days overdue', async () => {
    const res = await t
      .http()
      .get('/api/v1/coverage/worklist?asOf=2023-06-30')
      .set(bearer(team.manager))
      .expect(200);
    expect(res.body.total).toBe(6);
    const names = res.body.items.map((i: { name: string }) => i.name);
    expect(names.slice(0, 2).sort()).toEqual(['A_lateApproval', 'A_returned']);
    expect(names.slice(2)).toEqual(['A_overdue1', 'B_overdue400', 'C_never', 'C_731']);
    // Last reached before the longest cadence window: its exact date still comes back.
    expect(res.body.items[5]).toMatchObject({ lastReachedOn: '2021-06-29', nextDueOn: '2023-06-29', daysOverdue: 1 });
    expect(res.body.items[2]).toMatchObject({
      tier: 'A',
      state: 'overdue',
      lastReachedOn: '2022-12-31',
      nextDueOn: '2023-06-29',
      daysOverdue: 1,
      sector: 'advanced_tech',
      sectorLabel: '先端技術企業',
      municipality: '岩国市',
    });
    expect(res.body.items[0]).toMatchObject({ state: 'never', lastReachedOn: null, nextDueOn: null, daysOverdue: null });
    expect(res.body.items[3]).toMatchObject({ daysOverdue: 35 });
    const paged = await t
      .http()
      .get('/api/v1/coverage/worklist?asOf=2023-06-30&page=2&pageSize=2')
      .set(bearer(team.manager))
      .expect(200);
    expect(paged.body).toMatchObject({ total: 6, page: 2, pageSize: 2 });
    expect(paged.body.items.map((i: { name: string }) => i.name)).toEqual(['A_overdue1', 'B_overdue400']);
    const beyond = await t
      .http()
      .get('/api/v1/coverage/worklist?asOf=2023-06-30&page=9&pageSize=2')
      .set(bearer(team.manager))
      .expect(200);
    expect(beyond.body).toMatchObject({ total: 6, items: [] });
    // Another station's organizations never appear for this station's officer.
    const hq = await t
      .http()
      .get(`/api/v1/coverage/worklist?asOf=2023-06-30&stationId=${other.id}`)
      .set(bearer(team.officer))
      .expect(404);
    expect(hq.body.statusCode).toBe(404);
    await t.http().get('/api/v1/coverage/worklist?sort=name').set(bearer(team.manager)).expect(400);
    await t.http().get('/api/v1/coverage/worklist?tier=D').set(bearer(team.manager)).expect(400);
  });

  it('documents its fields, and those of reports and exports, in the OpenAPI document', async () => {
    const doc = await t.http().get('/api/docs-json').expect(200);
    const schemas = doc.body.components.schemas as Record<string, { properties: Record<string, unknown> }>;
    expect(Object.keys(schemas.CoverageDto.properties)).toEqual(expect.arrayContaining(['asOf', 'totals', 'groups']));
    expect(Object.keys(schemas.CoverageGroupDto.properties)).toEqual(
      expect.arrayContaining(['key', 'label', 'organizations', 'reached', 'overdue', 'never', 'coverage']),
    );
    expect(Object.keys(schemas.WorklistItemDto.properties)).toEqual(
      expect.arrayContaining(['lastReachedOn', 'nextDueOn', 'daysOverdue', 'tier', 'sector', 'name', 'municipality']),
    );
    expect(Object.keys(schemas.PeriodReportDto.properties)).toEqual(
      expect.arrayContaining(['period', 'visits', 'organizations', 'seminars', 'consultations', 'followUps', 'liaisons']),
    );
    expect(Object.keys(schemas.CreateStrategyTaskDto.properties)).toEqual(
      expect.arrayContaining(['prefectureCode', 'title', 'leadAgencies', 'topics', 'plannedActions']),
    );
    const paths = doc.body.paths as Record<string, { get?: { parameters?: { name: string }[] } }>;
    expect(paths['/api/v1/exports/organizations.csv'].get!.parameters!.map((p) => p.name)).toEqual(
      expect.arrayContaining(['q', 'sector', 'tier', 'municipality', 'status', 'coverage', 'includePersonal', 'reason', 'encoding']),
    );
    expect(paths['/api/v1/coverage/worklist'].get!.parameters!.map((p) => p.name)).toEqual(
      expect.arrayContaining(['asOf', 'page', 'pageSize', 'tier', 'stationId']),
    );
  });
});
