import { createHash } from 'node:crypto';
import { loadConfig } from '../../libs/config/app-config';
import { bearer, TestApp, TestUser } from '../helpers/test-app';
import { createMeeting, createSeminar, createVisit } from './records';
import {
  docxFile,
  exeFile,
  jpegFile,
  pdfFile,
  plainZipFile,
  pngFile,
  pptxFile,
  sjisTextFile,
  utf16TextFile,
  utf8TextFile,
  xlsxFile,
} from './sample-files';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** supertest: a binary answer as a Buffer. */
const binary = (res: NodeJS.ReadableStream, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

describe('attachments (issue 13)', () => {
  let t: TestApp;
  let team: Awaited<ReturnType<TestApp['createStationTeam']>>;
  let other: Awaited<ReturnType<TestApp['createStationTeam']>>;
  let officer2: TestUser;

  beforeAll(async () => {
    t = await TestApp.create();
    team = await t.createStationTeam();
    other = await t.createStationTeam();
    officer2 = await t.createUser('officer', team.station.id);
  });
  afterAll(() => t.close());

  const upload = (user: TestUser, path: string, data: Buffer, name: string) =>
    t.http().post(`/api/v1/${path}/attachments`).set(bearer(user)).attach('file', data, name);

  describe('types are judged from the content', () => {
    const cases: Array<[string, () => Promise<Buffer> | Buffer, string, string]> = [
      ['PDF', () => pdfFile(), '配付資料_経済安全保障.pdf', 'application/pdf'],
      ['JPEG', jpegFile, '現場写真.jpg', 'image/jpeg'],
      ['PNG', pngFile, 'スクリーンショット.png', 'image/png'],
      [
        'DOCX',
        () => docxFile(),
        '議事メモ.docx',
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      ],
      [
        'XLSX',
        () => xlsxFile(),
        '参加者一覧.xlsx',
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      ],
      [
        'PPTX',
        () => pptxFile(),
        '講演資料.pptx',
        'application/vnd.openxmlformats-officedocument.presentationml.presentation',
      ],
      ['UTF-8 text', utf8TextFile, 'メモ.txt', 'text/plain; charset=utf-8'],
      ['Shift_JIS text', sjisTextFile, '連絡先.txt', 'text/plain; charset=shift_jis'],
    ];
    it.each(cases)(
      '%s: 201 with name, type, size and SHA-256; downloads the same bytes',
      async (_k, make, name, type) => {
        const visit = await createVisit(t, { stationId: team.station.id, createdBy: team.officer.id });
        const data = await make();
        const res = await upload(team.officer, `visits/${visit.id}`, data, name).expect(201);
        expect(res.body).toEqual({
          id: expect.any(String),
          fileName: name,
          contentType: type,
          size: data.length,
          sha256: sha(data),
          createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+09:00$/),
          deletable: true,
        });
        const list = await t
          .http()
          .get(`/api/v1/visits/${visit.id}/attachments`)
          .set(bearer(team.officer))
          .expect(200);
        expect(list.body.items).toEqual([res.body]);

        const down = await t
          .http()
          .get(`/api/v1/attachments/${res.body.id}`)
          .set(bearer(team.officer))
          .buffer(true)
          .parse(binary as never)
          .expect(200);
        expect(down.headers['content-type']).toBe(type);
        expect(down.headers['x-content-type-options']).toBe('nosniff');
        expect(down.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
        expect(down.headers['cache-control']).toBe('no-store');
        expect(down.headers['repr-digest']).toBe(
          `sha-256=:${createHash('sha256').update(data).digest('base64')}:`,
        );
        expect(down.headers['content-disposition']).toBe(
          `attachment; filename="${name.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`,
        );
        expect(Buffer.compare(down.body as Buffer, data)).toBe(0);
      },
    );

    it('the name never decides: a PDF named .jpg is a PDF (and gets .pdf), an .exe named .pdf is refused', async () => {
      const visit = await createVisit(t, { stationId: team.station.id, createdBy: team.officer.id });
      const pdf = await pdfFile();
      const res = await upload(team.officer, `visits/${visit.id}`, pdf, 'スキャン.jpg').expect(201);
      expect(res.body).toMatchObject({ fileName: 'スキャン.jpg.pdf', contentType: 'application/pdf' });

      for (const [data, name] of [
        [exeFile(), '請求書.pdf'],
        [await plainZipFile(), '資料.docx'],
        [utf16TextFile(), 'memo.txt'],
        [Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0]), 'a.png'],
      ] as const) {
        const refused = await upload(team.officer, `visits/${visit.id}`, data, name);
        expect(refused.status).toBe(415);
        expect(refused.body).toMatchObject({ statusCode: 415, code: 'attachment.unsupported_type' });
      }
      const rows = await t.ds.query(`SELECT file_name FROM attachments WHERE visit_id = $1`, [visit.id]);
      expect(rows).toEqual([{ file_name: 'スキャン.jpg.pdf' }]);
      const audit = await t.ds.query(
        `SELECT 1 FROM audit_events WHERE action = 'attachment.upload' AND changes ->> 'recordId' = $1`,
        [visit.id],
      );
      expect(audit).toHaveLength(1);
    });

    it('strips path parts and control characters from the name', async () => {
      const visit = await createVisit(t, { stationId: team.station.id, createdBy: team.officer.id });
      const res = await upload(team.officer, `visits/${visit.id}`, pngFile(), '..\\..\\写真<1>.png').expect(
        201,
      );
      expect(res.body.fileName).toBe('写真_1_.png');
    });

    it('reads RFC 5987 names (filename*) and raw UTF-8 names alike', async () => {
      const visit = await createVisit(t, { stationId: team.station.id, createdBy: team.officer.id });
      const name = '令和5年度 第1回 協議会資料.pdf';
      const pdf = await pdfFile();
      const raw = (disposition: Buffer) =>
        Buffer.concat([
          Buffer.from('--b0undary\r\n'),
          disposition,
          Buffer.from('\r\nContent-Type: application/octet-stream\r\n\r\n'),
          pdf,
          Buffer.from('\r\n--b0undary--\r\n'),
        ]);
      for (const disposition of [
        Buffer.from(
          `Content-Disposition: form-data; name="file"; filename*=UTF-8''${encodeURIComponent(name)}`,
        ),
        Buffer.concat([
          Buffer.from('Content-Disposition: form-data; name="file"; filename="'),
          Buffer.from(name, 'utf8'),
          Buffer.from('"'),
        ]),
      ]) {
        const res = await t
          .http()
          .post(`/api/v1/visits/${visit.id}/attachments`)
          .set(bearer(team.officer))
          .set('Content-Type', 'multipart/form-data; boundary=b0undary')
          .send(raw(disposition))
          .expect(201);
        expect(res.body).toMatchObject({ fileName: name, sha256: sha(pdf) });
      }
    });

    it('bad uploads are 400 with a code, never 500', async () => {
      const visit = await createVisit(t, { stationId: team.station.id, createdBy: team.officer.id });
      const path = `/api/v1/visits/${visit.id}/attachments`;
      const json = await t.http().post(path).set(bearer(team.officer)).send({ file: 'x' });
      expect(json.status).toBe(400);
      expect(json.body.code).toBe('attachment.not_multipart');
      const none = await t.http().post(path).set(bearer(team.officer)).field('note', 'x');
      expect(none.status).toBe(400);
      expect(none.body.code).toBe('attachment.file_required');
      const wrong = await t.http().post(path).set(bearer(team.officer)).attach('upload', pngFile(), 'a.png');
      expect(wrong.status).toBe(400);
      expect(wrong.body.code).toBe('attachment.unexpected_field');
      const two = await t
        .http()
        .post(path)
        .set(bearer(team.officer))
        .attach('file', pngFile(), 'a.png')
        .attach('file', pngFile(), 'b.png');
      expect(two.status).toBe(400);
      expect(two.body.code).toBe('attachment.unexpected_field');
      const empty = await upload(team.officer, `visits/${visit.id}`, Buffer.alloc(0), 'empty.txt');
      expect(empty.status).toBe(400);
      expect(empty.body.code).toBe('attachment.empty');
      const broken = await t
        .http()
        .post(path)
        .set(bearer(team.officer))
        .set('Content-Type', 'multipart/form-data; boundary=xyz')
        .send('--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\nabc');
      expect(broken.status).toBe(400);
      expect(broken.body.code).toBe('attachment.bad_upload');
      const noBoundary = await t
        .http()
        .post(path)
        .set(bearer(team.officer))
        .set('Content-Type', 'multipart/form-data')
        .send('abc');
      expect(noBoundary.status).toBe(400);
      expect(noBoundary.body.code).toBe('attachment.bad_upload');
      let many = t.http().post(path).set(bearer(team.officer));
      for (let i = 0; i < 20; i++) many = many.field(`f${i}`, 'x');
      const manyRes = await many.attach('file', pngFile(), 'a.png');
      expect(manyRes.status).toBe(400);
      expect(manyRes.body.code).toBe('attachment.bad_upload');
      const bigField = await t
        .http()
        .post(path)
        .set(bearer(team.officer))
        .field('note', 'x'.repeat(10_000))
        .attach('file', pngFile(), 'a.png');
      expect(bigField.status).toBe(400);
      expect(bigField.body.code).toBe('attachment.bad_upload');
      expect(await t.ds.query(`SELECT 1 FROM attachments WHERE visit_id = $1`, [visit.id])).toHaveLength(0);
    });
  });

  describe('who may see and change them', () => {
    it('another station: 404 on list, upload, download and delete; unknown and malformed ids: 404', async () => {
      const visit = await createVisit(t, {
        stationId: team.station.id,
        createdBy: team.officer.id,
        status: 'submitted',
      });
      const seminar = await createSeminar(t, team.station.id, team.officer.id);
      const meeting = await createMeeting(t, team.station.id);
      const ids: string[] = [];
      for (const path of [`visits/${visit.id}`, `seminars/${seminar.id}`, `meetings/${meeting.id}`]) {
        ids.push((await upload(team.officer, path, pngFile(), 'a.png').expect(201)).body.id);
        for (const user of [other.officer, other.manager]) {
          const list = await t.http().get(`/api/v1/${path}/attachments`).set(bearer(user));
          expect(list.status).toBe(404);
          const up = await upload(user, path, pngFile(), 'x.png');
          expect(up.status).toBe(404);
        }
      }
      for (const id of ids)
        for (const user of [other.officer, other.manager]) {
          const down = await t.http().get(`/api/v1/attachments/${id}`).set(bearer(user));
          expect(down.status).toBe(404);
          expect(down.body.code).toBe('attachment.not_found');
          const del = await t.http().delete(`/api/v1/attachments/${id}`).set(bearer(user));
          expect(del.status).toBe(404);
        }
      const unknown = '00000000-0000-4000-8000-000000000000';
      expect((await t.http().get(`/api/v1/attachments/${unknown}`).set(bearer(team.officer))).status).toBe(
        404,
      );
      expect((await t.http().get(`/api/v1/attachments/not-a-uuid`).set(bearer(team.officer))).status).toBe(
        404,
      );
      const v404 = await t.http().get(`/api/v1/visits/${unknown}/attachments`).set(bearer(team.officer));
      expect(v404.status).toBe(404);
      expect(v404.body.code).toBe('visit.not_found');
      expect((await upload(team.officer, `meetings/${unknown}`, pngFile(), 'a.png')).status).toBe(404);
      expect(
        await t.ds.query(`SELECT 1 FROM attachments WHERE station_id = $1`, [other.station.id]),
      ).toHaveLength(0);
    });

    it('hq reads across stations but never changes; admin has no access', async () => {
      const visit = await createVisit(t, {
        stationId: team.station.id,
        createdBy: team.officer.id,
        status: 'approved',
      });
      const id = (await upload(team.officer, `visits/${visit.id}`, pngFile(), 'a.png').expect(201)).body.id;
      const list = await t
        .http()
        .get(`/api/v1/visits/${visit.id}/attachments`)
        .set(bearer(team.hq))
        .expect(200);
      expect(list.body.items).toMatchObject([{ id, deletable: false }]);
      await t.http().get(`/api/v1/attachments/${id}`).set(bearer(team.hq)).expect(200);
      expect((await upload(team.hq, `visits/${visit.id}`, pngFile(), 'b.png')).status).toBe(403);
      expect((await t.http().delete(`/api/v1/attachments/${id}`).set(bearer(team.hq))).status).toBe(403);
      for (const req of [
        t.http().get(`/api/v1/visits/${visit.id}/attachments`),
        t.http().get(`/api/v1/attachments/${id}`),
        t.http().delete(`/api/v1/attachments/${id}`),
      ])
        expect((await req.set(bearer(team.admin))).status).toBe(403);
      expect((await upload(team.admin, `visits/${visit.id}`, pngFile(), 'b.png')).status).toBe(403);
      // hq sees no drafts, so not their files either
      const draft = await createVisit(t, { stationId: team.station.id, createdBy: team.officer.id });
      const draftFile = (await upload(team.officer, `visits/${draft.id}`, pngFile(), 'a.png').expect(201))
        .body.id;
      expect((await t.http().get(`/api/v1/attachments/${draftFile}`).set(bearer(team.hq))).status).toBe(404);
    });

    it('a visit: its officers and the station manager change files; another officer of the station only reads', async () => {
      const visit = await createVisit(t, {
        stationId: team.station.id,
        createdBy: team.officer.id,
        status: 'returned',
      });
      // never-submitted drafts are private to their officers: 404 for the colleague
      const draft = await createVisit(t, { stationId: team.station.id, createdBy: team.officer.id });
      expect(
        (await t.http().get(`/api/v1/visits/${draft.id}/attachments`).set(bearer(officer2))).status,
      ).toBe(404);

      const mine = (await upload(team.officer, `visits/${visit.id}`, pngFile(), 'a.png').expect(201)).body;
      const list = await t
        .http()
        .get(`/api/v1/visits/${visit.id}/attachments`)
        .set(bearer(officer2))
        .expect(200);
      expect(list.body.items).toMatchObject([{ id: mine.id, deletable: false }]);
      await t.http().get(`/api/v1/attachments/${mine.id}`).set(bearer(officer2)).expect(200);
      const up = await upload(officer2, `visits/${visit.id}`, pngFile(), 'b.png');
      expect(up.status).toBe(403);
      expect(up.body.code).toBe('attachment.not_editable');
      const del = await t.http().delete(`/api/v1/attachments/${mine.id}`).set(bearer(officer2));
      expect(del.status).toBe(403);
      expect(del.body.code).toBe('attachment.not_editable');

      const byManager = (await upload(team.manager, `visits/${visit.id}`, jpegFile(), 'c.jpg').expect(201))
        .body;
      await t.http().delete(`/api/v1/attachments/${byManager.id}`).set(bearer(team.manager)).expect(204);
    });

    it('submitted or approved visits take new files but keep the ones they have', async () => {
      for (const status of ['submitted', 'approved'] as const) {
        const visit = await createVisit(t, {
          stationId: team.station.id,
          createdBy: team.officer.id,
          status,
        });
        const added = await upload(team.officer, `visits/${visit.id}`, pngFile(), '追加の写真.png').expect(
          201,
        );
        expect(added.body.deletable).toBe(false);
        for (const user of [team.officer, team.manager]) {
          const del = await t.http().delete(`/api/v1/attachments/${added.body.id}`).set(bearer(user));
          expect(del.status).toBe(409);
          expect(del.body).toMatchObject({ code: 'attachment.record_locked', status });
        }
        expect(await t.ds.query(`SELECT 1 FROM attachments WHERE id = $1`, [added.body.id])).toHaveLength(1);
      }
    });

    it('a planned visit takes and gives up files; a cancelled one takes none and keeps its own', async () => {
      const visit = await createVisit(t, { stationId: team.station.id, createdBy: team.officer.id });
      await t.ds.query(`UPDATE visits SET status = 'planned' WHERE id = $1`, [visit.id]);
      const kept = (await upload(team.officer, `visits/${visit.id}`, pngFile(), '地図.png').expect(201)).body;
      const gone = (await upload(team.officer, `visits/${visit.id}`, pngFile(), '下見.png').expect(201)).body;
      expect(gone.deletable).toBe(true);
      await t.http().delete(`/api/v1/attachments/${gone.id}`).set(bearer(team.officer)).expect(204);

      await t.ds.query(`UPDATE visits SET status = 'cancelled' WHERE id = $1`, [visit.id]);
      const refused = await upload(team.officer, `visits/${visit.id}`, pngFile(), 'b.png');
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({ code: 'attachment.record_locked', status: 'cancelled' });
      const del = await t.http().delete(`/api/v1/attachments/${kept.id}`).set(bearer(team.officer));
      expect(del.status).toBe(409);
      await t.http().get(`/api/v1/attachments/${kept.id}`).set(bearer(team.officer)).expect(200);
    });

    it('seminars and meetings: the station’s officers and managers add and delete', async () => {
      const seminar = await createSeminar(t, team.station.id, team.manager.id);
      const meeting = await createMeeting(t, team.station.id);
      for (const path of [`seminars/${seminar.id}`, `meetings/${meeting.id}`]) {
        const a = (await upload(officer2, path, await docxFile(), '会議録.docx').expect(201)).body;
        expect(a.deletable).toBe(true);
        const list = await t.http().get(`/api/v1/${path}/attachments`).set(bearer(team.hq)).expect(200);
        expect(list.body.items).toMatchObject([{ id: a.id, fileName: '会議録.docx', deletable: false }]);
        await t.http().delete(`/api/v1/attachments/${a.id}`).set(bearer(team.manager)).expect(204);
        expect((await t.http().get(`/api/v1/${path}/attachments`).set(bearer(officer2))).body.items).toEqual(
          [],
        );
      }
    });
  });

  describe('audit trail', () => {
    it('upload, download and delete each leave an event with name, size and SHA-256 (no bytes)', async () => {
      const visit = await createVisit(t, {
        stationId: team.station.id,
        createdBy: team.officer.id,
        status: 'returned',
      });
      const data = await pdfFile('監査');
      const a = (await upload(team.officer, `visits/${visit.id}`, data, '監査対象.pdf').expect(201)).body;
      await t.http().get(`/api/v1/attachments/${a.id}`).set(bearer(team.manager)).expect(200);
      await t.http().delete(`/api/v1/attachments/${a.id}`).set(bearer(team.officer)).expect(204);

      const events = await t.auditEvents({ entityType: 'attachment', entityId: a.id });
      expect(events.map((e: { action: string }) => e.action)).toEqual([
        'attachment.upload',
        'attachment.download',
        'attachment.delete',
      ]);
      expect(events.map((e: { actor_id: string }) => e.actor_id)).toEqual([
        team.officer.id,
        team.manager.id,
        team.officer.id,
      ]);
      for (const e of events) {
        expect(e.station_id).toBe(team.station.id);
        expect(e.changes).toMatchObject({ sha256: sha(data), recordType: 'visit', recordId: visit.id });
      }
      expect(events[0].changes).toMatchObject({
        fileName: '監査対象.pdf',
        size: data.length,
        contentType: 'application/pdf',
      });
      // gone, bytes included
      expect(
        await t.ds.query(`SELECT 1 FROM attachment_blobs WHERE attachment_id = $1`, [a.id]),
      ).toHaveLength(0);
      expect((await t.http().get(`/api/v1/attachments/${a.id}`).set(bearer(team.officer))).status).toBe(404);
    });

    it('a refused change writes no event', async () => {
      const visit = await createVisit(t, {
        stationId: team.station.id,
        createdBy: team.officer.id,
        status: 'approved',
      });
      const a = (await upload(team.officer, `visits/${visit.id}`, pngFile(), 'a.png').expect(201)).body;
      await t.http().delete(`/api/v1/attachments/${a.id}`).set(bearer(team.officer)).expect(409);
      await t.http().delete(`/api/v1/attachments/${a.id}`).set(bearer(other.manager)).expect(404);
      expect(
        await t.auditEvents({ entityType: 'attachment', entityId: a.id, action: 'attachment.delete' }),
      ).toEqual([]);
    });
  });
});

