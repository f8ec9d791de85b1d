import mammoth from 'mammoth';
import { seedDemoIfEmpty } from '../../apps/api/src/demo/demo-seed';
import { kinsokuViolations } from '../../libs/files/kinsoku';
import { bearer, TestApp } from '../helpers/test-app';
import { extractPdfText } from '../reports/pdf-text';

/** The section headings of the seed minutes (seeds/000_…), in order. */
const SEED_HEADINGS = [
  '令和5年度第1回岩国警察署協議会会議録',
  '開催日時',
  '令和5年6月21日（水） 午後2時50分から午後5時までの間',
  '開催場所',
  '山口県岩国市麻里布町六丁目15番20号 岩国警察署5階 講堂',
  '出席者',
  '木村委員、塩田委員',
  '計11名',
  '署長、副署長',
  '計15名',
  '議題',
  '警察における経済安全保障に関する取組の推進',
  '1 会長挨拶（要旨）',
  'この度、会長を引き受けることとなった。',
  '2 署長挨拶',
  '省略',
  '3 業務推進状況説明（署長）',
  '(1) 犯罪情勢',
  'ア 刑法犯認知・検挙状況',
  '(6) 一日警察署長イベント',
  '4 諮問事項説明',
  '5 協議',
  '(委員)',
  '国の発展を阻害する',
  '(警備課長)',
  '日本は、世界中で利用されている先端技術',
  '(署長)',
  'ITに精通した人材が欲しいところではあるが',
  '6 講評（副会長）',
  'テーマが身近でなく馴染みがないものであったため',
  '7 配付資料',
  '警察業務説明資料',
];

/** Each expected piece appears after the previous one. */
function expectInOrder(text: string, pieces: string[]): void {
  let at = 0;
  for (const piece of pieces) {
    const found = text.indexOf(piece, at);
    if (found < 0)
      throw new Error(`not found after position ${at}: ${piece}\n---\n${text.slice(at, at + 400)}`);
    at = found + piece.length;
  }
}

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
    expect(report.body.heading).toBe('令和5年度第2回岩国警察署協議会 報告事項');
    expect(report.body.text).toContain('高校・中学校での経済安全保障に関する講演の実施（完了');
    expect(report.body.text).toContain(
      '令和5年11月10日 学校での講演「経済安全保障と技術流出防止（高校生向け講演）」',
    );
  });

  it('writes the seed meeting as its 会議録: the seed headings in order, era date and times (PDF and DOCX)', async () => {
    await seedDemoIfEmpty(t.ds, () => undefined);
    const [iwakuni] = await t.ds.query(`SELECT id FROM stations WHERE code = 'iwakuni'`);
    const officer = await t.createUser('officer', iwakuni.id);
    const meetings = await t.http().get('/api/v1/meetings?sort=heldOn').set(bearer(officer)).expect(200);
    const june = meetings.body.items.find((m: { heldOn: string }) => m.heldOn === '2023-06-21');
    expect(meetings.body.items.map((m: { title: string }) => m.title)).toEqual([
      '令和5年度第1回岩国警察署協議会',
      '令和5年度第2回岩国警察署協議会',
      '令和7年度第3回岩国警察署協議会',
    ]);
    expect(june).toMatchObject({
      fiscalYear: 2023,
      sequence: 1,
      startTime: '14:50',
      endTime: '17:00',
      memberAttendees: expect.arrayContaining(['木村', '福多']),
      policeAttendees: expect.arrayContaining(['署長', '警備課長']),
    });
    expect(june.memberAttendees).toHaveLength(11);
    expect(june.policeAttendees).toHaveLength(15);
    expect(june.discussion.length).toBeGreaterThanOrEqual(20);

    const pdf = await t
      .http()
      .get(`/api/v1/meetings/${june.id}/minutes?format=pdf`)
      .set(bearer(officer))
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toContain(
      encodeURIComponent('令和5年度第1回岩国警察署協議会会議録.pdf'),
    );
    const pdfText = await extractPdfText(pdf.body as Buffer);
    // A heading may share its line with nothing else; compare without the line breaks the layout adds.
    const flat = pdfText.replace(/[\t ]*\n[\t ]*/g, '');
    expectInOrder(
      flat,
      SEED_HEADINGS.map((h) => h.replace(/\n/g, '')),
    );
    const lines = pdfText.split('\n').filter((l) => !/^\s*-- \d+ of \d+ --\s*$/.test(l));
    expect(kinsokuViolations(lines)).toEqual([]);

    const docx = await t
      .http()
      .get(`/api/v1/meetings/${june.id}/minutes?format=docx`)
      .set(bearer(officer))
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(docx.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    const docxText = (await mammoth.extractRawText({ buffer: docx.body as Buffer })).value;
    expectInOrder(docxText, SEED_HEADINGS);
    const html = (await mammoth.convertToHtml({ buffer: docx.body as Buffer })).value;
    for (const h of ['1 会長挨拶（要旨）', '5 協議', '7 配付資料']) expect(html).toContain(`<h1>${h}</h1>`);
    expect(html).toContain('<h2>(警備課長)</h2>');
  });
});
