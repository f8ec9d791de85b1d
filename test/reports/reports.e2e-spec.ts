import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import mammoth from 'mammoth';
import { bearer, TestApp, TestUser } from '../helpers/test-app';
import { extractPdfText } from './pdf-text';
import {
  createConsultation,
  createFollowUp,
  createLiaison,
  createOrg,
  createSeminar,
  createVisit,
} from '../coverage/factories';

function binary(res: unknown, callback: (err: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  const stream = res as NodeJS.ReadableStream;
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => callback(null, Buffer.concat(chunks)));
}

const pdfText = async (buf: Buffer) => (await extractPdfText(buf)).replace(/\s+/g, '');

describe('reports (e2e)', () => {
  let t: TestApp;
  let team: Awaited<ReturnType<TestApp['createStationTeam']>>;
  let otherStation: { id: string };
  let otherOfficer: TestUser;

  beforeAll(async () => {
    t = await TestApp.create();
    team = await t.createStationTeam();
    // Its prefecture is 35: the seeded strategy tasks apply.
    otherStation = await t.createStation({ name: '柳井警察署' });
    otherOfficer = await t.createUser('officer', otherStation.id);
    await t.ds.query(`UPDATE users SET display_name = '担当官 鈴木一郎' WHERE id = $1`, [team.officer.id]);
    const s = team.station.id;
    const by = team.officer.id;
    const tech = await createOrg(t.ds, { stationId: s, tier: 'A', sector: 'advanced_tech' });
    const uni = await createOrg(t.ds, {
      stationId: s,
      tier: 'B',
      sector: 'university',
      municipalityCode: '35321',
      municipalityName: '和木町',
    });
    const hospital = await createOrg(t.ds, { stationId: s, tier: 'C', sector: 'medical' });
    const yanai = await createOrg(t.ds, { stationId: otherStation.id, sector: 'advanced_tech' });
    const visit = (organizationId: string, visitedOn: string, topics: string[], extra = {}) =>
      createVisit(t.ds, {
        stationId: s,
        organizationId,
        createdBy: by,
        visitedOn,
        topics,
        officerIds: [by],
        ...extra,
      });
    await visit(tech, '2023-06-01', ['leak_cases', 'cyber_trends']);
    await visit(tech, '2023-06-21', ['leak_cases']);
    await visit(uni, '2023-06-30', ['export_control']);
    await visit(uni, '2023-06-15', ['export_control'], { status: 'submitted' });
    await visit(hospital, '2023-07-01', ['cyber_trends']);
    await visit(hospital, '2023-03-31', ['cyber_trends']);
    await visit(hospital, '2023-04-01', ['cyber_trends']);
    await visit(tech, '2019-04-30', ['leak_cases']);
    await visit(tech, '2019-05-01', ['leak_cases']);
    await createVisit(t.ds, {
      stationId: otherStation.id,
      organizationId: yanai,
      createdBy: by,
      visitedOn: '2023-06-10',
    });
    await createSeminar(t.ds, {
      stationId: s,
      createdBy: by,
      heldOn: '2023-06-21',
      title: 'サイバーセキュリティセミナー（医療機関向け）',
      topics: ['cyber_trends'],
      participants: [
        { organizationId: hospital, attendeeCount: 5 },
        { organizationId: tech, attendeeCount: 2 },
        { name: '岩国市立中学校', attendeeCount: 30 },
      ],
    });
    await createSeminar(t.ds, {
      stationId: s,
      createdBy: by,
      heldOn: '2023-06-28',
      kind: 'school_lecture',
      topics: ['other'],
    });
    const received = (d: string) => `${d}T10:00:00+09:00`;
    await createConsultation(t.ds, {
      stationId: s,
      organizationId: tech,
      createdBy: by,
      receivedAt: received('2023-06-05'),
      category: 'targeted_email',
      escalated: true,
    });
    await createConsultation(t.ds, {
      stationId: s,
      organizationId: tech,
      createdBy: by,
      receivedAt: received('2023-06-06'),
      category: 'targeted_email',
    });
    await createConsultation(t.ds, {
      stationId: s,
      organizationId: uni,
      createdBy: by,
      receivedAt: '2023-05-31T23:30:00+09:00',
      category: 'defacement',
    });
    await createFollowUp(t.ds, { stationId: s, dueOn: '2023-06-10', createdAt: '2023-06-02T09:00:00+09:00' });
    await createFollowUp(t.ds, {
      stationId: s,
      dueOn: '2023-06-20',
      status: 'done',
      createdAt: '2023-05-02T09:00:00+09:00',
      closedAt: '2023-06-19T09:00:00+09:00',
    });
    await createFollowUp(t.ds, { stationId: s, dueOn: '2023-07-20', createdAt: '2023-06-25T09:00:00+09:00' });
    await createLiaison(t.ds, {
      stationId: s,
      createdBy: by,
      heldOn: '2023-06-12',
      topics: ['export_control'],
      subject: '輸出管理に関する情報交換',
    });
  });
  afterAll(() => t.close());

  const get = (user: { token: string }, path: string) =>
    t.http().get(`/api/v1/reports/${path}`).set(bearer(user)).buffer(true).parse(binary);
  const json = async (user: { token: string }, path: string) => {
    const res = await get(user, path);
    return {
      status: res.status,
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a JSON body, checked field by field
      body: JSON.parse((res.body as Buffer).toString('utf8')) as Record<string, any>,
    };
  };

  it('reports a month: visits by sector, municipality and topic, seminars, consultations, follow-ups, liaisons', async () => {
    const { status, body } = await json(team.manager, 'period?month=2023-06');
    expect(status).toBe(200);
    expect(body.period).toEqual({
      from: '2023-06-01',
      to: '2023-06-30',
      label: '令和5年6月',
      range: '令和5年6月1日～令和5年6月30日',
      kind: 'month',
    });
    expect(body.stationId).toBe(team.station.id);
    expect(body.visits).toEqual({
      total: 3,
      organizations: 2,
      bySector: [
        { key: 'advanced_tech', label: '先端技術企業', count: 2 },
        { key: 'university', label: '大学・研究機関', count: 1 },
      ],
      byMunicipality: [
        { key: '35208', label: '岩国市', count: 2 },
        { key: '35321', label: '和木町', count: 1 },
      ],
      byTopic: [
        { key: 'leak_cases', label: '技術流出事案の紹介', count: 2 },
        { key: 'cyber_trends', label: 'サイバー攻撃の情勢', count: 1 },
        { key: 'export_control', label: '輸出管理', count: 1 },
      ],
    });
    // tech and uni by visits, hospital by the seminar.
    expect(body.organizations.reached).toBe(3);
    expect(body.organizations.coverageAtEnd).toMatchObject({
      asOf: '2023-06-30',
      organizations: 3,
      reached: 3,
    });
    expect(body.seminars).toEqual({
      count: 2,
      attendees: 37,
      organizations: 2,
      byKind: [
        { key: 'school_lecture', label: '学校での講演', count: 1 },
        { key: 'seminar', label: 'セミナー', count: 1 },
      ],
    });
    expect(body.consultations).toEqual({
      total: 2,
      escalated: 1,
      byCategory: [{ key: 'targeted_email', label: '標的型メール', count: 2, escalated: 1 }],
    });
    expect(body.followUps).toEqual({ opened: 2, done: 1, overdue: 1 });
    expect(body.liaisons).toEqual({ count: 1 });
    expect(JSON.stringify(body)).not.toContain('鈴木');
    const [audit] = await t.auditEvents({ action: 'report.period' });
    expect(audit).toMatchObject({
      actor_id: team.manager.id,
      entity_type: 'report',
      station_id: team.station.id,
    });
    expect(audit.changes).toMatchObject({
      format: 'json',
      filters: { from: '2023-06-01', to: '2023-06-30' },
      rowCounts: { visitsBySector: 2, visitsByTopic: 3 },
    });
  });

  it('scopes by station: hq sees all or one station; station users 404 for another; admin 403', async () => {
    const all = await json(team.hq, 'period?from=2023-06-01&to=2023-06-30');
    expect(all.body.visits.total).toBe(4);
    expect(all.body.stationId).toBeNull();
    const one = await json(team.hq, `period?month=2023-06&stationId=${otherStation.id}`);
    expect(one.body.visits.total).toBe(1);
    expect(one.body.stationName).toBe('柳井警察署');
    expect((await json(otherOfficer, 'period?month=2023-06')).body.visits.total).toBe(1);
    expect((await json(team.officer, `period?month=2023-06&stationId=${otherStation.id}`)).status).toBe(404);
    expect((await json(team.admin, 'period?month=2023-06')).status).toBe(403);
    expect((await t.http().get('/api/v1/reports/period?month=2023-06')).status).toBe(401);
  });

  it('resolves fiscal years and quarters from 1 April, and rejects bad periods', async () => {
    for (const fy of ['令和5年度', '2023', 'R5']) {
      const { body } = await json(team.manager, `period?fiscalYear=${encodeURIComponent(fy)}`);
      expect(body.period).toMatchObject({ from: '2023-04-01', to: '2024-03-31' });
      // 2023-03-31 is in FY2022; 2023-04-01 opens FY2023.
      expect(body.visits.total).toBe(5);
    }
    const fy2022 = await json(team.manager, 'period?fiscalYear=2022');
    expect(fy2022.body.period).toMatchObject({ label: '令和4年度', range: '令和4年4月1日～令和5年3月31日' });
    expect(fy2022.body.visits.total).toBe(1);
    const q1 = await json(team.manager, 'period?quarter=2023Q1');
    expect(q1.body.period).toMatchObject({ from: '2023-04-01', to: '2023-06-30' });
    const q4 = await json(team.manager, 'period?quarter=2023Q4');
    expect(q4.body.period).toMatchObject({ from: '2024-01-01', to: '2024-03-31' });
    for (const bad of [
      'period',
      'period?month=2023-06&quarter=2023Q1',
      'period?from=2023-06-01',
      'period?from=2023-06-30&to=2023-06-01',
      'period?month=2023-13',
      'period?quarter=2023Q5',
      `period?fiscalYear=${encodeURIComponent('平成35年度')}`,
      'period?fiscalYear=abc',
      'period?month=2023-06&format=docx',
      'period?month=2023-06&officerId=1',
    ]) {
      const res = await json(team.manager, bad);
      expect([bad, res.status]).toEqual([bad, 400]);
    }
  });

  it('prints era dates across 30 April 2019 (平成) → 1 May 2019 (令和) in PDF and XLSX', async () => {
    const pdf = await get(team.manager, 'period?from=2019-04-30&to=2019-05-01&format=pdf');
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toContain(
      `filename*=UTF-8''${encodeURIComponent('期間報告_20190430-20190501.pdf')}`,
    );
    const text = await pdfText(pdf.body as Buffer);
    expect(text).toContain('平成31年4月30日～令和元年5月1日');
    expect(text).toContain('期間報告');
    expect(text).not.toContain('〓');
    const xlsx = await get(team.manager, 'period?from=2019-04-30&to=2019-05-01&format=xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as never);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      '概要',
      'グラフ',
      '業種別訪問件数',
      '市区町村別訪問件数',
      '話題別訪問件数',
      '共同訪問',
      'セミナー等',
      '相談・事案',
      '教養・広報',
    ]);
    const summary = wb.getWorksheet('概要')!;
    expect(summary.getRow(2).getCell(2).text).toBe('平成31年4月30日～令和元年5月1日');
    expect(summary.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const bySector = wb.getWorksheet('業種別訪問件数')!;
    expect(bySector.getRow(2).getCell(1).text).toBe('先端技術企業');
    expect(bySector.getRow(2).getCell(2).value).toBe(2);
    const audits = await t.auditEvents({ action: 'report.period' });
    expect(audits.map((a: { changes: { format: string } }) => a.changes.format)).toEqual(
      expect.arrayContaining(['pdf', 'xlsx']),
    );
  });

  it('renders a month as PDF with the Japanese font and without per-officer data', async () => {
    const pdf = await get(team.manager, 'period?month=2023-06&format=pdf');
    const text = await pdfText(pdf.body as Buffer);
    expect(text).toContain('令和5年6月1日～令和5年6月30日');
    expect(text).toContain('先端技術企業');
    expect(text).toContain('標的型メール');
    expect(text).not.toContain('鈴木');
  });

  describe('strategy table', () => {
    it('lets the admin keep the task list, hq edit the bullets only, with versions and audit', async () => {
      const list = await t.http().get('/api/v1/reports/strategy-tasks').set(bearer(team.manager)).expect(200);
      // The migration numbered the existing tasks and turned their planned text into bullets.
      expect(
        list.body.items.map((x: { number: string; heading: string }) => `${x.number} ${x.heading}`),
      ).toEqual([
        '1 技術流出防止に向けたアウトリーチ活動の推進',
        '2 サイバー攻撃対策の強化',
        '3 産学官連携による経済安全保障意識の醸成',
      ]);
      expect(list.body.items[0]).toMatchObject({
        title: '技術流出防止に向けたアウトリーチ活動の推進',
        description: expect.stringContaining('先端技術を有する企業、大学・研究機関等に対し'),
        actionsSoFar: [],
        plannedActions: [{ text: expect.stringContaining('社内相談窓口'), repeated: false }],
      });
      await t.http().get('/api/v1/reports/strategy-tasks').set(bearer(team.officer)).expect(403);
      const body = {
        prefectureCode: '35',
        number: '(3)',
        heading: '重要サービスの継続性確保',
        description:
          '大会の安全・円滑な準備及び運営並びに継続性を確保するため、重要サービス事業者等と緊密に連携する。',
        leadAgencies: ['内閣官房等'],
        topics: ['cyber_trends'],
      };
      const post = (user: { token: string }, b: object) =>
        t.http().post('/api/v1/reports/strategy-tasks').set(bearer(user)).send(b);
      await post(team.hq, body).expect(403);
      await post(team.admin, { ...body, topics: ['nope'] }).expect(400);
      await post(team.admin, { ...body, extra: 1 }).expect(400);
      await post(team.admin, { ...body, heading: 'a\u0000b' }).expect(400);
      const noHeading = await post(team.admin, { ...body, heading: undefined }).expect(400);
      expect(noHeading.body.code).toBe('strategy_task.heading_required');
      await post(team.admin, { ...body, plannedActions: [{ text: 'x' }] }).expect(400);
      await post(team.admin, { ...body, plannedActions: 'x' }).expect(400);
      const created = await post(team.admin, body).expect(201);
      expect(created.body).toMatchObject({
        ...body,
        title: body.heading,
        actionsSoFar: [],
        plannedActions: [],
        version: 1,
      });
      const id = created.body.id as string;
      const patch = (user: { token: string }, b: object) =>
        t.http().patch(`/api/v1/reports/strategy-tasks/${id}`).set(bearer(user)).send(b);
      await patch(team.hq, { version: 1, heading: 'x' }).expect(403);
      const patched = await patch(team.hq, {
        version: 1,
        actionsSoFar: [
          { text: '重要サービス事業者等を対象とする第1回リスク評価に基づいた対策を促進', repeated: false },
          {
            text: 'サイバーセキュリティ対処調整センターの構築・運用に向け、設備及び情報共有システムを設計',
            repeated: true,
          },
          { text: '  ', repeated: false },
        ],
        plannedActions: [{ text: '電力・鉄道事業者との共同対処訓練を実施', repeated: true }],
      }).expect(200);
      expect(patched.body).toMatchObject({
        version: 2,
        actionsSoFar: [
          { text: '重要サービス事業者等を対象とする第1回リスク評価に基づいた対策を促進', repeated: false },
          {
            text: 'サイバーセキュリティ対処調整センターの構築・運用に向け、設備及び情報共有システムを設計',
            repeated: true,
          },
        ],
        plannedActions: [{ text: '電力・鉄道事業者との共同対処訓練を実施', repeated: true }],
      });
      await patch(team.admin, { version: 1, sortOrder: 5 }).expect(409);
      await t
        .http()
        .patch(`/api/v1/reports/strategy-tasks/00000000-0000-0000-0000-000000000000`)
        .set(bearer(team.admin))
        .send({ version: 1 })
        .expect(404);
      await patch(team.manager, { version: 2 }).expect(403);

      // The table prints it in the seed's shape, in all three formats.
      const xlsx = await get(team.hq, 'strategy-table?asOf=2023-06-30&format=xlsx&prefectureCode=35');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(xlsx.body as never);
      const ws = wb.worksheets[0];
      const cells = ws
        .getSheetValues()
        .flat()
        .filter(Boolean)
        .map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v)));
      const row = ws
        .getColumn(1)
        .values.findIndex((v) => JSON.stringify(v ?? '').includes('重要サービスの継続性確保'));
      expect(row).toBeGreaterThan(4);
      expect(ws.getRow(row).getCell(1).text).toBe(`(3) 重要サービスの継続性確保\n${body.description}`);
      expect(ws.getRow(row).getCell(2).text).toBe(
        '【内閣官房等】\n・重要サービス事業者等を対象とする第1回リスク評価に基づいた対策を促進\n・サイバーセキュリティ対処調整センターの構築・運用に向け、設備及び情報共有システムを設計(再掲)',
      );
      expect(ws.getRow(row).getCell(3).text).toBe('・電力・鉄道事業者との共同対処訓練を実施(再掲)');
      expect(cells.join('')).toContain('セキュリティ基本戦略に基づく取組');
      const pdf = await pdfText(
        (await get(team.hq, 'strategy-table?asOf=2023-06-30&format=pdf')).body as Buffer,
      );
      expect(pdf).toContain('(3)重要サービスの継続性確保大会の安全');
      expect(pdf).toContain('設備及び情報共有システムを設計(再掲)');
      expect(pdf).toContain('【内閣官房等】');
      const docx = await get(team.hq, 'strategy-table?asOf=2023-06-30&format=docx');
      expect(docx.headers['content-type']).toBe(
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      );
      const { value } = await mammoth.extractRawText({ buffer: docx.body as Buffer });
      expect(value).toContain('(3) 重要サービスの継続性確保');
      expect(value).toContain('・電力・鉄道事業者との共同対処訓練を実施(再掲)');
      const audits = await t.auditEvents({ entityType: 'strategy_task', entityId: id });
      expect(audits.map((a: { action: string }) => a.action)).toEqual([
        'strategy_task.create',
        'strategy_task.update',
      ]);
      await t.ds.query(`DELETE FROM strategy_tasks WHERE id = $1`, [id]);
    });

    it('suggests これまでの取組 from approved visits, seminars, consultations, activities and liaisons up to asOf', async () => {
      await t.ds.query(
        `INSERT INTO activities (station_id, kind, held_on, title, participants, topics, created_by, created_at)
         VALUES ($1, 'training', '2023-05-18', '担当者向け研修会', 24, '{leak_cases}', $2, '2023-05-18T20:00:00+09:00')`,
        [team.station.id, team.officer.id],
      );
      const res = await t
        .http()
        .get('/api/v1/reports/strategy-tasks/suggestions?asOf=2023-06-30')
        .set(bearer(team.manager))
        .expect(200);
      const [leak, cyber, academia] = res.body.items.map((i: { bullets: { text: string }[] }) =>
        i.bullets.map((b) => b.text),
      );
      // leak_cases: 2019-04-30, 2019-05-01, 2023-06-01, 2023-06-21 (all approved by asOf).
      expect(leak).toContain('個別訪問 4件（1事業者：先端技術企業 1社）');
      expect(leak).toContain('令和5年5月18日、担当者向け研修会（教養、24名）');
      // cyber_trends: 2023-03-31, 2023-04-01, 2023-06-01 (the visit of 2023-07-01 is after asOf).
      expect(cyber.join('\n')).toContain('個別訪問 3件（2事業者：');
      expect(cyber).toContain('セミナー・講演等 1回（参加 延べ37名）');
      expect(cyber).toContain(
        '令和5年6月21日、サイバーセキュリティセミナー（医療機関向け）を実施（参加37名）',
      );
      // targeted_email consultations are cyber_trends: 2 (one escalated) plus the defacement.
      expect(cyber).toContain('相談・事案 3件を受理（うち本部へ報告 1件）');
      expect(academia.join('\n')).toContain('個別訪問 1件');
      expect(academia).toContain('関係機関との連絡調整 1件');
      const fy = await t
        .http()
        .get('/api/v1/reports/strategy-tasks/suggestions?asOf=2023-06-30&from=2023-04-01')
        .set(bearer(team.manager))
        .expect(200);
      expect(fy.body.items[0].bullets[0]).toEqual({
        text: '個別訪問 2件（1事業者：先端技術企業 1社）',
        repeated: false,
        source: 'visits',
      });
      await t.http().get('/api/v1/reports/strategy-tasks/suggestions').set(bearer(team.officer)).expect(403);
      await t
        .http()
        .get(`/api/v1/reports/strategy-tasks/suggestions?stationId=${otherStation.id}`)
        .set(bearer(team.manager))
        .expect(404);
      expect(JSON.stringify(res.body)).not.toContain('鈴木');
    });

    it('prints the table with the title and as-of line on every page, suggestions where nothing is kept (XLSX)', async () => {
      const res = await get(team.manager, 'strategy-table?asOf=2023-06-30&format=xlsx');
      expect(res.status).toBe(200);
      expect(res.headers['content-disposition']).toContain(encodeURIComponent('取組状況_20230630.xlsx'));
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.body as never);
      const ws = wb.worksheets[0];
      expect(ws.getCell('A1').text).toBe('セキュリティ基本戦略に基づく取組');
      expect(ws.getCell('A2').text).toContain('令和5年6月現在');
      expect(ws.pageSetup.printTitlesRow).toBe('1:4');
      expect(ws.headerFooter.oddHeader).toContain('セキュリティ基本戦略に基づく取組');
      expect(ws.headerFooter.oddHeader).toContain('令和5年6月現在');
      expect(ws.getRow(4).getCell(2).text).toBe('これまでの取組');
      expect(ws.getCell('A5').text).toBe(
        '1 技術流出防止に向けたアウトリーチ活動の推進\n先端技術を有する企業、大学・研究機関等に対し、警察本部及び警察署が連携して個別訪問やセミナー等による情報提供を行い、技術流出の手口や対策に関する理解の促進を図るとともに、社内相談窓口の設置等、自主的な取組を促進する。',
      );
      const leak = ws.getCell('B5').text;
      expect(leak.startsWith('【県警察本部、各警察署】\n・個別訪問 4件')).toBe(true);
      expect(ws.getCell('C5').text).toContain('・先端技術を有する事業者');
      expect(JSON.stringify(ws.getSheetValues())).not.toContain('鈴木');
      const audits = await t.auditEvents({ action: 'report.strategy_table' });
      const audit = audits.find((a: { actor_id: string }) => a.actor_id === team.manager.id);
      expect(audit.changes).toMatchObject({
        format: 'xlsx',
        rowCount: 3,
        filters: { asOf: '2023-06-30', prefectureCode: '35' },
      });
    });

    it('repeats the title and as-of line on every PDF page and in the DOCX header; roles and input checked', async () => {
      // Enough kept bullets to run over several pages.
      const [task] = await t.ds.query(
        `SELECT id, version FROM strategy_tasks WHERE prefecture_code = '35' ORDER BY sort_order LIMIT 1`,
      );
      const many = Array.from({ length: 80 }, (_, i) => ({
        text: `技術流出防止に関する情報提供を実施した事例その${i + 1}（先端技術を有する事業者を個別に訪問）`,
        repeated: i % 10 === 0,
      }));
      await t
        .http()
        .patch(`/api/v1/reports/strategy-tasks/${task.id}`)
        .set(bearer(team.hq))
        .send({ version: task.version, actionsSoFar: many })
        .expect(200);
      const pdf = await get(team.hq, 'strategy-table?asOf=2019-04-30&format=pdf');
      expect(pdf.status).toBe(200);
      const raw = await extractPdfText(pdf.body as Buffer);
      const pages = raw.split(/\f|-- \d+ of \d+ --/).filter((p) => p.trim().length > 0);
      expect(pages.length).toBeGreaterThan(1);
      for (const page of pages) {
        const text = page.replace(/\s+/g, '');
        expect(text).toContain('セキュリティ基本戦略に基づく取組');
        expect(text).toContain('平成31年4月現在');
        expect(text).toContain('これまでの取組');
      }
      const text = raw.replace(/\s+/g, '');
      expect(text).toContain('その1（先端技術を有する事業者を個別に訪問）(再掲)');
      // The other tasks keep their planned bullets.
      expect(text).toContain('・重要インフラ事業者・医療機関等を対象としたサイバーセキュリティセミナー');
      const docx = await get(team.hq, 'strategy-table?asOf=2019-04-30&format=docx');
      expect(docx.status).toBe(200);
      const zip = await JSZip.loadAsync(docx.body as Buffer);
      const headers = await Promise.all(
        Object.keys(zip.files)
          .filter((f) => /^word\/header\d*\.xml$/.test(f))
          .map((f) => zip.file(f)!.async('string')),
      );
      expect(headers.join('')).toContain('セキュリティ基本戦略に基づく取組');
      expect(headers.join('')).toContain('平成31年4月現在');
      const document = await zip.file('word/document.xml')!.async('string');
      expect(document).toContain('<w:tblHeader/>');
      const { value } = await mammoth.extractRawText({ buffer: docx.body as Buffer });
      expect(value).toContain('基本戦略における課題');
      expect(value).toContain('【県警察本部、各警察署】');
      expect(value).toContain('(再掲)');
      await t
        .http()
        .patch(`/api/v1/reports/strategy-tasks/${task.id}`)
        .set(bearer(team.hq))
        .send({ version: task.version + 1, actionsSoFar: [] })
        .expect(200);
      expect((await get(team.officer, 'strategy-table')).status).toBe(403);
      expect((await get(team.hq, 'strategy-table?format=csv')).status).toBe(400);
      expect((await get(team.hq, 'strategy-table?asOf=2023-02-29')).status).toBe(400);
      expect((await get(team.hq, 'strategy-table?asOf=2023-02-01&from=2023-03-01')).status).toBe(400);
      expect((await get(team.manager, `strategy-table?stationId=${otherStation.id}`)).status).toBe(404);
    });
  });
});
