import { extractPdfText } from '../reports/pdf-text';
import { bearer, TestApp, TestUser } from '../helpers/test-app';
import { createOrganization, visitBody } from './factories';

/** Issue 17: a visit record prints with its 決裁欄 (approver, date and time, the return history). */
describe('visit record sheet (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.create();
  });
  afterAll(() => t.close());

  const post = (user: TestUser, path: string, body: object = {}) =>
    t.http().post(`/api/v1/visits${path}`).set(bearer(user)).send(body);
  const sheet = (user: TestUser, id: string) =>
    t
      .http()
      .get(`/api/v1/visits/${id}/record`)
      .set(bearer(user))
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });

  it('prints the approver, the time of the approval and every return with its reason', async () => {
    const { station, officer, manager, hq } = await t.createStationTeam();
    const other = await t.createStationTeam();
    const organization = await createOrganization(t, station.id);
    const { body: visit } = await post(officer, '', visitBody(organization.id, [officer.id])).expect(201);
    await post(officer, `/${visit.id}/submit`).expect(200);
    await post(manager, `/${visit.id}/return`, { reason: '応対者の役職を追記してください' }).expect(200);
    await post(officer, `/${visit.id}/submit`).expect(200);
    await post(manager, `/${visit.id}/approve`, { comment: '確認しました' }).expect(200);

    const res = await sheet(manager, visit.id).expect(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toContain("filename*=UTF-8''");
    const text = (await extractPdfText(res.body as Buffer)).replace(/\s+/g, '');
    const [{ display_name: managerName }] = await t.ds.query(`SELECT display_name FROM users WHERE id = $1`, [
      manager.id,
    ]);
    for (const expected of [
      '訪問記録票',
      '決裁欄',
      '決裁済み',
      managerName.replace(/\s+/g, ''),
      '決裁の経過',
      '差戻し',
      '応対者の役職を追記してください',
      '確認しました',
      organization.name.replace(/\s+/g, ''),
    ])
      expect(text).toContain(expected);
    expect(text).toMatch(/令和\d+年\d+月\d+日\d+時\d{2}分/);

    // audited like an export; hq gets it without the station's staff names; another station: 404
    const audit = await t.auditEvents({ entityId: visit.id, action: 'export.visit_record' });
    expect(audit).toHaveLength(1);
    const hqText = (await extractPdfText((await sheet(hq, visit.id).expect(200)).body as Buffer)).replace(
      /\s+/g,
      '',
    );
    expect(hqText).not.toContain(managerName.replace(/\s+/g, ''));
    expect(hqText).toContain('（非表示）');
    await sheet(other.manager, visit.id).expect(404);
    await t.http().get(`/api/v1/visits/${visit.id}/record?format=docx`).set(bearer(manager)).expect(400);
  });
});
