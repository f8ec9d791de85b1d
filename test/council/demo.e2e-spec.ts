import { seedDemoIfEmpty } from '../../apps/api/src/demo/demo-seed';
import { bearer, TestApp } from '../helpers/test-app';

describe('partners, seminars and council demo data', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.create();
  });
  afterAll(() => t.close());

  it('seeds the June 2023 council meeting with follow-ups and evidence, readable through the API', async () => {
    expect(await seedDemoIfEmpty(t.ds, () => undefined)).toBe(true);
    const [iwakuni] = await t.ds.query(`SELECT id FROM stations WHERE code = 'iwakuni'`);
    const manager = await t.createUser('manager', iwakuni.id);
    const hq = await t.createUser('hq', null);

    const partners = await t.http().get('/api/v1/partners?pageSize=200').set(bearer(manager)).expect(200);
    const names = partners.body.items.map((p: { name: string }) => p.name);
    expect(names).toEqual(
      expect.arrayContaining([
        '山口県 商工労働部 イノベーション推進課',
        '岩国市 産業振興部 商工振興課',
        '岩国商工会議所',
        '山口大学',
        '経済産業省 中国経済産業局',
        '山口県警察本部 経済安全保障対策プロジェクトチーム',
        '岩国地域サイバーセキュリティ連絡協議会',
      ]),
    );
    const chamber = partners.body.items.find((p: { name: string }) => p.name === '岩国商工会議所');
    const liaisons = await t
      .http()
      .get(`/api/v1/partners/${chamber.id}/liaisons`)
      .set(bearer(manager))
      .expect(200);
    expect(liaisons.body.total).toBe(1);

    const seminars = await t.http().get('/api/v1/seminars').set(bearer(manager)).expect(200);
    expect(seminars.body.total).toBe(3);

    const meetings = await t.http().get('/api/v1/meetings').set(bearer(manager)).expect(200);
    expect(meetings.body.items.map((m: { heldOn: string }) => m.heldOn)).toEqual([
      '2026-02-18',
      '2023-12-13',
      '2023-06-21',
    ]);
    const june = await t
      .http()
      .get(`/api/v1/meetings/${meetings.body.items[2].id}`)
      .set(bearer(hq))
      .expect(200);
    expect(june.body).toMatchObject({
      attendance: { members: 11, police: 15 },
      consultationTopic: '警察における経済安全保障に関する取組の推進',
    });
    expect(june.body.items.length).toBeGreaterThanOrEqual(8);

    const overdue = await t.http().get('/api/v1/follow-ups?overdue=true').set(bearer(manager)).expect(200);
    expect(overdue.body.items.map((f: { title: string }) => f.title)).toContain(
      '住民向け広報（署ホームページ・広報紙）による経済安全保障の周知',
    );

    const report = await t
      .http()
      .get(`/api/v1/meetings/${meetings.body.items[1].id}/report-back`)
      .set(bearer(manager))
      .expect(200);
    expect(report.body.heading).toBe('令和5年12月13日 協議会 報告事項');
    expect(report.body.text).toContain('高校・中学校での経済安全保障に関する講演の実施（完了');
    expect(report.body.text).toContain(
      '令和5年11月10日 学校での講演「経済安全保障と技術流出防止（高校生向け講演）」',
    );
  });
});
