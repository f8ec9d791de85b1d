import ExcelJS from 'exceljs';
import { bearer, TestApp } from '../helpers/test-app';
import { createConsultation, createOrg, createSeminar } from '../coverage/factories';

function binary(res: unknown, callback: (err: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  const stream = res as NodeJS.ReadableStream;
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => callback(null, Buffer.concat(chunks)));
}

/** Simple CSV reader for our exports (quoted fields, doubled quotes, no newlines inside). */
const csvRows = (buf: Buffer) =>
  buf
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\n')
    .map((line) =>
      [...line.matchAll(/("(?:[^"]|"")*"|[^,]*)(,|$)/g)]
        .slice(0, -1)
        .map((m) => m[1].replace(/^"|"$/g, '').replace(/""/g, '"')),
    );

/** Issue 15: seminars and consultations exports (restricted ones masked), hq's organization export with 警察署. */
describe('seminar and consultation exports (e2e)', () => {
  let t: TestApp;
  let a: Awaited<ReturnType<TestApp['createStationTeam']>>;
  let b: Awaited<ReturnType<TestApp['createStationTeam']>>;

  beforeAll(async () => {
    t = await TestApp.create();
    a = await t.createStationTeam();
    b = await t.createStationTeam();
    await t.ds.query(`UPDATE stations SET name = '岩国警察署' WHERE id = $1`, [a.station.id]);
    await t.ds.query(`UPDATE stations SET name = '柳井警察署' WHERE id = $1`, [b.station.id]);
    const org = await createOrg(t.ds, { stationId: a.station.id, name: '岩国精密工業株式会社', tier: 'A' });
    await createOrg(t.ds, { stationId: b.station.id, name: '柳井化学株式会社', tier: 'B' });
    await createSeminar(t.ds, {
      stationId: a.station.id,
      createdBy: a.officer.id,
      heldOn: '2023-06-21',
      title: 'サイバーセキュリティセミナー（医療機関向け）',
      participants: [
        { organizationId: org, attendeeCount: 5 },
        { name: '岩国市立中学校', attendeeCount: 30 },
      ],
    });
    await createSeminar(t.ds, {
      stationId: b.station.id,
      createdBy: b.officer.id,
      heldOn: '2023-07-01',
      title: '柳井の講演',
    });
    await createConsultation(t.ds, {
      stationId: a.station.id,
      organizationId: org,
      createdBy: a.officer.id,
      receivedAt: '2023-06-05T10:00:00+09:00',
      category: 'targeted_email',
      escalated: true,
    });
    const [restricted] = await t.ds.query(
      `INSERT INTO consultations (station_id, organization_id, received_at, category, summary, handling, restricted, created_by)
       VALUES ($1, $2, '2023-06-06T10:00:00+09:00', 'tech_leak', '元社員による設計図の持ち出しの疑い', '本部へ報告', true, $3) RETURNING id`,
      [a.station.id, org, a.officer.id],
    );
    expect(restricted.id).toBeDefined();
  });
  afterAll(() => t.close());

  const download = (user: { token: string }, path: string) =>
    t.http().get(`/api/v1/exports/${path}`).set(bearer(user)).buffer(true).parse(binary);

  it('exports seminars with participants and attendee counts (CSV, XLSX), station-scoped and audited', async () => {
    const res = await download(a.officer, 'seminars.csv?from=2023-04-01&to=2024-03-31');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const rows = csvRows(res.body as Buffer);
    expect(rows[0]).toEqual([
      '開催日',
      '警察署',
      '名称',
      '種別',
      '会場',
      '講師',
      '共催・協力機関',
      '話題',
      '参加者',
      '参加事業者数',
      '参加者数',
      '備考',
    ]);
    expect(rows).toHaveLength(2);
    const row = rows[1];
    expect(row.slice(0, 4)).toEqual([
      '2023-06-21',
      '岩国警察署',
      'サイバーセキュリティセミナー（医療機関向け）',
      'セミナー',
    ]);
    expect(row[8]).toBe('岩国精密工業株式会社 5名、岩国市立中学校 30名');
    expect(row.slice(9, 11)).toEqual(['1', '35']);
    const xlsx = await download(a.manager, 'seminars.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as never);
    const ws = wb.worksheets[0];
    expect(ws.name).toBe('セミナー等');
    expect(ws.getRow(2).getCell(11).value).toBe(35);
    const hq = csvRows((await download(a.hq, 'seminars.csv')).body as Buffer);
    expect(hq.map((r) => r[1])).toEqual(['警察署', '岩国警察署', '柳井警察署']);
    expect((await download(a.officer, `seminars.csv?stationId=${b.station.id}`)).status).toBe(404);
    expect((await download(a.admin, 'seminars.csv')).status).toBe(403);
    for (const bad of [
      'seminars.csv?from=2023-13-01',
      'seminars.csv?kind=party',
      'seminars.csv?from=2023-05-01&to=2023-04-01',
    ])
      expect([bad, (await download(a.officer, bad)).status]).toEqual([bad, 400]);
    const audits = await t.auditEvents({ action: 'export.seminars' });
    expect(audits[0].changes).toMatchObject({ format: 'csv', rowCount: 1, completed: true });
  });

  it('exports consultations with restricted content masked for officers, in full for managers', async () => {
    const officer = csvRows((await download(a.officer, 'consultations.csv')).body as Buffer);
    expect(officer[0]).toEqual([
      '受理日時',
      '警察署',
      '事業者',
      '法人番号',
      '種別',
      '概要',
      '対応',
      '本部への報告',
      '状態',
      '取扱制限',
    ]);
    expect(officer).toHaveLength(3);
    const masked = officer.find((r) => r[4] === '技術流出の疑い')!;
    expect(masked.slice(5, 7)).toEqual(['（取扱制限のため非表示）', '（取扱制限のため非表示）']);
    expect(masked[9]).toBe('制限');
    expect(JSON.stringify(officer)).not.toContain('設計図');
    expect(officer.find((r) => r[4] === '標的型メール')![7]).toBe('報告済');
    const manager = csvRows(
      (await download(a.manager, 'consultations.csv?category=tech_leak')).body as Buffer,
    );
    expect(manager).toHaveLength(2);
    expect(manager[1][5]).toBe('元社員による設計図の持ち出しの疑い');
    expect(manager[1][0]).toBe('2023-06-06 10:00');
    const xlsx = await download(a.officer, 'consultations.xlsx?from=2023-06-06&to=2023-06-06');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as never);
    expect(wb.worksheets[0].rowCount).toBe(2);
    expect(wb.worksheets[0].getRow(2).getCell(6).text).toBe('（取扱制限のため非表示）');
    expect(JSON.stringify(wb.worksheets[0].getSheetValues())).not.toContain('設計図');
    expect(csvRows((await download(b.officer, 'consultations.csv')).body as Buffer)).toHaveLength(1);
    expect((await download(a.officer, 'consultations.csv?status=x')).status).toBe(400);
    const audits = await t.auditEvents({ action: 'export.consultations' });
    expect(audits.some((e: { changes: { restrictedMasked?: boolean } }) => e.changes.restrictedMasked)).toBe(
      true,
    );
  });

  it("carries a 警察署 column in hq's organization export only", async () => {
    const hq = csvRows((await download(a.hq, 'organizations.csv')).body as Buffer);
    expect(hq[0][0]).toBe('警察署');
    expect(
      hq
        .slice(1)
        .map((r) => `${r[0]}:${r[2]}`)
        .sort(),
    ).toEqual(['岩国警察署:岩国精密工業株式会社', '柳井警察署:柳井化学株式会社'].sort());
    const own = csvRows((await download(a.officer, 'organizations.csv')).body as Buffer);
    expect(own[0][0]).toBe('法人番号');
    const xlsx = await download(a.hq, 'organizations.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as never);
    expect(wb.worksheets[0].getRow(1).getCell(1).text).toBe('警察署');
  });
});
