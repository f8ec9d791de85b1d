import type { Response } from 'supertest';
import { LegalFormCodes1799610000000 } from '../../migrations/1799610000000-LegalFormCodes';
import { createOrg } from '../coverage/factories';
import { bearer, TestApp } from '../helpers/test-app';
import { AREA, COL, inArea, readRecords, toCsv } from '../register-import/register-files';

/** Issue 19, data consistency: legalForm is a code everywhere, postal codes read 〒740-0061. */
const KIND = 8;
const POST_CODE = 15;

function binary(res: unknown, callback: (err: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  const stream = res as NodeJS.ReadableStream;
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => callback(null, Buffer.concat(chunks)));
}

/** Our CSV (no embedded newlines in these rows) back to cells. */
const csvRows = (text: string): string[][] =>
  text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter(Boolean)
    .map((line) => [...line.matchAll(/("(?:[^"]|"")*"|[^,]*)(,|$)/g)].map((m) => m[1].replace(/^"|"$/g, '')))
    .map((cells) => cells.slice(0, -1));

describe('legal form codes and postal codes (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.create();
  });
  afterAll(() => t.close());

  it('the migration turns register text (株式会社, その他の設立登記法人) into codes and leaves codes alone', async () => {
    const station = await t.createStation();
    const text = await createOrg(t.ds, { stationId: station.id, legalForm: '株式会社' });
    const other = await createOrg(t.ds, { stationId: station.id, legalForm: 'その他の設立登記法人' });
    const foreign = await createOrg(t.ds, { stationId: station.id, legalForm: '外国会社等' });
    const code = await createOrg(t.ds, { stationId: station.id, legalForm: 'godo' });
    const runner = t.ds.createQueryRunner();
    try {
      await new LegalFormCodes1799610000000().up(runner);
    } finally {
      await runner.release();
    }
    const rows: { id: string; legal_form: string }[] = await t.ds.query(
      `SELECT id, legal_form FROM organizations WHERE station_id = $1`,
      [station.id],
    );
    const form = Object.fromEntries(rows.map((r) => [r.id, r.legal_form]));
    expect(form).toEqual({
      [text]: 'kabushiki',
      [other]: 'other_registered',
      [foreign]: 'foreign_company',
      [code]: 'godo',
    });
    const [label] = await t.ds.query(
      `SELECT label_ja FROM code_list_items WHERE kind = 'legalForm' AND code = 'other_registered'`,
    );
    expect(label.label_ja).toBe('その他の設立登記法人');
  });

  it('the register import writes codes; the export shows the label and 〒740-0061', async () => {
    const station = await t.createStation({ municipalityCodes: AREA });
    const officer = await t.createUser('officer', station.id);
    const picked = readRecords()
      .filter((r) => inArea(r))
      .slice(0, 3)
      .map((r) => [...r]);
    picked[0][KIND] = '301';
    picked[0][POST_CODE] = '7400061';
    picked[1][KIND] = '399';
    picked[2][KIND] = '305';
    const res = await t
      .http()
      .post('/api/v1/organizations/import')
      .set(bearer(officer))
      .attach('file', Buffer.from(toCsv(picked)), 'register.csv')
      .expect(200);
    expect(res.body.inserted).toBe(3);
    const rows: { corporate_number: string; legal_form: string; id: string }[] = await t.ds.query(
      `SELECT id, corporate_number, legal_form FROM organizations WHERE station_id = $1`,
      [station.id],
    );
    const formOf = (r: string[]) => rows.find((o) => o.corporate_number === r[COL.number])!.legal_form;
    expect(picked.map(formOf)).toEqual(['kabushiki', 'other_registered', 'godo']);
    const first = rows.find((o) => o.corporate_number === picked[0][COL.number])!;
    const api = await t.http().get(`/api/v1/organizations/${first.id}`).set(bearer(officer)).expect(200);
    expect(api.body).toMatchObject({ legalForm: 'kabushiki', postalCode: '7400061' });

    const csv: Response = await t
      .http()
      .get('/api/v1/exports/organizations.csv')
      .set(bearer(officer))
      .buffer(true)
      .parse(binary)
      .expect(200);
    const table = csvRows((csv.body as Buffer).toString('utf8'));
    const head = table[0];
    const line = table.find((r) => r[0] === picked[0][COL.number])!;
    expect(line[head.indexOf('法人種別')]).toBe('株式会社');
    expect(line[head.indexOf('郵便番号')]).toBe('〒740-0061');
    const second = table.find((r) => r[0] === picked[1][COL.number])!;
    expect(second[head.indexOf('法人種別')]).toBe('その他の設立登記法人');
  });
});
