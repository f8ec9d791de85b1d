import { loadConfig } from '../../libs/config/app-config';
import { Client } from 'pg';
import type { EntityManager } from 'typeorm';
import { endOfJstDay } from '../../apps/api/src/coverage/coverage.sql';
import { ReportsRepository } from '../../apps/api/src/reports/reports.repository';
import { summaryTaskVisits } from '../../apps/api/src/reports/strategy-summary';
import { seedDemoIfEmpty } from '../../apps/api/src/demo/demo-seed';
import { createOrg } from '../coverage/factories';
import { bearer, TestApp, TestStation, TestUser } from '../helpers/test-app';

/**
 * The strategy table's figures kept ready by triggers (migrations/1801000000100-StrategyFigures.ts)
 * against the live computation (ReportsRepository.taskVisits, the oracle): random visits over two
 * stations, topics, statuses, days and approval days, then edits, approvals and reverts over HTTP,
 * deletes, partners, a merge, a sector change and task topic changes — after each step, for the
 * prefecture and each station and days around month ends, the two agree. Then each trigger is
 * dropped in turn (in a rolled-back transaction) to show the comparison notices it missing.
 */

/** A small deterministic PRNG (mulberry32): the same data every run. */
function rng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const TOPICS = [
  'leak_cases',
  'foreign_activities',
  'cyber_trends',
  'consultation_desk',
  'export_control',
  'insider_risk',
  'info_management',
  'other',
];
const SECTORS = ['advanced_tech', 'university', 'medical', 'manufacturing', 'zz_not_in_code_list', null];
const AS_OF = [
  '2022-01-31',
  '2022-06-15',
  '2022-12-31',
  '2023-01-01',
  '2023-03-31',
  '2023-04-10',
  '2023-06-30',
  '2023-11-30',
  '2023-12-01',
  '2024-02-29',
  '2024-12-31',
  '2030-01-01',
];

const addDays = (day: string, n: number) => {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};

type Queryable = Pick<EntityManager, 'query'>;

/** Differences between the kept figures and the live ones, for hq and the stations, on every day of AS_OF. */
async function figureDifferences(db: Queryable, stationIds: string[]): Promise<string[]> {
  const repo = new ReportsRepository(loadConfig({}));
  const tasks: { id: string; topics: string[] }[] = await db.query(
    `SELECT id, topics FROM strategy_tasks ORDER BY id`,
  );
  const out: string[] = [];
  for (const stationId of [null, ...stationIds]) {
    const scope = (params: unknown[]) => (stationId ? `v.station_id = $${params.push(stationId)}` : 'TRUE');
    for (const asOf of AS_OF) {
      const live = await repo.taskVisits(db as EntityManager, tasks, asOf, endOfJstDay(asOf), scope);
      const kept = await summaryTaskVisits(
        db as EntityManager,
        tasks.map((x) => x.id),
        asOf,
        stationId,
      );
      const same = (x: typeof kept) => JSON.stringify([x.totals, x.sectors, x.joint]);
      if (same(kept) !== same(live))
        out.push(`${stationId ?? 'hq'} ${asOf}: kept ${JSON.stringify(kept)} live ${JSON.stringify(live)}`);
    }
  }
  return out;
}

