import { loadConfig } from '../../libs/config/app-config';
import { Client } from 'pg';
import type { EntityManager } from 'typeorm';
import { jstInstantRange } from '../../libs/japanese/jst';
import { PeriodLive } from '../../apps/api/src/reports/period-live';
import { periodSlices } from '../../apps/api/src/reports/period-summary';
import { ReportsRepository, ScopeFn } from '../../apps/api/src/reports/reports.repository';
import { createOrg, createSeminar, createVisit } from '../coverage/factories';
import { bearer, TestApp, TestStation, TestUser } from '../helpers/test-app';

/**
 * The period report's figures kept by triggers (migrations/1801000000000-PeriodReportSummary.ts,
 * read by period-summary.ts) against the same figures computed live from every visit
 * (period-live.ts, what the report ran before): random visits over several stations, months,
 * topics and statuses, then approvals, edits after approval, reopenings, deletes, joint partners,
 * merges, organization and seminar changes, each followed by the comparison over many periods
 * (whole fiscal years, quarters, months, ranges cut mid-month, across fiscal years) for hq and each
 * station. A trigger switched off makes the comparison fail (last test).
 */

/** mulberry32: the same "random" data on every run. */
function prng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PERIODS: [string, string][] = [
  ['2022-04-01', '2023-03-31'], // FY2022
  ['2023-04-01', '2024-03-31'], // FY2023
  ['2022-10-01', '2022-12-31'], // a quarter
  ['2023-03-01', '2023-03-31'], // months at a fiscal year's edge
  ['2023-04-01', '2023-04-30'],
  ['2022-05-17', '2023-02-03'], // cut mid-month at both ends
  ['2022-03-15', '2023-02-03'], // one fiscal year of whole months, an edge in the one before
  ['2022-12-15', '2024-01-10'], // across fiscal years, cut
  ['2022-01-01', '2024-12-31'], // three fiscal years, whole months
  ['2023-03-31', '2023-03-31'], // one day
  ['2022-04-01', '2023-03-30'], // a day short of a fiscal year
  ['2022-06-02', '2022-06-28'], // inside one month
  ['2026-04-01', '2027-03-31'], // the current fiscal year: approvals of today
  ['2026-01-01', '2026-12-01'],
];

