import ExcelJS from 'exceljs';
import * as iconv from 'iconv-lite';
import type { Response } from 'supertest';
import { bearer, TestApp, TestUser } from '../helpers/test-app';
import { createContact, createOrg, createVisit } from '../coverage/factories';

/** supertest: keep the body as raw bytes. */
function binary(res: unknown, callback: (err: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  const stream = res as NodeJS.ReadableStream;
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => callback(null, Buffer.concat(chunks)));
}

/** A CSV of ours (PostgreSQL CSV quoting) back to rows. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else if (ch !== '\r') field += ch;
  }
  if (field || row.length) rows.push([...row, field]);
  return rows;
}

describe('exports (e2e)', () => {
  let t: TestApp;
  let team: Awaited<ReturnType<TestApp['createStationTeam']>>;
  let otherOfficer: TestUser;
  const org: Record<string, string> = {};

  beforeAll(async () => {
    t = await TestApp.create();
    team = await t.createStationTeam();
    const other = await t.createStation({ name: '柳井警察署' });
    otherOfficer = await t.createUser('officer', other.id);
    const s = team.station.id;
    org.normal = await createOrg(t.ds, {
      stationId: s,
      name: '岩国精密工業株式会社',
      nameKana: 'イワクニセイミツコウギョウ',
      corporateNumber: '1234567890123',
      tier: 'A',
      searchText: 'イワクニセイミツコウギョウ岩国精密工業株式会社',
    });
    org.formula = await createOrg(t.ds, { stationId: s, name: '=HYPERLINK("http://evil","x")', tier: 'B' });
    org.minus = await createOrg(t.ds, {
      stationId: s,
      name: '-2+3',
      tier: 'C',
      municipalityName: '@SUM(A1)',
    });
    org.dash = await createOrg(t.ds, { stationId: s, name: '-', tier: 'C', sector: 'medical' });
    org.closed = await createOrg(t.ds, { stationId: s, name: '閉鎖済み株式会社', status: 'closed' });
    org.archived = await createOrg(t.ds, { stationId: s, name: 'アーカイブ株式会社', status: 'archived' });
    org.other = await createOrg(t.ds, { stationId: other.id, name: '柳井化学株式会社' });
    await createContact(t.ds, {
      organizationId: org.normal,
      stationId: s,
      name: '山田 太郎',
      title: '総務部長',
      phone: '0827-00-0000',
      email: 'yamada@example.jp',
    });
    await t.ds.query(`UPDATE users SET display_name = '警部補 佐藤' WHERE id = $1`, [team.officer.id]);
    const visit = (
      organizationId: string,
      visitedOn: string,
      status: 'approved' | 'submitted' | 'draft' | 'returned',
      stationId = s,
    ) =>
      createVisit(t.ds, {
        stationId,
        organizationId,
        createdBy: team.officer.id,
        visitedOn,
        status,
        topics: ['leak_cases', 'cyber_trends'],
        materials: ['パンフレット'],
        summary: '=cmd|" /C calc"!A0',
        officerIds: [team.officer.id],
      });
    await visit(org.normal, '2023-06-21', 'approved');
    await visit(org.normal, '2023-06-22', 'submitted');
    await visit(org.normal, '2023-06-23', 'draft');
    await visit(org.normal, '2023-06-24', 'returned');
    await visit(org.formula, '2023-03-31', 'approved');
    await visit(org.other, '2023-06-21', 'approved', other.id);
  });
  afterAll(() => t.close());

  const download = (user: { token: string }, path: string): Promise<Response> =>
    t.http().get(`/api/v1/exports/${path}`).set(bearer(user)).buffer(true).parse(binary);

  it('streams organizations as UTF-8 CSV with BOM, Japanese headings and formula-safe cells', async () => {
    const res = await download(team.officer, 'organizations.csv');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toContain(
      `filename*=UTF-8''${encodeURIComponent('対象事業者一覧_')}`,
    );
    const body = res.body as Buffer;
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(body.subarray(3).toString('utf8'));
    expect(rows[0].slice(0, 5)).toEqual(['法人番号', '名称', 'フリガナ', '法人種別', '業種']);
    const names = rows.slice(1).map((r) => r[1]);
    // Active and closed of this station only; archived and other stations' left out.
    expect(names.sort()).toEqual(
      ["'-2+3", '\'=HYPERLINK("http://evil","x")', '-', '岩国精密工業株式会社', '閉鎖済み株式会社'].sort(),
    );
    const minus = rows.find((r) => r[1] === "'-2+3")!;
    expect(minus[rows[0].indexOf('市区町村')]).toBe("'@SUM(A1)");
    const normal = rows.find((r) => r[1] === '岩国精密工業株式会社')!;
    expect(normal[0]).toBe('1234567890123');
    expect(normal[rows[0].indexOf('業種')]).toBe('先端技術企業');
    expect(normal[rows[0].indexOf('重点度')]).toBe('A');
    expect(rows[0]).not.toContain('担当者氏名');
    const [audit] = await t.auditEvents({ action: 'export.organizations' });
    expect(audit).toMatchObject({
      actor_id: team.officer.id,
      entity_type: 'export',
      station_id: team.station.id,
    });
    expect(audit.changes).toMatchObject({
      format: 'csv',
      encoding: 'utf8',
      rowCount: 5,
      completed: true,
      filters: {},
    });
  });

  it('writes Shift_JIS on request (round trip with iconv-lite) and applies the list filters', async () => {
    const res = await download(team.officer, 'organizations.csv?encoding=shift_jis&q=いわくに&tier=A');
    expect(res.headers['content-type']).toBe('text/csv; charset=Shift_JIS');
    const body = res.body as Buffer;
    expect(body[0]).not.toBe(0xef);
    const text = iconv.decode(body, 'cp932');
    const rows = parseCsv(text);
    expect(rows).toHaveLength(2);
    expect(rows[1][1]).toBe('岩国精密工業株式会社');
    expect(iconv.encode(text, 'cp932').equals(body)).toBe(true);
    const never = parseCsv(
      (await download(team.officer, 'organizations.csv?coverage=never&status=active')).body.toString('utf8'),
    );
    expect(
      never
        .slice(1)
        .map((r) => r[1])
        .sort(),
    ).toEqual(["'-2+3", '-'].sort());
    const events = await t.auditEvents({ action: 'export.organizations' });
    expect(events.map((e: { changes: { filters: object } }) => e.changes.filters)).toEqual(
      expect.arrayContaining([
        { q: 'いわくに', tier: 'A' },
        { coverage: 'never', status: 'active' },
      ]),
    );
  });

  it('writes XLSX with a header row, frozen panes, a filter, typed cells and no formulas', async () => {
    const res = await download(team.manager, 'organizations.xlsx?status=active');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as never);
    const ws = wb.worksheets[0];
    expect(ws.name).toBe('対象事業者');
    expect(ws.getRow(1).getCell(2).value).toBe('名称');
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.autoFilter).toBeTruthy();
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    const col = (name: string) => header.indexOf(name) + 1;
    const values: Record<string, ExcelJS.Row> = {};
    ws.eachRow((row, n) => {
      if (n > 1) values[row.getCell(2).text] = row;
    });
    expect(Object.keys(values).sort()).toEqual(
      ["'-2+3", '\'=HYPERLINK("http://evil","x")', '-', '岩国精密工業株式会社'].sort(),
    );
    const formulaCell = values['\'=HYPERLINK("http://evil","x")'].getCell(2);
    expect(formulaCell.type).toBe(ExcelJS.ValueType.String);
    const lastReached = values['岩国精密工業株式会社'].getCell(col('最終接触日')).value;
    expect(lastReached).toBeInstanceOf(Date);
    expect((lastReached as Date).toISOString().slice(0, 10)).toBe('2023-06-21');
    const [audit] = (await t.auditEvents({ action: 'export.organizations' })).filter(
      (e: { changes: { format: string } }) => e.changes.format === 'xlsx',
    );
    expect(audit.changes).toMatchObject({ rowCount: 4, completed: true });
  });

  it('adds contacts only for a manager giving a reason, and audits the reason', async () => {
    await download(team.officer, 'organizations.csv?includePersonal=true&reason=test').then((r) =>
      expect(r.status).toBe(403),
    );
    await download(team.hq, 'organizations.csv?includePersonal=true&reason=test').then((r) =>
      expect(r.status).toBe(403),
    );
    const noReason = await download(team.manager, 'organizations.csv?includePersonal=true');
    expect(noReason.status).toBe(400);
    expect(JSON.parse(noReason.body.toString()).details[0].field).toBe('reason');
    const res = await download(
      team.manager,
      'organizations.csv?includePersonal=true&reason=協議会資料作成&tier=A',
    );
    expect(res.status).toBe(200);
    const rows = parseCsv(res.body.subarray(3).toString('utf8'));
    expect(rows[0].slice(-4)).toEqual(['担当者氏名', '担当者役職', '担当者電話', '担当者メール']);
    expect(rows[1].slice(-4)).toEqual(['山田 太郎', '総務部長', '0827-00-0000', 'yamada@example.jp']);
    const events = await t.auditEvents({ action: 'export.organizations' });
    const personal = events.find(
      (e: { changes: { includePersonal?: boolean } }) => e.changes.includePersonal,
    );
    expect(personal.changes).toMatchObject({ reason: '協議会資料作成', rowCount: 1, filters: { tier: 'A' } });
  });

  it('exports approved and submitted visits; officer names for the station, not for hq', async () => {
    const res = await download(team.manager, 'visits.csv?from=2023-04-01&to=2023-06-30');
    expect(res.status).toBe(200);
    const rows = parseCsv(res.body.subarray(3).toString('utf8'));
    expect(rows[0].slice(0, 4)).toEqual(['訪問日', '時刻', '警察署', '組織名']);
    expect(rows[0]).toContain('担当者');
    expect(rows.slice(1).map((r) => [r[0], r[rows[0].indexOf('状態')]])).toEqual([
      ['2023-06-21', '決裁済み'],
      ['2023-06-22', '決裁待ち'],
    ]);
    const first = rows[1];
    expect(first[1]).toBe('10:00');
    expect(first[rows[0].indexOf('話題')]).toBe('技術流出事案の紹介、サイバー攻撃の情勢');
    expect(first[rows[0].indexOf('概要')]).toBe('\'=cmd|" /C calc"!A0');
    expect(first[rows[0].indexOf('担当者')]).toBe('警部補 佐藤');

    const hq = await download(team.hq, 'visits.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(hq.body as never);
    const ws = wb.worksheets[0];
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    expect(header).not.toContain('担当者');
    expect(ws.rowCount).toBe(1 + 4); // both stations, approved + submitted
    expect(ws.getRow(2).getCell(1).value).toBeInstanceOf(Date);
    const summary = ws.getRow(2).getCell(header.indexOf('概要') + 1);
    expect(summary.type).toBe(ExcelJS.ValueType.String);
    expect(summary.text.startsWith("'=")).toBe(true);

    const one = parseCsv(
      (await download(team.hq, `visits.csv?stationId=${team.station.id}`)).body.toString('utf8'),
    );
    expect(one).toHaveLength(1 + 3);
    const other = parseCsv((await download(otherOfficer, 'visits.csv')).body.toString('utf8'));
    expect(other).toHaveLength(1 + 1);
    const audits = await t.auditEvents({ action: 'export.visits' });
    expect(audits[0].changes).toMatchObject({
      format: 'csv',
      rowCount: 2,
      filters: { from: '2023-04-01', to: '2023-06-30' },
    });
    expect(audits[1].changes).toMatchObject({ format: 'xlsx', rowCount: 4 });
  });

  it('checks roles and input: admin 403, no token 401, bad parameters 400, other station 404', async () => {
    expect((await download(team.admin, 'visits.csv')).status).toBe(403);
    await t.http().get('/api/v1/exports/visits.csv').expect(401);
    expect((await download(team.officer, 'visits.csv?encoding=latin1')).status).toBe(400);
    expect((await download(team.officer, 'visits.csv?from=2023-06-30&to=2023-06-01')).status).toBe(400);
    expect((await download(team.officer, 'visits.csv?from=2023-13-01')).status).toBe(400);
    expect((await download(team.officer, 'organizations.csv?tier=Z')).status).toBe(400);
    expect((await download(team.officer, 'organizations.csv?limit=10')).status).toBe(400);
    expect(
      (await download(team.officer, `organizations.csv?stationId=${otherOfficer.stationId}`)).status,
    ).toBe(404);
    expect((await download(team.officer, 'organizations.csv?q=%00abc')).status).toBe(400);
    const weird = await download(team.officer, `organizations.csv?q=${encodeURIComponent("'%_\\$1")}`);
    expect(weird.status).toBe(200);
    expect(parseCsv(weird.body.subarray(3).toString('utf8'))).toHaveLength(1);
  });
});
