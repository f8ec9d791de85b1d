import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { bearer, TestApp } from '../helpers/test-app';
import { createOrg, createSeminar, createVisit } from '../coverage/factories';
import { extractPdfText } from './pdf-text';

function binary(res: unknown, callback: (err: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  const stream = res as NodeJS.ReadableStream;
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => callback(null, Buffer.concat(chunks)));
}

const pdfText = async (buf: Buffer) => (await extractPdfText(buf)).replace(/\s+/g, '');

/** Issue 15: period reports as officials write them, joint visits, activities, hq's per-station breakdown, charts. */
describe('period reports as documents (e2e)', () => {
  let t: TestApp;
  let a: Awaited<ReturnType<TestApp['createStationTeam']>>;
  let b: Awaited<ReturnType<TestApp['createStationTeam']>>;

  beforeAll(async () => {
    t = await TestApp.create();
    a = await t.createStationTeam();
    b = await t.createStationTeam();
    await t.ds.query(`UPDATE stations SET name = '岩国警察署' WHERE id = $1`, [a.station.id]);
    await t.ds.query(`UPDATE stations SET name = '柳井警察署' WHERE id = $1`, [b.station.id]);
    await t.ds.query(`UPDATE users SET display_name = '担当官 鈴木一郎' WHERE id = $1`, [a.officer.id]);
    await t.ds.query(`UPDATE users SET display_name = '担当官 佐藤花子' WHERE id = $1`, [b.officer.id]);
    const [cyber] = await t.ds.query(
      `INSERT INTO partners (prefecture_code, name, kind) VALUES ('35', '県警察本部 サイバー攻撃対策隊', 'police_hq') RETURNING id`,
    );
    const orgA = await createOrg(t.ds, { stationId: a.station.id, tier: 'A' });
    const orgB = await createOrg(t.ds, { stationId: b.station.id, tier: 'A' });
    const visit = (stationId: string, org: string, by: string, visitedOn: string) =>
      createVisit(t.ds, { stationId, organizationId: org, createdBy: by, visitedOn, officerIds: [by] });
    const joint = await visit(a.station.id, orgA, a.officer.id, '2023-06-21');
    await t.ds.query(`INSERT INTO visit_joint_partners (visit_id, partner_id) VALUES ($1, $2)`, [
      joint,
      cyber.id,
    ]);
    const legacy = await visit(a.station.id, orgA, a.officer.id, '2023-08-01');
    await t.ds.query(`UPDATE visits SET joint_with = '本部 外事課' WHERE id = $1`, [legacy]);
    await visit(a.station.id, orgA, a.officer.id, '2023-09-01');
    await visit(b.station.id, orgB, b.officer.id, '2023-07-10');
    await createSeminar(t.ds, {
      stationId: b.station.id,
      createdBy: b.officer.id,
      heldOn: '2023-07-20',
      participants: [{ organizationId: orgB, attendeeCount: 12 }],
    });
    const activity = (user: { token: string }, body: object) =>
      t.http().post('/api/v1/activities').set(bearer(user)).send(body).expect(201);
    await activity(a.officer, {
      kind: 'training',
      heldOn: '2023-05-18',
      title: '担当者向け研修会',
      participants: 24,
      partnerIds: [cyber.id],
    });
    await activity(a.officer, { kind: 'pr_web', heldOn: '2023-06-01', title: 'ウェブサイト掲載' });
    await activity(a.officer, { kind: 'pr_notice', heldOn: '2024-04-01', title: '翌年度の注意喚起' });
  });
  afterAll(() => t.close());

  const get = (user: { token: string }, path: string) =>
    t.http().get(`/api/v1/reports/${path}`).set(bearer(user)).buffer(true).parse(binary);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a JSON body, checked field by field
  const json = async (user: { token: string }, path: string): Promise<{ status: number; body: any }> => {
    const res = await get(user, path);
    return { status: res.status, body: JSON.parse((res.body as Buffer).toString('utf8')) };
  };

  it('names fiscal years and quarters as officials write them', async () => {
    const fy = await json(a.manager, `period?fiscalYear=${encodeURIComponent('令和5年度')}`);
    expect(fy.body.period).toEqual({
      from: '2023-04-01',
      to: '2024-03-31',
      label: '令和5年度',
      range: '令和5年4月1日～令和6年3月31日',
      kind: 'fiscal_year',
    });
    const q = await json(a.manager, 'period?quarter=2023Q2');
    expect(q.body.period).toMatchObject({ label: '令和5年度第2四半期', kind: 'quarter' });
    const asRange = await json(a.manager, 'period?from=2023-04-01&to=2024-03-31');
    expect(asRange.body.period.label).toBe('令和5年度');
    const q4 = await json(a.manager, 'period?from=2024-01-01&to=2024-03-31');
    expect(q4.body.period.label).toBe('令和5年度第4四半期');
    const odd = await json(a.manager, 'period?from=2023-04-02&to=2023-05-01');
    expect(odd.body.period).toMatchObject({ label: '令和5年4月2日～令和5年5月1日', kind: 'range' });
    const r1 = await json(a.manager, 'period?fiscalYear=2019');
    expect(r1.body.period.label).toBe('令和元年度');
  });

  it('counts joint visits (linked partners and the old free text) and activities in sections of their own', async () => {
    const { body } = await json(a.manager, 'period?fiscalYear=2023');
    expect(body.visits.total).toBe(3);
    expect(body.jointVisits).toEqual({
      total: 2,
      byPartner: [{ key: expect.any(String), label: '県警察本部 サイバー攻撃対策隊', count: 1 }],
    });
    expect(body.activities).toMatchObject({
      total: 2,
      training: { count: 1, participants: 24 },
      pr: { count: 1 },
      byKind: [
        { key: 'training', label: '教養・研修', count: 1, participants: 24 },
        { key: 'pr_web', label: 'ウェブサイト', count: 1, participants: 0 },
      ],
    });
    // A station's own report has no per-station breakdown.
    expect(body.byStation).toBeNull();
  });

  it("gives hq a per-station breakdown with counts only (no officer's name anywhere)", async () => {
    const { status, body } = await json(a.hq, 'period?fiscalYear=R5');
    expect(status).toBe(200);
    const rows = body.byStation as { stationName: string }[];
    const iwakuni = rows.find((r) => r.stationName === '岩国警察署');
    const yanai = rows.find((r) => r.stationName === '柳井警察署');
    expect(iwakuni).toMatchObject({ visits: 3, jointVisits: 2, activities: 2, seminars: 0 });
    expect(yanai).toMatchObject({ visits: 1, jointVisits: 0, seminars: 1, seminarAttendees: 12 });
    expect(Object.keys(iwakuni!).sort()).toEqual(
      [
        'activities',
        'consultations',
        'jointVisits',
        'organizationsReached',
        'organizationsVisited',
        'seminarAttendees',
        'seminars',
        'stationId',
        'stationName',
        'visits',
      ].sort(),
    );
    const text = JSON.stringify(body);
    expect(text).not.toContain('鈴木');
    expect(text).not.toContain('佐藤');
    // hq naming one station gets that station's report, without the breakdown.
    const one = await json(a.hq, `period?fiscalYear=R5&stationId=${b.station.id}`);
    expect(one.body.byStation).toBeNull();
    expect(one.body.visits.total).toBe(1);

    const xlsx = await get(a.hq, 'period?fiscalYear=R5&format=xlsx');
    expect(xlsx.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as never);
    const sheet = wb.getWorksheet('警察署別')!;
    const names = sheet.getColumn(1).values.filter(Boolean).map(String);
    expect(names).toEqual(expect.arrayContaining(['警察署', '岩国警察署', '柳井警察署']));
    expect(JSON.stringify(wb.worksheets.map((w) => w.getSheetValues()))).not.toMatch(/鈴木|佐藤/);
    const pdf = await pdfText((await get(a.hq, 'period?fiscalYear=R5&format=pdf')).body as Buffer);
    expect(pdf).toContain('令和5年度');
    expect(pdf).toContain('警察署別');
    expect(pdf).toContain('岩国警察署');
    expect(pdf).not.toMatch(/鈴木|佐藤/);
  });

  it('carries a native bar chart in the XLSX and a chart in the PDF, headed 令和N年度', async () => {
    const xlsx = await get(a.manager, 'period?fiscalYear=2023&format=xlsx');
    expect(xlsx.status).toBe(200);
    const zip = await JSZip.loadAsync(xlsx.body as Buffer);
    const chart = await zip.file('xl/charts/chart1.xml')!.async('string');
    expect(chart).toContain('<c:barChart>');
    expect(chart).toContain('活動の概要（件数） 令和5年度');
    expect(chart).toContain("'グラフ'!$A$2:$A$7");
    expect(await zip.file('[Content_Types].xml')!.async('string')).toContain(
      'application/vnd.openxmlformats-officedocument.drawingml.chart+xml',
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as never);
    expect(wb.getWorksheet('概要')!.getRow(2).getCell(2).text).toBe('令和5年度');
    const data = wb.getWorksheet('グラフ')!;
    expect(data.getRow(2).values).toEqual([undefined, '個別訪問', 3]);
    expect(data.getRow(3).values).toEqual([undefined, 'うち共同訪問', 2]);
    expect(data.getRow(6).values).toEqual([undefined, '人材育成', 1]);
    expect(wb.getWorksheet('教養・広報')!.getRow(2).getCell(1).text).toBe('教養・研修');
    expect(wb.getWorksheet('共同訪問')!.getRow(2).getCell(1).text).toBe('県警察本部 サイバー攻撃対策隊');

    const pdf = await get(a.manager, 'period?quarter=2023Q1&format=pdf');
    const text = await pdfText(pdf.body as Buffer);
    expect(text).toContain('令和5年度第1四半期');
    expect(text).toContain('（令和5年4月1日～令和5年6月30日）');
    expect(text).toContain('活動の概要（件数）');
    expect(text).toContain('共同訪問');
    expect(text).toContain('教養・広報');
  });
});
