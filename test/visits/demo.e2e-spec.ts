import { seedConsultationsDemo } from '../../apps/api/src/consultations/consultations.demo';
import type { DemoContext } from '../../apps/api/src/demo/demo-seed';
import { seedVisitsDemo } from '../../apps/api/src/visits/visits.demo';
import { bearer, TestApp } from '../helpers/test-app';
import { createOrganization } from './factories';

describe('visits and consultations demo data', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.create();
  });
  afterAll(() => t.close());

  async function context(): Promise<{
    ctx: DemoContext;
    team: Awaited<ReturnType<TestApp['createStationTeam']>>;
  }> {
    const team = await t.createStationTeam();
    const other = await t.createStation();
    const officer2 = await t.createUser('officer', team.station.id);
    const yanai = await t.createUser('officer', other.id);
    const ctx: DemoContext = {
      stationId: team.station.id,
      otherStationId: other.id,
      users: {
        admin: team.admin.id,
        hq: team.hq.id,
        manager: team.manager.id,
        officer: team.officer.id,
        officer2: officer2.id,
        yanaiOfficer: yanai.id,
      },
      log: () => undefined,
    };
    return { ctx, team };
  }

  it('seeds six visits in every state and two consultations, readable through the API', async () => {
    const { ctx, team } = await context();
    for (const name of ['岩国精密工業', '和木化学', '岩国大学', '岩国中央病院'])
      await createOrganization(t, ctx.stationId, { name });
    await t.ds.transaction(async (tx) => {
      await seedVisitsDemo(tx, ctx);
      await seedConsultationsDemo(tx, ctx);
    });
    const statuses = await t.ds.query(
      `SELECT status, count(*)::int AS n FROM visits WHERE station_id = $1 GROUP BY status ORDER BY status`,
      [ctx.stationId],
    );
    expect(statuses).toEqual([
      { status: 'approved', n: 3 },
      { status: 'draft', n: 1 },
      { status: 'returned', n: 1 },
      { status: 'submitted', n: 1 },
    ]);
    const visits = await t.http().get('/api/v1/visits').set(bearer(team.manager)).expect(200);
    expect(visits.body.total).toBe(5); // the draft is private to officer2
    const approvals = await t
      .http()
      .get('/api/v1/visits?awaitingMyApproval=true')
      .set(bearer(team.manager))
      .expect(200);
    expect(approvals.body.total).toBe(1);
    const consultations = await t.http().get('/api/v1/consultations').set(bearer(team.officer)).expect(200);
    expect(consultations.body.total).toBe(2);
    expect(consultations.body.items.filter((c: { masked: boolean }) => c.masked)).toHaveLength(1);
  });

  it('inserts nothing when the station has no organizations', async () => {
    const { ctx } = await context();
    await t.ds.transaction(async (tx) => {
      await seedVisitsDemo(tx, ctx);
      await seedConsultationsDemo(tx, ctx);
    });
    const [{ n }] = await t.ds.query(
      `SELECT (SELECT count(*) FROM visits WHERE station_id = $1) + (SELECT count(*) FROM consultations WHERE station_id = $1) AS n`,
      [ctx.stationId],
    );
    expect(Number(n)).toBe(0);
  });
});