describe('period report summary (e2e): kept by triggers, equal to the live computation', () => {
  let t: TestApp;
  let teamA: Awaited<ReturnType<TestApp['createStationTeam']>>;
  let teamB: Awaited<ReturnType<TestApp['createStationTeam']>>;
  let stationC: TestStation;
  let officerC: TestUser;
  const repo = new ReportsRepository(loadConfig({}));
  const live = new PeriodLive();
  const rand = prng(18);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const orgs: { id: string; stationId: string }[] = [];
  const partners: string[] = [];

  const scopeFor =
    (stationId: string | null) =>
    (column: string): ScopeFn =>
    (params) =>
      stationId ? `${column} = $${params.push(stationId)}` : 'TRUE';

  /** Every period × scope, summary and live in one snapshot; returns how many figures were non-zero. */
  async function compare(): Promise<number> {
    const stations = [null, teamA.station.id, teamB.station.id, stationC.id];
    let nonZero = 0;
    await t.ds.transaction('REPEATABLE READ', async (tx: EntityManager) => {
      // The organizations per month mask (kept by deltas) are those of the per-organization rows.
      const masks = `SELECT kind, station_id, fiscal_year, months, organizations FROM period_mask_counts
                      WHERE organizations <> 0 ORDER BY 1, 2, 3, 4`;
      const recounted = `SELECT kind, station_id, fiscal_year, months, organizations FROM (
          SELECT 'visit' AS kind, station_id, fiscal_year, months, count(*)::int AS organizations
            FROM period_org_visits GROUP BY 2, 3, 4
          UNION ALL
          SELECT 'visit', '00000000-0000-0000-0000-000000000000'::uuid, fiscal_year, months, count(*)::int
            FROM (SELECT fiscal_year, bit_or(months) AS months FROM period_org_visits GROUP BY organization_id, fiscal_year) x
           GROUP BY 3, 4
          UNION ALL
          SELECT 'reach', station_id, fiscal_year, months, count(*)::int FROM period_org_reach WHERE late = 0 GROUP BY 2, 3, 4
        ) r ORDER BY 1, 2, 3, 4`;
      expect(await tx.query(masks)).toEqual(await tx.query(recounted));
      // Every kept row (counters changed by deltas or recounted) is what a rebuild from scratch makes.
      const kept = async () => ({
        counts: await tx.query(
          `SELECT station_id, month::text, dim, key, name, visits, joint FROM period_visit_counts ORDER BY 1, 2, 3, 4, 5`,
        ),
        visits: await tx.query(`SELECT * FROM period_org_visits ORDER BY 1, 2, 3`),
        reach: await tx.query(`SELECT * FROM period_org_reach ORDER BY 1, 2`),
        masks: await tx.query(masks),
      });
      const before = await kept();
      await tx.query('SAVEPOINT rebuild');
      await tx.query('SELECT period_summary_rebuild()');
      expect(before).toEqual(await kept());
      await tx.query('ROLLBACK TO SAVEPOINT rebuild');
      for (const [from, to] of PERIODS) {
        const w = { from, to, ...jstInstantRange(from, to) };
        for (const stationId of stations) {
          const summary = await repo.periodFigures(tx, w, scopeFor(stationId), stationId);
          const computed = await repo.periodFigures(tx, w, scopeFor(stationId), stationId, live);
          try {
            expect(summary).toEqual(computed);
          } catch (error) {
            throw new Error(`${from}..${to} station ${stationId ?? 'all'}: ${(error as Error).message}`);
          }
          nonZero += computed.visits.total + computed.organizations.reached;
        }
      }
    });
    return nonZero;
  }

  const sql = (query: string, params: unknown[] = []) => t.ds.query(query, params);
  const approvedIds = async (limit: number, extra = ''): Promise<string[]> =>
    (
      await sql(
        `SELECT v.id FROM visits v JOIN stations s ON s.id = v.station_id
          WHERE v.status = 'approved' AND s.id = ANY($1) ${extra} ORDER BY v.id LIMIT $2`,
        [[teamA.station.id, teamB.station.id, stationC.id], limit],
      )
    ).map((r: { id: string }) => r.id);

  beforeAll(async () => {
    t = await TestApp.create();
    teamA = await t.createStationTeam();
    teamB = await t.createStationTeam();
    stationC = await t.createStation({ name: '萩警察署' });
    officerC = await t.createUser('officer', stationC.id);
    const stations = [
      { id: teamA.station.id, by: teamA.officer.id },
      { id: teamB.station.id, by: teamB.officer.id },
      { id: stationC.id, by: officerC.id },
    ];
    const sectors = ['advanced_tech', 'university', 'medical', 'manufacturing', null] as const;
    const places: [string | null, string | null][] = [
      ['35201', '山口市'],
      ['35202', '宇部市'],
      ['35201', '山口市（旧）'],
      [null, null],
      [null, '所在地不明'],
    ];
    for (const s of stations)
      for (let i = 0; i < 8; i++) {
        const [municipalityCode, municipalityName] = pick(places);
        orgs.push({
          id: await createOrg(t.ds, {
            stationId: s.id,
            sector: pick(sectors),
            municipalityCode,
            municipalityName,
          }),
          stationId: s.id,
        });
      }
    for (const name of ['山口県産業技術センター', '経済産業局'])
      partners.push(
        (
          await sql(
            `INSERT INTO partners (prefecture_code, name, kind) VALUES ('35', $1, 'prefecture') RETURNING id`,
            [name],
          )
        )[0].id,
      );
    const topics = ['leak_cases', 'cyber_trends', 'export_control', 'insider_risk', 'foreign_activities'];
    for (let i = 0; i < 160; i++) {
      const org = pick(orgs);
      // Mostly the organization's own station, sometimes another one.
      const s = rand() < 0.85 ? stations.find((x) => x.id === org.stationId)! : pick(stations);
      const recent = rand() < 0.15;
      const base = recent ? Date.UTC(2026, 0, 1) : Date.UTC(2022, 0, 1);
      const span = recent ? 334 : 1000;
      const visitedOn = new Date(base + Math.floor(rand() * span) * 86_400_000).toISOString().slice(0, 10);
      const r = rand();
      const status = r < 0.7 ? 'approved' : r < 0.8 ? 'submitted' : r < 0.9 ? 'returned' : 'draft';
      // Approved the same evening, a few weeks later (after its month) or over a year later.
      const late = rand();
      const approvedAt =
        late < 0.75
          ? undefined
          : new Date(
              Date.parse(`${visitedOn}T18:00:00+09:00`) + (late < 0.92 ? 20 : 400) * 86_400_000,
            ).toISOString();
      const id = await createVisit(t.ds, {
        stationId: s.id,
        organizationId: org.id,
        createdBy: s.by,
        visitedOn,
        status,
        approvedAt,
        topics: topics.filter(() => rand() < 0.4),
      });
      const joint = rand();
      if (joint < 0.15) await sql(`UPDATE visits SET joint_with = '県警察本部' WHERE id = $1`, [id]);
      else if (joint < 0.2) await sql(`UPDATE visits SET joint_with = '  ' WHERE id = $1`, [id]);
      else if (joint < 0.35)
        await sql(`INSERT INTO visit_joint_partners (visit_id, partner_id) VALUES ($1, $2)`, [
          id,
          pick(partners),
        ]);
    }
    for (let i = 0; i < 8; i++) {
      const s = pick(stations);
      const heldOn = new Date(Date.UTC(2022, 0, 1) + Math.floor(rand() * 1000) * 86_400_000)
        .toISOString()
        .slice(0, 10);
      await createSeminar(t.ds, {
        stationId: s.id,
        createdBy: s.by,
        heldOn,
        // Recorded that evening, or weeks later.
        createdAt:
          rand() < 0.6
            ? undefined
            : `${new Date(Date.parse(heldOn) + 35 * 86_400_000).toISOString().slice(0, 10)}T09:00:00+09:00`,
        participants: [0, 1, 2].map(() => ({
          organizationId: pick(orgs).id,
          attendeeCount: 1 + Math.floor(rand() * 5),
        })),
      });
    }
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  it('cuts a period into whole months (masks per fiscal year) and the days at its edges', () => {
    expect(periodSlices('2022-04-01', '2023-03-31')).toEqual({
      months: { first: '2022-04-01', last: '2023-03-01' },
      fiscalYears: [2022],
      masks: [0xfff],
      edges: [],
    });
    expect(periodSlices('2022-12-15', '2024-01-10')).toEqual({
      months: { first: '2023-01-01', last: '2023-12-01' },
      fiscalYears: [2022, 2023],
      masks: [0b111000000000, 0b000111111111],
      edges: [
        ['2022-12-15', '2022-12-31'],
        ['2024-01-01', '2024-01-10'],
      ],
    });
    expect(periodSlices('2022-06-02', '2022-06-28')).toEqual({
      months: null,
      fiscalYears: [],
      masks: [],
      edges: [['2022-06-02', '2022-06-28']],
    });
    expect(periodSlices('2024-02-01', '2024-02-29').masks).toEqual([1 << 10]);
  });

  it('equals the live figures on the generated data', async () => {
    expect(await compare()).toBeGreaterThan(100);
    // The summary is not empty: the comparison is not between two empty answers.
    const [counts] = await sql(`SELECT count(*)::int AS n FROM period_visit_counts`);
    expect(counts.n).toBeGreaterThan(50);
  });

  it('follows approvals, returns and reopenings over HTTP (one and many)', async () => {
    const submitted = async (team: typeof teamA, visitedOn: string) => {
      const org = orgs.find((o) => o.stationId === team.station.id)!;
      return createVisit(t.ds, {
        stationId: team.station.id,
        organizationId: org.id,
        createdBy: team.officer.id,
        visitedOn,
        status: 'submitted',
        topics: ['leak_cases'],
      });
    };
    const versionOf = async (id: string) =>
      (await sql(`SELECT version FROM visits WHERE id = $1`, [id]))[0].version;
    const one = await submitted(teamA, '2026-11-20');
    await t
      .http()
      .post(`/api/v1/visits/${one}/approve`)
      .set(bearer(teamA.manager))
      .send({ version: await versionOf(one) })
      .expect(200);
    const many = [await submitted(teamB, '2026-10-02'), await submitted(teamB, '2023-01-31')];
    await t
      .http()
      .post('/api/v1/visits/approve')
      .set(bearer(teamB.manager))
      .send({ items: await Promise.all(many.map(async (id) => ({ id, version: await versionOf(id) }))) })
      .expect((res) => expect(res.status).toBeLessThan(300));
    const returned = await submitted(teamA, '2022-08-08');
    await t
      .http()
      .post(`/api/v1/visits/${returned}/return`)
      .set(bearer(teamA.manager))
      .send({ version: await versionOf(returned), reason: '追記してください' })
      .expect(200);
    // another approved visit than `one` (ids are random: the first by id could be `one` itself)
    const [approvedA] = await approvedIds(1, `AND v.station_id = '${teamA.station.id}' AND v.id <> '${one}'`);
    await t
      .http()
      .post(`/api/v1/visits/${approvedA}/reopen`)
      .set(bearer(teamA.manager))
      .send({ version: await versionOf(approvedA), reason: '訂正のため差戻し' })
      .expect(200);
    expect((await sql(`SELECT status FROM visits WHERE id = $1`, [one]))[0].status).toBe('approved');
    await compare();
  });

  it('follows edits after approval: topics, day, station, joint with, in one statement and many', async () => {
    const ids = await approvedIds(30);
    await sql(`UPDATE visits SET topics = ARRAY['cyber_trends', 'insider_risk'] WHERE id = ANY($1)`, [
      ids.slice(0, 5),
    ]);
    await sql(`UPDATE visits SET visited_on = visited_on + 40 WHERE id = ANY($1)`, [ids.slice(5, 12)]);
    await sql(`UPDATE visits SET station_id = $2 WHERE id = ANY($1)`, [ids.slice(12, 15), stationC.id]);
    await sql(
      `UPDATE visits SET joint_with = CASE WHEN joint_with IS NULL THEN '国' END WHERE id = ANY($1)`,
      [ids.slice(15, 22)],
    );
    await sql(`UPDATE visits SET approved_at = approved_at + interval '60 days' WHERE id = ANY($1)`, [
      ids.slice(22, 26),
    ]);
    // An unrelated column: no figure changes.
    await sql(`UPDATE visits SET summary = summary || '（追記）' WHERE id = ANY($1)`, [ids.slice(26, 30)]);
    await compare();
  });

  it('follows reverts and deletes (joint partners cascading), partners added and removed', async () => {
    const ids = await approvedIds(40, 'AND v.id IN (SELECT visit_id FROM visit_joint_partners)');
    await sql(`UPDATE visits SET status = 'returned', approved_at = NULL WHERE id = ANY($1)`, [
      ids.slice(0, 3),
    ]);
    await sql(`DELETE FROM visits WHERE id = ANY($1)`, [ids.slice(3, 6)]);
    const plain = await approvedIds(200, 'AND v.id NOT IN (SELECT visit_id FROM visit_joint_partners)');
    await sql(`DELETE FROM visits WHERE id = ANY($1)`, [plain.slice(0, 4)]);
    await sql(
      `INSERT INTO visit_joint_partners (visit_id, partner_id) SELECT id, $2 FROM unnest($1::uuid[]) AS u(id)`,
      [plain.slice(4, 12), partners[0]],
    );
    await sql(`DELETE FROM visit_joint_partners WHERE visit_id = ANY($1)`, [ids.slice(6, 12)]);
    await compare();
  });

  it('follows an organization merge over HTTP (visits and attendance moved)', async () => {
    const [target, source] = orgs.filter((o) => o.stationId === teamA.station.id);
    const [{ version }] = await sql(`SELECT version FROM organizations WHERE id = $1`, [target.id]);
    await t
      .http()
      .post(`/api/v1/organizations/${target.id}/merge`)
      .set(bearer(teamA.manager))
      .send({ sourceId: source.id, version })
      .expect(200);
    await compare();
  });

  it('follows organizations: sector, municipality and station changed', async () => {
    const [a, b, c] = orgs.filter((o) => o.stationId === teamB.station.id).slice(2);
    await sql(`UPDATE organizations SET sector = 'chemical' WHERE id = $1`, [a.id]);
    await sql(
      `UPDATE organizations SET municipality_code = '35203', municipality_name = '山陽小野田市' WHERE id = $1`,
      [b.id],
    );
    await sql(`UPDATE organizations SET station_id = $2 WHERE id = $1`, [c.id, stationC.id]);
    await compare();
  });

  it('follows seminars: attendance removed and moved, a seminar moved in time and deleted', async () => {
    const seminars: { id: string }[] = await sql(
      `SELECT id FROM seminars WHERE station_id = ANY($1) ORDER BY id`,
      [[teamA.station.id, teamB.station.id, stationC.id]],
    );
    await sql(
      `DELETE FROM seminar_participants WHERE id = (SELECT min(id::text)::uuid FROM seminar_participants WHERE seminar_id = $1)`,
      [seminars[0].id],
    );
    await sql(`UPDATE seminar_participants SET organization_id = $2 WHERE seminar_id = $1`, [
      seminars[1].id,
      orgs[5].id,
    ]);
    await sql(
      `UPDATE seminars SET held_on = held_on + 45, created_at = created_at + interval '45 days' WHERE id = $1`,
      [seminars[2].id],
    );
    await sql(`UPDATE seminars SET created_at = created_at + interval '400 days' WHERE id = $1`, [
      seminars[3].id,
    ]);
    await sql(`DELETE FROM seminars WHERE id = $1`, [seminars[4].id]);
    await compare();
  });

  it('serves the period report over HTTP from the summary (hq and a station)', async () => {
    const hq = await t.createUser('hq', null);
    const res = await t.http().get('/api/v1/reports/period?fiscalYear=2022').set(bearer(hq)).expect(200);
    const w = { from: '2022-04-01', to: '2023-03-31', ...jstInstantRange('2022-04-01', '2023-03-31') };
    const computed = await t.ds.transaction('REPEATABLE READ', (tx) =>
      repo.periodFigures(tx, w, scopeFor(null), null, live),
    );
    expect(res.body.visits).toEqual(computed.visits);
    expect(res.body.byStation).toEqual(computed.byStation);
    expect(res.body.organizations.reached).toBe(computed.organizations.reached);
    const own = await t
      .http()
      .get('/api/v1/reports/period?from=2022-05-17&to=2023-02-03')
      .set(bearer(teamB.officer))
      .expect(200);
    const station = await t.ds.transaction('REPEATABLE READ', (tx) =>
      repo.periodFigures(
        tx,
        { from: '2022-05-17', to: '2023-02-03', ...jstInstantRange('2022-05-17', '2023-02-03') },
        scopeFor(teamB.station.id),
        teamB.station.id,
        live,
      ),
    );
    expect(own.body.visits).toEqual(station.visits);
    expect(own.body.jointVisits.total).toBe(station.jointVisits.total);
  });

  it("keeps concurrent writers consistent: an approval and its organization's sector change at once", async () => {
    const org = await createOrg(t.ds, { stationId: teamA.station.id, sector: 'medical' });
    const visit = await createVisit(t.ds, {
      stationId: teamA.station.id,
      organizationId: org,
      createdBy: teamA.officer.id,
      visitedOn: '2022-09-14',
      status: 'submitted',
    });
    const a = new Client({ connectionString: t.runtimeUrl });
    const b = new Client({ connectionString: t.runtimeUrl });
    await a.connect();
    await b.connect();
    try {
      await a.query('BEGIN');
      await a.query(`UPDATE visits SET status = 'approved', approved_at = now() WHERE id = $1`, [visit]);
      await b.query('BEGIN');
      // Its trigger waits for the approval's lock on the organization, then sees the approval.
      const sector = b.query(`UPDATE organizations SET sector = 'chemical' WHERE id = $1`, [org]);
      await new Promise((r) => setTimeout(r, 300));
      await a.query('COMMIT');
      await sector;
      await b.query('COMMIT');
    } finally {
      await a.end();
      await b.end();
    }
    await compare();
  });

  it('fails the comparison when a trigger is missing (a visit moved with its update trigger off)', async () => {
    const owner = new Client({ connectionString: t.ownerUrl });
    await owner.connect();
    try {
      const [id] = await approvedIds(1, `AND v.visited_on BETWEEN '2022-05-01' AND '2023-02-28'`);
      await owner.query(`ALTER TABLE visits DISABLE TRIGGER visits_period_update`);
      try {
        await sql(`UPDATE visits SET visited_on = '2021-06-01' WHERE id = $1`, [id]);
      } finally {
        await owner.query(`ALTER TABLE visits ENABLE TRIGGER visits_period_update`);
      }
      await expect(compare()).rejects.toThrow();
      // Rebuilt from the base tables, the summary agrees again.
      await sql(`SELECT period_summary_rebuild()`);
      await compare();
    } finally {
      await owner.end();
    }
  });
});
