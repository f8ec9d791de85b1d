import { coverageCtes, endOfJstDay } from '../../apps/api/src/coverage/coverage.sql';
import { addDays, todayJst } from '../../libs/japanese/jst';
import { bearer, TestApp, TestUser } from '../helpers/test-app';
import { createOrg, createSeminar, createVisit } from './factories';

/**
 * organization_last_reach is kept by triggers. After every kind of change to what counts as a
 * reach, it must equal its definition (the view organization_last_reach_computed), and coverage's
 * last reach as of any day must equal the full computation over organization_reach_events: the
 * latest reach dated on or before that day and recorded before its end in Japan.
 */
describe('organization_last_reach (kept by triggers)', () => {
  let t: TestApp;
  let team: Awaited<ReturnType<TestApp['createStationTeam']>>;
  const cadence = { A: 180, B: 365, C: 730 };

  beforeAll(async () => {
    t = await TestApp.create();
    team = await t.createStationTeam();
  });
  afterAll(() => t.close());

  const lastReach = async (orgIds: string[], day: string) => {
    const params: unknown[] = [orgIds];
    const ctes = coverageCtes(params, { asOf: day, cadence, organizationWhere: 'o.id = ANY($1::uuid[])' });
    const viaCoverage: { id: string; last: string | null }[] = await t.ds.query(
      `WITH ${ctes} SELECT cov.id, cov.last_on::text AS last FROM cov ORDER BY cov.id`,
      params,
    );
    return viaCoverage;
  };

  const fullComputation = async (orgIds: string[], day: string) =>
    t.ds.query(
      `SELECT o.id,
              (SELECT max(e.reached_on) FROM organization_reach_events e
                WHERE e.organization_id = o.id AND e.reached_on <= $2::date AND e.recorded_at < $3)::text AS last
         FROM organizations o
        WHERE o.id = ANY($1::uuid[]) AND o.status = 'active' AND o.created_at < $3
        ORDER BY o.id`,
      [orgIds, day, endOfJstDay(day)],
    );

  /** The kept rows equal the computed ones, and coverage as of each day equals the full computation. */
  async function expectInSync(orgIds: string[], days: string[]): Promise<void> {
    const rows = (source: string) =>
      t.ds.query(
        `SELECT organization_id, valid_from::text, valid_until::text, last_reached_on::text FROM ${source}
          WHERE organization_id = ANY($1::uuid[]) ORDER BY organization_id, valid_from`,
        [orgIds],
      );
    expect(await rows('organization_last_reach')).toEqual(await rows('organization_last_reach_computed'));
    for (const day of days) {
      expect({ day, last: await lastReach(orgIds, day) }).toEqual({ day, last: await fullComputation(orgIds, day) });
    }
  }

  const lastOn = async (orgId: string, day: string) => (await lastReach([orgId], day))[0]?.last ?? null;

  const visits = (user: TestUser, path: string, body: object = {}) =>
    t.http().post(`/api/v1/visits${path}`).set(bearer(user)).send(body);

  it('follows the visit workflow: approve, return, reopen, approve again', async () => {
    const org = await createOrg(t.ds, { stationId: team.station.id, tier: 'A' });
    const other = await createOrg(t.ds, { stationId: team.station.id, tier: 'B' });
    await createVisit(t.ds, {
      stationId: team.station.id,
      organizationId: org,
      createdBy: team.officer.id,
      visitedOn: '2023-01-10',
    });
    const days = ['2023-01-09', '2023-01-10', '2023-06-01', '2025-06-20', '2025-06-21', '2099-12-31'];
    await expectInSync([org, other], days);
    expect(await lastOn(org, '2023-06-01')).toBe('2023-01-10');

    const created = await visits(team.officer, '', {
      organizationId: org,
      visitedAt: '2025-06-21T10:00:00+09:00',
      format: 'on_site',
      officerIds: [team.officer.id],
      topics: ['leak_cases'],
      summary: '技術流出事案を紹介した。',
    }).expect(201);
    const id = created.body.id as string;
    await visits(team.officer, `/${id}/submit`).expect(200);
    await expectInSync([org, other], days);
    await visits(team.manager, `/${id}/return`, { reason: '追記してください' }).expect(200);
    await expectInSync([org, other], days);
    expect(await lastOn(org, '2099-12-31')).toBe('2023-01-10');

    await visits(team.officer, `/${id}/submit`).expect(200);
    await visits(team.manager, `/${id}/approve`).expect(200);
    await expectInSync([org, other], days);
    expect(await lastOn(org, '2099-12-31')).toBe('2025-06-21');
    // Approved today: as of yesterday it did not count yet.
    expect(await lastOn(org, addDays(todayJst(), -1))).toBe('2023-01-10');

    await visits(team.manager, `/${id}/reopen`, { reason: '訪問日時の訂正' }).expect(200);
    await expectInSync([org, other], days);
    expect(await lastOn(org, '2099-12-31')).toBe('2023-01-10');

    await visits(team.officer, `/${id}/submit`).expect(200);
    await visits(team.manager, `/${id}/approve`).expect(200);
    await expectInSync([org, other], days);
    expect(await lastOn(org, '2099-12-31')).toBe('2025-06-21');
  });

  it('counts a late approval only from its day, and follows edits and deletes of visits', async () => {
    const org = await createOrg(t.ds, { stationId: team.station.id, tier: 'A' });
    const visitId = await createVisit(t.ds, {
      stationId: team.station.id,
      organizationId: org,
      createdBy: team.officer.id,
      visitedOn: '2023-06-20',
      approvedAt: '2023-07-01T00:30:00+09:00',
    });
    const days = ['2023-06-19', '2023-06-20', '2023-06-30', '2023-07-01', '2023-07-02'];
    await expectInSync([org], days);
    expect(await lastOn(org, '2023-06-30')).toBeNull();
    expect(await lastOn(org, '2023-07-01')).toBe('2023-06-20');

    // Approval recorded earlier (a correction): it counts from the visit day.
    await t.ds.query(`UPDATE visits SET approved_at = '2023-06-20T18:00:00+09:00' WHERE id = $1`, [visitId]);
    await expectInSync([org], days);
    expect(await lastOn(org, '2023-06-20')).toBe('2023-06-20');

    await t.ds.query(`UPDATE visits SET visited_on = '2023-06-25', visited_at = '2023-06-25T10:00:00+09:00' WHERE id = $1`, [
      visitId,
    ]);
    await expectInSync([org], [...days, '2023-06-24', '2023-06-25']);

    await t.ds.query(`DELETE FROM visits WHERE id = $1`, [visitId]);
    await expectInSync([org], days);
    expect(await lastOn(org, '2023-07-02')).toBeNull();
    expect(await t.ds.query(`SELECT 1 FROM organization_last_reach WHERE organization_id = $1`, [org])).toEqual([]);
  });

  it('follows seminar attendance added, removed, re-dated and deleted', async () => {
    const org = await createOrg(t.ds, { stationId: team.station.id, tier: 'B' });
    const other = await createOrg(t.ds, { stationId: team.station.id, tier: 'C' });
    const days = ['2023-02-28', '2023-03-01', '2023-03-15', '2023-03-16', '2023-04-01'];
    const created = await t
      .http()
      .post('/api/v1/seminars')
      .set(bearer(team.officer))
      .send({
        title: 'サイバーセキュリティセミナー',
        kind: 'seminar',
        heldOn: '2023-03-15',
        topics: ['cyber_trends'],
        participants: [
          { organizationId: org, attendeeCount: 3 },
          { name: '岩国市立中学校', attendeeCount: 40 },
        ],
      })
      .expect(201);
    await expectInSync([org, other], days);
    expect(await lastOn(org, '2099-12-31')).toBe('2023-03-15');

    const patch = (body: object) =>
      t.http().patch(`/api/v1/seminars/${created.body.id}`).set(bearer(team.manager)).send(body).expect(200);
    let version = created.body.version as number;
    version = (await patch({ version, participants: [{ organizationId: other, attendeeCount: 2 }] })).body.version;
    await expectInSync([org, other], days);
    expect(await lastOn(org, '2099-12-31')).toBeNull();
    expect(await lastOn(other, '2099-12-31')).toBe('2023-03-15');

    await patch({ version, heldOn: '2023-03-01' });
    await expectInSync([org, other], days);
    expect(await lastOn(other, '2099-12-31')).toBe('2023-03-01');

    // Attendance rows moved to another organization, then the seminar deleted (attendance cascades).
    await t.ds.query(`UPDATE seminar_participants SET organization_id = $1 WHERE organization_id = $2`, [org, other]);
    await expectInSync([org, other], days);
    const seminarId = await createSeminar(t.ds, {
      stationId: team.station.id,
      createdBy: team.officer.id,
      heldOn: '2023-03-16',
      participants: [{ organizationId: other, attendeeCount: 1 }],
    });
    await expectInSync([org, other], days);
    await t.ds.query(`DELETE FROM seminars WHERE id = ANY($1::uuid[])`, [[created.body.id, seminarId]]);
    await expectInSync([org, other], days);
    expect(await lastOn(org, '2099-12-31')).toBeNull();
    expect(await lastOn(other, '2099-12-31')).toBeNull();
  });

  it('follows an organization merge: the source’s visits and attendance move to the target', async () => {
    const target = await createOrg(t.ds, { stationId: team.station.id, tier: 'A' });
    const source = await createOrg(t.ds, { stationId: team.station.id, tier: 'A' });
    const by = team.officer.id;
    await createVisit(t.ds, { stationId: team.station.id, organizationId: target, createdBy: by, visitedOn: '2022-01-05' });
    await createVisit(t.ds, { stationId: team.station.id, organizationId: source, createdBy: by, visitedOn: '2023-05-05' });
    await createSeminar(t.ds, {
      stationId: team.station.id,
      createdBy: by,
      heldOn: '2023-08-08',
      participants: [{ organizationId: source, attendeeCount: 2 }],
    });
    const days = ['2022-01-05', '2023-05-04', '2023-05-05', '2023-08-08', '2023-08-09'];
    await expectInSync([target, source], days);
    await t
      .http()
      .post(`/api/v1/organizations/${target}/merge`)
      .set(bearer(team.manager))
      .send({ sourceId: source, version: 1 })
      .expect(200);
    await expectInSync([target, source], days);
    expect(await lastOn(target, '2023-05-05')).toBe('2023-05-05');
    expect(await lastOn(target, '2023-08-09')).toBe('2023-08-08');
    expect(await t.ds.query(`SELECT 1 FROM organization_last_reach WHERE organization_id = $1`, [source])).toEqual([]);
  });

  it('keeps up with set-based statements over many organizations', async () => {
    const orgs: string[] = [];
    for (let i = 0; i < 30; i++) orgs.push(await createOrg(t.ds, { stationId: team.station.id, tier: 'C' }));
    await t.ds.query(
      `INSERT INTO visits (station_id, organization_id, visited_at, visited_on, format, status, created_by, approved_at)
       SELECT $1, o.id, d + time '10:00' - interval '9 hours', d, 'on_site',
              CASE WHEN g % 4 = 0 THEN 'draft' ELSE 'approved' END, $2,
              CASE WHEN g % 4 = 0 THEN NULL ELSE d + time '18:00' - interval '9 hours' + (g % 3) * interval '1 day' END
         FROM unnest($3::uuid[]) WITH ORDINALITY AS o(id, n)
         CROSS JOIN generate_series(1, 5) g
         CROSS JOIN LATERAL (SELECT date '2023-01-01' + ((n * 37 + g * 53) % 200)::int AS d) x`,
      [team.station.id, team.officer.id, orgs],
    );
    const days = ['2023-01-01', '2023-02-15', '2023-04-01', '2023-05-10', '2023-07-20', '2024-01-01'];
    await expectInSync(orgs, days);
    await t.ds.query(
      `UPDATE visits SET status = 'draft', approved_at = NULL
        WHERE organization_id = ANY($1::uuid[]) AND visited_on > '2023-05-01'`,
      [orgs.slice(0, 15)],
    );
    await expectInSync(orgs, days);
    await t.ds.query(`UPDATE visits SET organization_id = $1 WHERE organization_id = ANY($2::uuid[])`, [
      orgs[0],
      orgs.slice(20),
    ]);
    await expectInSync(orgs, days);
  });

  it('stays exact through a random sequence of changes (seeded)', async () => {
    let seed = 20250621;
    const random = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
      return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
    };
    const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)];
    const day = () => `2023-${String(1 + Math.floor(random() * 3)).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`;
    const orgs: string[] = [];
    for (let i = 0; i < 4; i++) orgs.push(await createOrg(t.ds, { stationId: team.station.id, tier: pick(['A', 'B', 'C']) }));
    const days: string[] = [];
    for (let m = 1; m <= 4; m++) for (const d of [1, 8, 15, 22, 28]) days.push(`2023-0${m}-${String(d).padStart(2, '0')}`);
    const any = async (sql: string) => (await t.ds.query(sql, [orgs]))[0]?.id as string | undefined;
    for (let step = 0; step < 60; step++) {
      const op = Math.floor(random() * 8);
      const org = pick(orgs);
      const on = day();
      if (op <= 1) {
        const approved = random() < 0.7;
        await createVisit(t.ds, {
          stationId: team.station.id,
          organizationId: org,
          createdBy: team.officer.id,
          visitedOn: on,
          status: approved ? 'approved' : pick(['draft', 'submitted', 'returned'] as const),
          approvedAt: approved ? `${pick([on, day()])}T${pick(['00:10', '18:00', '23:50'])}:00+09:00` : null,
        });
      } else if (op === 2) {
        const id = await any(`SELECT id FROM visits WHERE organization_id = ANY($1::uuid[]) ORDER BY random() LIMIT 1`);
        if (id) await t.ds.query(`UPDATE visits SET status = 'draft', approved_at = NULL WHERE id = $1`, [id]);
      } else if (op === 3) {
        const id = await any(`SELECT id FROM visits WHERE organization_id = ANY($1::uuid[]) ORDER BY random() LIMIT 1`);
        if (id)
          await t.ds.query(`UPDATE visits SET status = 'approved', approved_at = $2, visited_on = $3 WHERE id = $1`, [
            id,
            `${day()}T12:00:00+09:00`,
            on,
          ]);
      } else if (op === 4) {
        const id = await any(`SELECT id FROM visits WHERE organization_id = ANY($1::uuid[]) ORDER BY random() LIMIT 1`);
        if (id) await t.ds.query(`DELETE FROM visits WHERE id = $1`, [id]);
      } else if (op === 5) {
        await createSeminar(t.ds, {
          stationId: team.station.id,
          createdBy: team.officer.id,
          heldOn: on,
          createdAt: `${pick([on, day()])}T20:00:00+09:00`,
          participants: [{ organizationId: org, attendeeCount: 1 }, { organizationId: pick(orgs), attendeeCount: 2 }],
        });
      } else if (op === 6) {
        const id = await any(
          `SELECT p.seminar_id AS id FROM seminar_participants p WHERE p.organization_id = ANY($1::uuid[]) ORDER BY random() LIMIT 1`,
        );
        if (id) {
          if (random() < 0.5) await t.ds.query(`UPDATE seminars SET held_on = $2 WHERE id = $1`, [id, on]);
          else await t.ds.query(`DELETE FROM seminar_participants WHERE seminar_id = $1 AND organization_id = $2`, [id, org]);
        }
      } else {
        await t.ds.query(`UPDATE visits SET organization_id = $1 WHERE organization_id = $2`, [org, pick(orgs)]);
      }
      if (step % 5 === 4) await expectInSync(orgs, days);
    }
    await expectInSync(orgs, days);
  });

  it('serializes concurrent writers of one organization: the later one sees what the first committed', async () => {
    const org = await createOrg(t.ds, { stationId: team.station.id, tier: 'A' });
    const first = t.ds.createQueryRunner();
    const second = t.ds.createQueryRunner();
    const insert = `INSERT INTO visits (station_id, organization_id, visited_at, visited_on, format, status, created_by, approved_at)
       VALUES ($1, $2, $3::date + time '01:00', $3, 'on_site', 'approved', $4, $3::date + time '09:00')`;
    try {
      await first.startTransaction();
      await second.startTransaction();
      await first.query(insert, [team.station.id, org, '2023-04-01', team.officer.id]);
      // Waits for the first transaction's lock on the organization, then recomputes.
      const waiting = second.query(insert, [team.station.id, org, '2023-03-01', team.officer.id]);
      await new Promise((resolve) => setTimeout(resolve, 200));
      await first.commitTransaction();
      await waiting;
      await second.commitTransaction();
    } finally {
      await first.release();
      await second.release();
    }
    await expectInSync([org], ['2023-03-01', '2023-04-01']);
    expect(await lastOn(org, '2023-04-01')).toBe('2023-04-01');
  });
});
