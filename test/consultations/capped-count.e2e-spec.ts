import { bearer, TestApp, TestUser } from '../helpers/test-app';
import { createOrganization } from '../visits/factories';

/**
 * GET /consultations counts at most 10,000 matches (API.md "Lists": `total` stops at 10,000 with
 * `"totalCapped": true`; issue 18: hq's exact count of a prefecture's consultations was the list's
 * cost): exactly 10,000 is an exact total, one more is capped; a filter that matches fewer counts
 * exactly again; pages past the first still come; the station scope holds.
 */
describe('consultations: capped count (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.create();
  });
  afterAll(() => t.close());

  const list = (user: TestUser, query = '') =>
    t.http().get(`/api/v1/consultations${query}`).set(bearer(user)).expect(200);

  /** `n` consultations of the station, set-based; every 1,000th is open, received one minute apart. */
  async function insertConsultations(
    stationId: string,
    organizationId: string,
    createdBy: string,
    n: number,
  ) {
    await t.ds.query(
      `INSERT INTO consultations (station_id, organization_id, received_at, category, summary, status, closed_at, created_by)
       SELECT $1, $2, timestamptz '2025-04-01 09:00+09' + g * interval '1 minute', 'targeted_email', '不審メールの相談',
              CASE WHEN g % 1000 = 0 THEN 'open' ELSE 'closed' END,
              CASE WHEN g % 1000 = 0 THEN NULL ELSE now() END, $3
         FROM generate_series(1, $4::int) g`,
      [stationId, organizationId, createdBy, n],
    );
  }

  it('stops at 10,000 with totalCapped; counts exactly up to it, and for a narrower filter', async () => {
    const { station, officer, manager } = await t.createStationTeam();
    const other = await t.createStationTeam();
    const organization = await createOrganization(t, station.id);
    await insertConsultations(station.id, organization.id, officer.id, 10_000);

    const exact = await list(officer, '?pageSize=50');
    expect(exact.body).toMatchObject({ total: 10_000, page: 1, pageSize: 50 });
    expect(exact.body).not.toHaveProperty('totalCapped');

    await insertConsultations(station.id, organization.id, officer.id, 1);
    const capped = await list(officer, '?pageSize=50');
    expect(capped.body).toMatchObject({ total: 10_000, totalCapped: true });
    expect(capped.body.items).toHaveLength(50);
    // newest first, as before: the one added last (received 2025-04-01 09:01) is not among the newest
    expect(capped.body.items[0].receivedAt).toBe('2025-04-08T07:40:00+09:00');

    const open = await list(manager, '?status=open&pageSize=50');
    expect(open.body).toMatchObject({ total: 10 });
    expect(open.body).not.toHaveProperty('totalCapped');
    expect(open.body.items).toHaveLength(10);

    const later = await list(officer, '?page=3&pageSize=200');
    expect(later.body.items).toHaveLength(200);
    expect(later.body).toMatchObject({ total: 10_000, totalCapped: true, page: 3 });

    const elsewhere = await list(other.officer);
    expect(elsewhere.body).toMatchObject({ total: 0, items: [] });
    expect(elsewhere.body).not.toHaveProperty('totalCapped');

    // hq sees every station's: capped too
    const hq = await list(other.hq, '?pageSize=20');
    expect(hq.body).toMatchObject({ total: 10_000, totalCapped: true });
  });
});