describe('attachment size limit (ATTACHMENT_LIMIT_MB)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.create({ ATTACHMENT_LIMIT_MB: '1' });
  });
  afterAll(() => t.close());

  it('413 past the limit, nothing stored; at the limit it is accepted', async () => {
    const { station, officer } = await t.createStationTeam();
    const visit = await createVisit(t, { stationId: station.id, createdBy: officer.id });
    const big = Buffer.alloc(1024 * 1024 + 1, 'a');
    const res = await t
      .http()
      .post(`/api/v1/visits/${visit.id}/attachments`)
      .set(bearer(officer))
      .attach('file', big, 'big.txt');
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ statusCode: 413, code: 'attachment.too_large' });
    const huge = await t
      .http()
      .post(`/api/v1/visits/${visit.id}/attachments`)
      .set(bearer(officer))
      .attach('file', Buffer.alloc(8 * 1024 * 1024, 'b'), 'huge.txt');
    expect(huge.status).toBe(413);
    expect(await t.ds.query(`SELECT 1 FROM attachments WHERE visit_id = $1`, [visit.id])).toHaveLength(0);

    const exact = Buffer.alloc(1024 * 1024, 'c');
    const ok = await t
      .http()
      .post(`/api/v1/visits/${visit.id}/attachments`)
      .set(bearer(officer))
      .attach('file', exact, 'exact.txt')
      .expect(201);
    expect(ok.body).toMatchObject({ size: exact.length, sha256: sha(exact) });
    // the list tells the picker the limit, so a phone need not send a file that is too large
    const list = await t
      .http()
      .get(`/api/v1/visits/${visit.id}/attachments`)
      .set(bearer(officer))
      .expect(200);
    expect(list.body).toMatchObject({ limitBytes: 1024 * 1024, items: [{ id: ok.body.id }] });
  });

  it('the default limit is 20 MB', () => {
    expect(t.config.attachmentLimitBytes).toBe(1024 * 1024);
    // without the variable (read once, validated)
    expect(loadConfig({ NODE_ENV: 'test' }).attachmentLimitBytes).toBe(20 * 1024 * 1024);
  });
});
