import mammoth from 'mammoth';
import { Client } from 'pg';
import type { Response } from 'supertest';
import { BACKFILL_MEETING_NAMES } from '../../migrations/1800700000000-CouncilMeetingMinutes';
import { kinsokuViolations } from '../../libs/files/kinsoku';
import { bearer, TestApp, TestUser } from '../helpers/test-app';
import { extractPdfText } from '../reports/pdf-text';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** Each expected piece appears after the previous one. */
function expectInOrder(text: string, pieces: string[]): void {
  let at = 0;
  for (const piece of pieces) {
    const found = text.indexOf(piece, at);
    if (found < 0)
      throw new Error(`not found after ${at}: ${piece}\n---\n${text.slice(Math.max(0, at - 100), at + 300)}`);
    at = found + piece.length;
  }
}

/** PDF text without the whitespace and line breaks the layout adds. */
const flat = (s: string) => s.replace(/\s+/g, '');

const binary = (res: Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

describe('council meetings as the minutes name and structure them; 会議録 and 措置結果 documents (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.create();
  });
  afterAll(() => t.close());

  const minutesFields = {
    place: '岩国警察署5階 講堂',
    startTime: '14:50',
    endTime: '17:00',
    memberAttendees: ['木村', '塩田', '藤兼委員'],
    policeAttendees: ['署長', '副署長', '警備課長'],
    agenda: ['警察における経済安全保障に関する取組の推進'],
    consultationTopic: '警察における経済安全保障に関する取組の推進',
    chairGreeting: 'この度、会長を引き受けることとなった。',
    businessReport: '(1) 犯罪情勢\nア 刑法犯認知・検挙状況\n(2) 交通情勢',
    businessReportBy: '署長',
    discussion: [
      { speakerRole: '委員', text: 'アウトリーチ活動の具体的な内容について説明願う。' },
      {
        speakerRole: '警備課長',
        text: '企業等を個別に訪問し、技術流出防止に資する情報提供を行っている。重大な事案はエスカレーションして警察本部と共に対処する。\n具体的には、\n- 海外や日本国内において確認されている技術流出事案の紹介\n- 社内相談窓口の設置等、技術流出防止に向けた対策',
      },
      { speakerRole: '委員', speaker: '木村', text: '学校での講演なども行ってはいかがか。' },
    ],
    review: '次回もよろしく願います。',
    reviewBy: '副会長',
    handouts: ['警察業務説明資料', 'セキュリティ基本戦略に基づく取組'],
  };

  async function create(user: TestUser, body: Record<string, unknown>) {
    const res = await t.http().post('/api/v1/meetings').set(bearer(user)).send(body);
    if (res.status !== 201) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  const download = (user: TestUser, path: string) =>
    t.http().get(path).set(bearer(user)).buffer(true).parse(binary);

  it('derives fiscal year, 第N回 and the official title; both editable; PATCH versioned and audited', async () => {
    const { station, officer, manager, hq } = await t.createStationTeam();
    const name = station.name;
    const first = await create(officer, { heldOn: '2023-06-21' });
    expect(first).toMatchObject({
      fiscalYear: 2023,
      sequence: 1,
      title: `令和5年度第1回${name}協議会`,
      titleDerived: true,
    });
    // 2024-03-20 still belongs to 令和5年度; 2024-04-01 starts 令和6年度.
    const march = await create(officer, { heldOn: '2024-03-20' });
    expect(march).toMatchObject({ fiscalYear: 2023, sequence: 2, title: `令和5年度第2回${name}協議会` });
    const april = await create(officer, { heldOn: '2024-04-01' });
    expect(april).toMatchObject({ fiscalYear: 2024, sequence: 1, title: `令和6年度第1回${name}協議会` });
    // A meeting entered late (before March) takes the next free number rather than a taken one.
    const late = await create(officer, { heldOn: '2023-12-13' });
    expect(late.sequence).toBe(3);
    // 令和元年度 (FY2019), and a given sequence and title.
    const reiwa1 = await create(officer, { heldOn: '2019-07-10' });
    expect(reiwa1.title).toBe(`令和元年度第1回${name}協議会`);
    const given = await create(officer, { heldOn: '2023-09-01', sequence: 5, title: '臨時協議会' });
    expect(given).toMatchObject({ sequence: 5, title: '臨時協議会', titleDerived: false });
    const taken = await t
      .http()
      .post('/api/v1/meetings')
      .set(bearer(officer))
      .send({ heldOn: '2023-10-01', sequence: 1 })
      .expect(409);
    expect(taken.body.code).toBe('meeting.sequence_taken');

    // PATCH: the sequence (title follows), then a title given, then null goes back to derived.
    const renumbered = await t
      .http()
      .patch(`/api/v1/meetings/${late.id}`)
      .set(bearer(manager))
      .send({ version: late.version, sequence: 4 })
      .expect(200);
    expect(renumbered.body).toMatchObject({ sequence: 4, title: `令和5年度第4回${name}協議会`, version: 2 });
    const dup = await t
      .http()
      .patch(`/api/v1/meetings/${late.id}`)
      .set(bearer(manager))
      .send({ version: 2, sequence: 2 })
      .expect(409);
    expect(dup.body.code).toBe('meeting.sequence_taken');
    const titled = await t
      .http()
      .patch(`/api/v1/meetings/${late.id}`)
      .set(bearer(manager))
      .send({ version: 2, title: '令和5年度第4回岩国警察署協議会（臨時）' })
      .expect(200);
    expect(titled.body).toMatchObject({
      title: '令和5年度第4回岩国警察署協議会（臨時）',
      titleDerived: false,
    });
    const back = await t
      .http()
      .patch(`/api/v1/meetings/${late.id}`)
      .set(bearer(manager))
      .send({ version: 3, title: null })
      .expect(200);
    expect(back.body).toMatchObject({ title: `令和5年度第4回${name}協議会`, titleDerived: true });
    await t
      .http()
      .patch(`/api/v1/meetings/${late.id}`)
      .set(bearer(manager))
      .send({ version: 3, sequence: 6 })
      .expect(409)
      .expect((r) => expect(r.body.code).toBe('meeting.stale_version'));
    // Moving a meeting to another fiscal year derives its year and number there.
    const moved = await t
      .http()
      .patch(`/api/v1/meetings/${late.id}`)
      .set(bearer(officer))
      .send({ version: 4, heldOn: '2024-05-15' })
      .expect(200);
    expect(moved.body).toMatchObject({ fiscalYear: 2024, sequence: 2, title: `令和6年度第2回${name}協議会` });
    const events = await t.auditEvents({ entityType: 'council_meeting', entityId: late.id });
    expect(events.map((e: { action: string }) => e.action)).toEqual([
      'meeting.create',
      'meeting.update',
      'meeting.update',
      'meeting.update',
      'meeting.update',
    ]);
    expect(events[1].changes.sequence).toEqual({ before: 3, after: 4 });
    expect(events[4].changes.fiscalYear).toEqual({ before: 2023, after: 2024 });

    // hq reads, does not write.
    await t.http().get(`/api/v1/meetings/${late.id}`).set(bearer(hq)).expect(200);
    await t
      .http()
      .patch(`/api/v1/meetings/${late.id}`)
      .set(bearer(hq))
      .send({ version: 5, sequence: 9 })
      .expect(403);
  });

  it('numbers meetings created at the same moment one after another (no two of one 第N回)', async () => {
    const { officer } = await t.createStationTeam();
    const created = await Promise.all(
      ['2023-05-10', '2023-05-10', '2023-06-01', '2023-07-01', '2023-07-01', '2023-08-01'].map((heldOn) =>
        t.http().post('/api/v1/meetings').set(bearer(officer)).send({ heldOn }),
      ),
    );
    expect(created.map((r) => r.status)).toEqual([201, 201, 201, 201, 201, 201]);
    const numbers = created.map((r) => r.body.sequence as number).sort((a, b) => a - b);
    expect(numbers).toEqual([1, 2, 3, 4, 5, 6]);
    // A repeated number by any other path is refused by the database itself.
    const [one] = created;
    await expect(
      t.ds.query(
        `INSERT INTO council_meetings (station_id, held_on, place, attendance, agenda, sequence)
         SELECT station_id, held_on, place, attendance, agenda, $2 FROM council_meetings WHERE id = $1`,
        [one.body.id, one.body.sequence],
      ),
    ).rejects.toThrow(/uq_council_meetings_station_fy_sequence/);
  });

  it('the migration names existing meetings: fiscal year, sequence by date, derived title', async () => {
    const { station, officer } = await t.createStationTeam();
    const a = await create(officer, { heldOn: '2023-06-21' });
    const b = await create(officer, { heldOn: '2023-12-13' });
    const owner = new Client({ connectionString: t.ownerUrl });
    await owner.connect();
    try {
      // As before the migration's backfill: names missing (the trigger off so they stay wrong).
      await owner.query(`ALTER TABLE council_meetings DISABLE TRIGGER council_meetings_derive`);
      await owner.query(
        // sequence: distinct placeholders, as one 第N回 per year is unique
        `UPDATE council_meetings SET fiscal_year = 0, sequence = -(held_on - date '2000-01-01'), title = ''
          WHERE station_id = $1`,
        [station.id],
      );
      // The backfill ran before one 第N回 per year was unique; renumbering every station's
      // meetings row by row passes through repeats, so the index is off while it runs here.
      await owner.query('BEGIN');
      await owner.query(`DROP INDEX uq_council_meetings_station_fy_sequence`);
      await owner.query(BACKFILL_MEETING_NAMES);
      await owner.query(
        `CREATE UNIQUE INDEX uq_council_meetings_station_fy_sequence ON council_meetings (station_id, fiscal_year, sequence)`,
      );
      await owner.query('COMMIT');
    } finally {
      await owner.query(`ALTER TABLE council_meetings ENABLE TRIGGER council_meetings_derive`);
      await owner.end();
    }
    const rows = await t.ds.query(
      `SELECT id, fiscal_year AS "fiscalYear", sequence, title FROM council_meetings WHERE station_id = $1 ORDER BY held_on`,
      [station.id],
    );
    expect(rows).toEqual([
      { id: a.id, fiscalYear: 2023, sequence: 1, title: `令和5年度第1回${station.name}協議会` },
      { id: b.id, fiscalYear: 2023, sequence: 2, title: `令和5年度第2回${station.name}協議会` },
    ]);
    // Meetings written by direct SQL (other features' factories) are named too.
    const [direct] = await t.ds.query(
      `INSERT INTO council_meetings (station_id, held_on) VALUES ($1, '2024-02-01') RETURNING title, sequence`,
      [station.id],
    );
    expect(direct).toEqual({ title: `令和5年度第3回${station.name}協議会`, sequence: 3 });
  });

  it('records attendance, sections and the discussion turns; rejects bad input with codes', async () => {
    const { officer } = await t.createStationTeam();
    const m = await create(officer, { heldOn: '2023-06-21', ...minutesFields });
    expect(m).toMatchObject({
      ...minutesFields,
      memberAttendees: ['木村', '塩田', '藤兼委員'],
      // Counts follow the names when none is given.
      attendance: { members: 3, police: 3 },
      discussion: [
        minutesFields.discussion[0],
        minutesFields.discussion[1],
        { speakerRole: '委員', speaker: '木村', text: '学校での講演なども行ってはいかがか。' },
      ],
    });
    const got = await t.http().get(`/api/v1/meetings/${m.id}`).set(bearer(officer)).expect(200);
    expect(got.body.discussion).toHaveLength(3);
    const turns = [...got.body.discussion].reverse();
    const patched = await t
      .http()
      .patch(`/api/v1/meetings/${m.id}`)
      .set(bearer(officer))
      .send({ version: 1, discussion: turns, attendance: { members: 11, police: 15 } })
      .expect(200);
    expect(patched.body.discussion.map((d: { text: string }) => d.text)).toEqual(turns.map((d) => d.text));
    expect(patched.body.attendance).toEqual({ members: 11, police: 15 });

    const bad = async (body: Record<string, unknown>, code: string, field?: string) => {
      const res = await t.http().post('/api/v1/meetings').set(bearer(officer)).send(body);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe(code);
      if (field) expect(JSON.stringify(res.body.details)).toContain(field);
    };
    await bad({ heldOn: '2023-06-21', startTime: '25:00' }, 'validation_failed', 'startTime');
    await bad({ heldOn: '2023-06-21', startTime: '17:00', endTime: '14:50' }, 'meeting.end_before_start');
    await bad(
      { heldOn: '2023-06-21', discussion: [{ speakerRole: '', text: 'x' }] },
      'validation_failed',
      'discussion',
    );
    await bad({ heldOn: '2023-06-21', discussion: 'x' }, 'validation_failed', 'discussion');
    await bad({ heldOn: '2023-06-21', sequence: 0 }, 'validation_failed', 'sequence');
    await bad({ heldOn: '2023-06-21', fiscalYear: null }, 'validation_failed', 'fiscalYear');
    await bad({ heldOn: '2023-06-21', memberAttendees: [1] }, 'validation_failed', 'memberAttendees');
  });

  it('GET /meetings/:id/minutes: the 会議録 as PDF and DOCX in the seed layout; scope, roles, audit', async () => {
    const { station, officer, hq, admin } = await t.createStationTeam();
    const other = await t.createStationTeam();
    const m = await create(officer, {
      heldOn: '2019-05-07',
      ...minutesFields,
      startTime: '10:00',
      endTime: '12:00',
    });
    const title = `令和元年度第1回${station.name}協議会会議録`;
    const expected = [
      title,
      '開催日時',
      '令和元年5月7日（火） 午前10時から午後0時までの間',
      '開催場所',
      '岩国警察署5階 講堂',
      '出席者',
      '木村委員、塩田委員、藤兼委員 計3名',
      '署長、副署長、警備課長 計3名',
      '議題',
      '警察における経済安全保障に関する取組の推進',
      '1 会長挨拶（要旨）',
      'この度、会長を引き受けることとなった。',
      '2 署長挨拶',
      '省略',
      '3 業務推進状況説明（署長）',
      '(1) 犯罪情勢',
      'ア 刑法犯認知・検挙状況',
      '(2) 交通情勢',
      '4 諮問事項説明',
      '警察における経済安全保障に関する取組の推進',
      '5 協議',
      '(委員)',
      'アウトリーチ活動の具体的な内容について説明願う。',
      '(警備課長)',
      '企業等を個別に訪問し',
      '・海外や日本国内において確認されている技術流出事案の紹介',
      '(委員 木村)',
      '6 講評（副会長）',
      '次回もよろしく願います。',
      '7 配付資料',
      '警察業務説明資料',
      'セキュリティ基本戦略に基づく取組',
    ];

    const pdf = await download(officer, `/api/v1/meetings/${m.id}/minutes?format=pdf`).expect(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toContain(encodeURIComponent(`${title}.pdf`));
    const body = pdf.body as Buffer;
    expect(body.subarray(0, 5).toString()).toBe('%PDF-');
    expect(body.toString('latin1')).toMatch(/\/FontFile3|\/FontFile2/); // fonts embedded
    const text = await extractPdfText(body);
    expectInOrder(flat(text), expected.map(flat));
    // 禁則: no line of the rendered text starts with 」）。、ー or ends with 「（, no katakana word split.
    expect(kinsokuViolations(text.split('\n'))).toEqual([]);
    expect(text).toContain('エスカレーション');

    const docx = await download(hq, `/api/v1/meetings/${m.id}/minutes?format=docx`).expect(200);
    expect(docx.headers['content-type']).toBe(DOCX);
    const docxText = (await mammoth.extractRawText({ buffer: docx.body as Buffer })).value;
    expectInOrder(docxText, expected);
    const html = (await mammoth.convertToHtml({ buffer: docx.body as Buffer })).value;
    expect(html).toContain('<h1>5 協議</h1>');
    expect(html).toContain('<table>');

    // Default format is pdf; other formats are a 400 with a code.
    await download(officer, `/api/v1/meetings/${m.id}/minutes`)
      .expect(200)
      .expect('Content-Type', 'application/pdf');
    const xlsx = await t
      .http()
      .get(`/api/v1/meetings/${m.id}/minutes?format=xlsx`)
      .set(bearer(officer))
      .expect(400);
    expect(xlsx.body.code).toBe('validation_failed');
    await t.http().get(`/api/v1/meetings/${m.id}/minutes?format=pdf`).set(bearer(other.officer)).expect(404);
    await t.http().get(`/api/v1/meetings/${m.id}/minutes?format=pdf`).set(bearer(admin)).expect(403);
    await t
      .http()
      .get('/api/v1/meetings/00000000-0000-4000-8000-000000000000/minutes')
      .set(bearer(officer))
      .expect(404);
    const events = await t.auditEvents({ action: 'export.meeting_minutes', entityId: m.id });
    expect(events.map((e: { changes: { format: string } }) => e.changes.format)).toEqual([
      'pdf',
      'docx',
      'pdf',
    ]);
  });

  it('a meeting with no recorded turns writes its items as the discussion', async () => {
    const { officer } = await t.createStationTeam();
    const m = await create(officer, { heldOn: '2023-06-21' });
    await t
      .http()
      .post(`/api/v1/meetings/${m.id}/items`)
      .set(bearer(officer))
      .send({
        kind: 'question',
        raisedBy: '委員',
        text: 'PR活動の現状について説明願う。',
        response: 'ホームページに掲載している。',
      })
      .expect(201);
    const docx = await download(officer, `/api/v1/meetings/${m.id}/minutes?format=docx`).expect(200);
    const text = (await mammoth.extractRawText({ buffer: docx.body as Buffer })).value;
    expectInOrder(text, [
      '5 協議',
      '(委員)',
      'PR活動の現状について説明願う。',
      '(警察署)',
      'ホームページに掲載している。',
      '6 講評',
    ]);
  });

  it('GET /meetings/:id/report-back: every earlier item of the fiscal year, answered-in-meeting kept; json, pdf, docx', async () => {
    const { station, officer, manager, hq, admin } = await t.createStationTeam();
    const other = await t.createStationTeam();
    const june = await create(officer, { heldOn: '2023-06-21' });
    const item = (body: Record<string, unknown>) =>
      t.http().post(`/api/v1/meetings/${june.id}/items`).set(bearer(officer)).send(body).expect(201);
    const pr = await item({
      kind: 'question',
      raisedBy: '委員',
      text: 'PR活動の現状について説明願う。',
      response: '県警ではホームページに経済安全保障に関連するページを掲載している。',
    });
    const school = await item({
      kind: 'request',
      raisedBy: '委員',
      text: '学校での講演なども行ってはいかがか。',
      response: '検討してまいりたい。',
    });
    const fu = await t
      .http()
      .post('/api/v1/follow-ups')
      .set(bearer(officer))
      .send({
        councilItemId: school.body.id,
        title: '高校での講演の実施',
        ownerId: officer.id,
        dueOn: '2023-11-30',
      })
      .expect(201);
    await t
      .http()
      .patch(`/api/v1/follow-ups/${fu.body.id}`)
      .set(bearer(manager))
      .send({ version: 1, status: 'done', result: '令和5年11月10日、岩国高校で講演を実施した。' })
      .expect(200);
    const december = await create(officer, { heldOn: '2023-12-13' });

    const json = await t
      .http()
      .get(`/api/v1/meetings/${december.id}/report-back?asOf=2023-12-01`)
      .set(bearer(officer))
      .expect(200);
    expect(json.body).toMatchObject({
      fiscalYear: 2023,
      asOf: '2023-12-01',
      asOfLabel: '令和5年12月1日現在',
      title: `令和5年度第2回${station.name}協議会 協議会意見等に対する措置結果`,
    });
    const [prItem, schoolItem] = json.body.sections[0].items;
    expect(prItem).toMatchObject({
      id: pr.body.id,
      answeredInMeeting: true,
      statusLabel: '会議において回答済み',
      followUps: [],
    });
    expect(schoolItem).toMatchObject({
      id: school.body.id,
      answeredInMeeting: false,
      statusLabel: '措置済み',
    });
    // Without asOf the report is dated today (Japan), not the meeting's day.
    const today = await t
      .http()
      .get(`/api/v1/meetings/${december.id}/report-back`)
      .set(bearer(hq))
      .expect(200);
    const jstToday = new Date(Date.now() + 9 * 3600 * 1000).toISOString().slice(0, 10);
    expect(today.body.asOf).toBe(jstToday);

    const expected = [
      `令和5年度第2回${station.name}協議会 協議会意見等に対する措置結果`,
      '令和5年12月1日現在',
      `【令和5年度第1回${station.name}協議会（令和5年6月21日）】`,
      '1 質問（委員）',
      '会議において回答済み',
      'PR活動の現状について説明願う。',
      '県警ではホームページに経済安全保障に関連するページを掲載している。',
      '2 要望（委員）',
      '措置済み',
      '高校での講演の実施（完了、期限 令和5年11月30日）',
      '措置結果：令和5年11月10日、岩国高校で講演を実施した。',
    ];
    const pdf = await download(
      manager,
      `/api/v1/meetings/${december.id}/report-back?format=pdf&asOf=2023-12-01`,
    ).expect(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const pdfText = await extractPdfText(pdf.body as Buffer);
    expectInOrder(flat(pdfText), expected.map(flat));
    expect(kinsokuViolations(pdfText.split('\n'))).toEqual([]);
    const docx = await download(
      hq,
      `/api/v1/meetings/${december.id}/report-back?format=docx&asOf=2023-12-01`,
    ).expect(200);
    expect(docx.headers['content-type']).toBe(DOCX);
    const docxText = (await mammoth.extractRawText({ buffer: docx.body as Buffer })).value;
    expectInOrder(docxText, expected);
    expect(docxText).not.toContain(officer.username);

    const bad = await t
      .http()
      .get(`/api/v1/meetings/${december.id}/report-back?format=xlsx`)
      .set(bearer(officer))
      .expect(400);
    expect(bad.body.code).toBe('validation_failed');
    await t
      .http()
      .get(`/api/v1/meetings/${december.id}/report-back?asOf=2023-02-30`)
      .set(bearer(officer))
      .expect(400);
    await t
      .http()
      .get(`/api/v1/meetings/${december.id}/report-back?format=pdf`)
      .set(bearer(other.manager))
      .expect(404);
    await t
      .http()
      .get(`/api/v1/meetings/${december.id}/report-back?format=docx`)
      .set(bearer(admin))
      .expect(403);
    const events = await t.auditEvents({ action: 'export.meeting_report_back', entityId: december.id });
    expect(events.map((e: { changes: { format: string } }) => e.changes.format)).toEqual(['pdf', 'docx']);
  });
});