describe('strategy figures kept ready (e2e)', () => {
  let t: TestApp;
  let team: Awaited<ReturnType<TestApp['createStationTeam']>>;
  let other: TestStation;
  let otherOfficer: TestUser;
  let orgs: { id: string; stationId: string }[];
  let partnerId: string;
  const random = rng(20261201);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];

  beforeAll(async () => {
    t = await TestApp.create();
    team = await t.createStationTeam();
    other = await t.createStation({ name: '柳井警察署' });
    otherOfficer = await t.createUser('officer', other.id);
    orgs = [];
    for (let i = 0; i < 24; i++) {
      const stationId = i % 3 === 2 ? other.id : team.station.id;
      orgs.push({ id: await createOrg(t.ds, { stationId, sector: SECTORS[i % SECTORS.length] }), stationId });
    }
    const [p] = await t.ds.query(
      `INSERT INTO partners (prefecture_code, name, kind) VALUES ('35', '山口県商工労働部', 'prefecture') RETURNING id`,
    );
    partnerId = p.id;
  });

  afterAll(async () => {
    await t?.close();
  });

  const differences = (db: Queryable) => figureDifferences(db, [team.station.id, other.id]);

  /** Fails with the differences listed (never an unexplained false). */
  async function expectSame(step: string): Promise<void> {
    const diff = await differences(t.ds.manager);
    expect({ step, diff: diff.slice(0, 3) }).toEqual({ step, diff: [] });
  }

  /** `n` random visits in one statement (one trigger run over many rows, as a seed does). */
  async function insertVisits(n: number): Promise<void> {
    const rows = Array.from({ length: n }, () => {
      const org = pick(orgs);
      const visitedOn = addDays('2022-01-01', Math.floor(random() * 1000));
      const status = pick(['approved', 'approved', 'approved', 'submitted', 'returned', 'draft']);
      // Approved the same day mostly; sometimes weeks later (across a month end or an asOf).
      const approvedOn = random() < 0.6 ? visitedOn : addDays(visitedOn, Math.floor(random() * 45));
      const topics = [...new Set([pick(TOPICS), ...(random() < 0.4 ? [pick(TOPICS)] : [])])];
      // Now and then a visit recorded by the other station than the organization's own.
      const stationId =
        random() < 0.1 ? (org.stationId === other.id ? team.station.id : other.id) : org.stationId;
      return {
        stationId,
        organizationId: org.id,
        visitedOn,
        status,
        approvedAt:
          status === 'approved' ? `${approvedOn}T${random() < 0.2 ? '23:30' : '18:00'}:00+09:00` : null,
        topics: `{${topics.join(',')}}`,
        jointWith: random() < 0.15 ? pick(['県警本部と共同', '  ', '']) : null,
      };
    });
    await t.ds.query(
      `INSERT INTO visits (station_id, organization_id, visited_at, visited_on, format, topics, summary, status,
         created_by, submitted_at, approved_at, approved_by, joint_with)
       SELECT r.station_id, r.organization_id, r.visited_on + time '10:00' - interval '9 hours', r.visited_on, 'on_site',
              r.topics::text[], '説明した', r.status, $8, CASE WHEN r.status <> 'draft' THEN r.visited_on + time '17:00' - interval '9 hours' END,
              r.approved_at, CASE WHEN r.approved_at IS NOT NULL THEN $8::uuid END, r.joint_with
         FROM unnest($1::uuid[], $2::uuid[], $3::date[], $4::text[], $5::timestamptz[], $6::text[], $7::text[])
           AS r(station_id, organization_id, visited_on, status, approved_at, topics, joint_with)`,
      [
        rows.map((r) => r.stationId),
        rows.map((r) => r.organizationId),
        rows.map((r) => r.visitedOn),
        rows.map((r) => r.status),
        rows.map((r) => r.approvedAt),
        rows.map((r) => r.topics),
        rows.map((r) => r.jointWith),
        team.officer.id,
      ],
    );
  }

  it('keeps the figures equal to the live computation through every kind of change', async () => {
    await expectSame('no visits');
    await insertVisits(400);
    await expectSame('random visits');
    await t.ds.query(
      `INSERT INTO visit_joint_partners (visit_id, partner_id)
       SELECT v.id, $1 FROM visits v WHERE v.status = 'approved' AND v.joint_with IS NULL
        ORDER BY v.id LIMIT 25`,
      [partnerId],
    );
    await expectSame('partners added');

    // Edits of approved visits in one statement: topics, days, approval days, station, joint_with.
    const some: { id: string }[] = await t.ds.query(
      `SELECT id FROM visits WHERE status = 'approved' ORDER BY md5(id::text) LIMIT 40`,
    );
    for (const [i, { id }] of some.entries()) {
      const column = i % 5;
      if (column === 0) await t.ds.query(`UPDATE visits SET topics = $2 WHERE id = $1`, [id, [pick(TOPICS)]]);
      if (column === 1)
        await t.ds.query(`UPDATE visits SET visited_on = visited_on - 20 WHERE id = $1`, [id]);
      if (column === 2)
        await t.ds.query(`UPDATE visits SET approved_at = approved_at + interval '31 days' WHERE id = $1`, [
          id,
        ]);
      if (column === 3)
        await t.ds.query(`UPDATE visits SET station_id = $2 WHERE id = $1`, [
          id,
          pick([team.station.id, other.id]),
        ]);
      if (column === 4)
        await t.ds.query(
          `UPDATE visits SET joint_with = CASE WHEN joint_with IS NULL THEN '共同' END WHERE id = $1`,
          [id],
        );
    }
    await t.ds.query(
      `UPDATE visits SET topics = array_append(topics, 'export_control') WHERE id = ANY($1::uuid[])`,
      [some.slice(0, 10).map((r) => r.id)],
    );
    await expectSame('edits');

    // Approvals and reverts (reopen) through the API, as a manager does them.
    const submitted: { id: string; version: number }[] = await t.ds.query(
      `SELECT id, version FROM visits WHERE status = 'submitted' AND station_id = $1 ORDER BY id LIMIT 6`,
      [team.station.id],
    );
    for (const v of submitted)
      await t
        .http()
        .post(`/api/v1/visits/${v.id}/approve`)
        .set(bearer(team.manager))
        .send({ version: v.version })
        .expect(200);
    const approved: { id: string; version: number }[] = await t.ds.query(
      `SELECT id, version FROM visits WHERE status = 'approved' AND station_id = $1 ORDER BY md5(id::text) LIMIT 5`,
      [team.station.id],
    );
    for (const v of approved)
      await t
        .http()
        .post(`/api/v1/visits/${v.id}/reopen`)
        .set(bearer(team.manager))
        .send({ version: v.version, reason: '記載内容の確認のため差し戻す' })
        .expect(200);
    await expectSame('approvals and reverts');

    await t.ds.query(
      `DELETE FROM visits WHERE id IN (SELECT id FROM visits ORDER BY md5(id::text || 'd') LIMIT 30)`,
    );
    await t.ds.query(
      `DELETE FROM visit_joint_partners WHERE visit_id IN (SELECT visit_id FROM visit_joint_partners ORDER BY visit_id LIMIT 8)`,
    );
    await expectSame('deletes');

    // A merge through the API: the visits of the organization merged away move to the one kept.
    const [keep, gone] = orgs.filter((o) => o.stationId === team.station.id);
    const [{ version }] = await t.ds.query(`SELECT version FROM organizations WHERE id = $1`, [keep.id]);
    await t
      .http()
      .post(`/api/v1/organizations/${keep.id}/merge`)
      .set(bearer(team.manager))
      .send({ sourceId: gone.id, version })
      .expect(200);
    await expectSame('merge');

    await t.ds.query(`UPDATE organizations SET sector = 'medical' WHERE id = ANY($1::uuid[])`, [
      orgs.slice(3, 9).map((o) => o.id),
    ]);
    await t.ds.query(`UPDATE organizations SET sector = NULL WHERE id = $1`, [orgs[10].id]);
    await expectSame('sector changes');

    // Task topics changed and a task added by the admin (the API), then one removed.
    const [task] = await t.ds.query(
      `SELECT id, version FROM strategy_tasks WHERE prefecture_code = '35' ORDER BY sort_order LIMIT 1`,
    );
    await t
      .http()
      .patch(`/api/v1/reports/strategy-tasks/${task.id}`)
      .set(bearer(team.admin))
      .send({ version: task.version, topics: ['insider_risk', 'other'] })
      .expect(200);
    const created = await t
      .http()
      .post('/api/v1/reports/strategy-tasks')
      .set(bearer(team.admin))
      .send({
        prefectureCode: '35',
        heading: '情報管理の徹底',
        leadAgencies: ['各警察署'],
        topics: ['info_management'],
      })
      .expect(201);
    await expectSame('task topics');
    await t.ds.query(`DELETE FROM strategy_tasks WHERE id = $1`, [created.body.id]);
    await expectSame('task removed');

    // More random visits after all that; then a full rebuild gives the very same rows.
    await insertVisits(150);
    await expectSame('more visits');
    const kept = async () =>
      t.ds
        .query(`SELECT 'd' AS t, task_id, scope_id, day::text AS k, NULL AS s, visits AS a, joint_visits AS b
                    FROM strategy_task_days WHERE visits <> 0 OR joint_visits <> 0
                  UNION ALL
                  SELECT 'm', task_id, scope_id, month::text, sector, organizations, joint_organizations
                    FROM strategy_task_months WHERE organizations <> 0 OR joint_organizations <> 0
                  UNION ALL
                  SELECT 'r', task_id, scope_id, organization_id::text, sector || first_on || coalesce(joint_first_on::text, '') || days::text || joint_days::text, 0, 0
                    FROM strategy_task_reach
                  ORDER BY 1, 2, 3, 4, 5`);
    const before = await kept();
    expect(before.length).toBeGreaterThan(100);
    await t.ds.query(`SELECT strategy_figures_rebuild(NULL)`);
    expect(await kept()).toEqual(before);
  });

  it('stays exact under concurrent writers of the same organizations', async () => {
    // Twelve transactions at once over three organizations' visits (each waits for the one before
    // on the organization's lock, then recomputes from what it committed).
    const targets: { id: string }[] = await t.ds.query(
      `SELECT id FROM visits WHERE organization_id = ANY($1::uuid[]) ORDER BY id`,
      [orgs.slice(0, 3).map((o) => o.id)],
    );
    expect(targets.length).toBeGreaterThan(6);
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        t.ds.transaction(async (tx) => {
          const mine = targets.filter((_v, k) => k % 4 === i % 4).map((v) => v.id);
          await tx.query(
            `UPDATE visits SET status = CASE WHEN status = 'approved' THEN 'submitted' ELSE 'approved' END,
                    approved_at = CASE WHEN status = 'approved' THEN NULL ELSE visited_on + time '12:00' - interval '9 hours' END,
                    visited_on = visited_on + $2::int
              WHERE id = ANY($1::uuid[])`,
            [mine, (i % 3) - 1],
          );
          await tx.query(`SELECT pg_sleep(0.02)`);
          await tx.query(`UPDATE visits SET topics = $2 WHERE id = $1`, [
            mine[0],
            [TOPICS[i % TOPICS.length]],
          ]);
        }),
      ),
    );
    await expectSame('concurrent writers');
  });

  it('answers the suggestions from the kept figures as the live computation would (hq, station)', async () => {
    // `from` before every record takes the live path: the same bullets, counted from the visits.
    for (const [user, query] of [
      [team.hq, 'asOf=2023-06-30'],
      [team.hq, 'asOf=2024-12-31'],
      [team.manager, 'asOf=2023-12-01'],
      [team.hq, `asOf=2024-02-29&stationId=${other.id}`],
    ] as const) {
      const kept = await t
        .http()
        .get(`/api/v1/reports/strategy-tasks/suggestions?${query}`)
        .set(bearer(user))
        .expect(200);
      const live = await t
        .http()
        .get(`/api/v1/reports/strategy-tasks/suggestions?${query}&from=2000-01-01`)
        .set(bearer(user))
        .expect(200);
      expect(kept.body.items.some((i: { bullets: unknown[] }) => i.bullets.length > 0)).toBe(true);
      expect(kept.body.items).toEqual(live.body.items);
    }
    // Another station's officer sees neither (403 for officers; the scope is the table's).
    await t.http().get('/api/v1/reports/strategy-tasks/suggestions').set(bearer(otherOfficer)).expect(403);
  });

  it('notices any trigger missing', async () => {
    const owner = new Client({ connectionString: t.ownerUrl });
    await owner.connect();
    const db = {
      query: async (sql: string, params?: unknown[]) => (await owner.query(sql, params)).rows,
    } as unknown as Queryable;
    const someApproved = `(SELECT id FROM visits WHERE status = 'approved' AND joint_with IS NULL
                            AND NOT EXISTS (SELECT 1 FROM visit_joint_partners jp WHERE jp.visit_id = visits.id)
                            AND topics && ARRAY['leak_cases','cyber_trends','foreign_activities']
                            ORDER BY id LIMIT 5)`;
    const cases: [trigger: string, table: string, change: string][] = [
      [
        'visits_strategy_figures_insert',
        'visits',
        `INSERT INTO visits (station_id, organization_id, visited_at, visited_on, format, topics, status, created_by, approved_at)
         SELECT station_id, organization_id, visited_at, visited_on, format, topics, status, created_by, approved_at
           FROM visits WHERE id IN ${someApproved}`,
      ],
      [
        'visits_strategy_figures_update',
        'visits',
        `UPDATE visits SET status = 'draft', approved_at = NULL WHERE id IN ${someApproved}`,
      ],
      ['visits_strategy_figures_delete', 'visits', `DELETE FROM visits WHERE id IN ${someApproved}`],
      [
        'visit_joint_partners_strategy_figures_insert',
        'visit_joint_partners',
        `INSERT INTO visit_joint_partners (visit_id, partner_id) SELECT id, '${partnerId}' FROM visits WHERE id IN ${someApproved}`,
      ],
      [
        'visit_joint_partners_strategy_figures_delete',
        'visit_joint_partners',
        `DELETE FROM visit_joint_partners WHERE visit_id IN (SELECT jp.visit_id FROM visit_joint_partners jp
           JOIN visits v ON v.id = jp.visit_id WHERE v.status = 'approved' AND v.joint_with IS NULL)`,
      ],
      [
        'organizations_strategy_figures_update',
        'organizations',
        `UPDATE organizations SET sector = 'chemical' WHERE id IN (SELECT organization_id FROM visits WHERE id IN ${someApproved})`,
      ],
      [
        'strategy_tasks_strategy_figures_update',
        'strategy_tasks',
        `UPDATE strategy_tasks SET topics = ARRAY['export_control'] WHERE prefecture_code = '35'`,
      ],
      [
        'strategy_tasks_strategy_figures_insert',
        'strategy_tasks',
        `INSERT INTO strategy_tasks (prefecture_code, title, lead_agencies, topics) VALUES ('35', '追加', '{}', ARRAY['leak_cases'])`,
      ],
    ];
    try {
      expect(await differences(db)).toEqual([]);
      for (const [trigger, table, change] of cases) {
        await owner.query('BEGIN');
        try {
          await owner.query(`DROP TRIGGER ${trigger} ON ${table}`);
          await owner.query(change);
          expect({ trigger, noticed: (await differences(db)).length > 0 }).toEqual({
            trigger,
            noticed: true,
          });
        } finally {
          await owner.query('ROLLBACK');
        }
      }
    } finally {
      await owner.end();
    }
  });
});

describe('strategy figures of the demo data (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.create();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('are kept by the demo seed too', async () => {
    expect(await seedDemoIfEmpty(t.ds, () => undefined)).toBe(true);
    const stations: { id: string }[] = await t.ds.query(`SELECT id FROM stations ORDER BY id`);
    const [{ n }] = await t.ds.query(`SELECT count(*)::int AS n FROM strategy_task_reach`);
    expect(n).toBeGreaterThan(0);
    expect(
      await figureDifferences(
        t.ds.manager,
        stations.map((x) => x.id),
      ),
    ).toEqual([]);
  });
});
