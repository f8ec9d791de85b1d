import { readFileSync } from 'node:fs';
import { bearer, TestApp, TestUser } from '../helpers/test-app';
import { AREA, NTA, SAMPLE } from './register-files';
import { buildZip, repeated } from './zip-writer';

const MB = 1024 * 1024;
const sample = readFileSync(SAMPLE);
/** About 16 KB of real register records: repeated, deflate squeezes them ~150:1. */
const unit = sample.subarray(0, sample.indexOf(0x0a, 16_000) + 1);
const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

/** Zip bombs: small uploads (under UPLOAD_LIMIT_MB) that would expand to hundreds of MB of CSV. */
describe('register import of zip bombs (e2e)', () => {
  let t: TestApp;
  /** 520 MB of CSV in a zip of a few MB. */
  let bomb: Buffer;
  beforeAll(async () => {
    t = await TestApp.create();
    bomb = await buildZip([{ name: 'bomb.csv', chunks: repeated(unit, 520 * MB) }]);
  }, 60_000);
  afterAll(() => t.close());

  async function officer(): Promise<{ stationId: string; user: TestUser }> {
    const station = await t.createStation({ municipalityCodes: AREA });
    return { stationId: station.id, user: await t.createUser('officer', station.id) };
  }

  const upload = (user: TestUser, zip: Buffer, name = 'register.zip') =>
    t.http().post('/api/v1/organizations/import').set(bearer(user)).attach('file', zip, name);

  async function expectNothingImported(stationId: string): Promise<void> {
    const rows = await t.ds.query(`SELECT 1 FROM organizations WHERE station_id = $1`, [stationId]);
    expect(rows).toHaveLength(0);
    const audits = await t.ds.query(
      `SELECT 1 FROM audit_events WHERE action = 'organization.import' AND station_id = $1`,
      [stationId],
    );
    expect(audits).toHaveLength(0);
  }

  it('answers 413 to a zip of a few MB that expands to 520 MB of CSV, before expanding it', async () => {
    expect(bomb.length).toBeLessThan(t.config.uploadLimitBytes);
    expect(bomb.length).toBeLessThan(5 * MB);
    const { stationId, user } = await officer();
    const started = Date.now();
    const res = await upload(user, bomb).expect(413);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(res.body).toMatchObject({
      statusCode: 413,
      error: 'Payload Too Large',
      code: 'organization_import.zip_too_large',
      limit: 'ratio',
      details: [{ field: 'file', message: expect.stringMatching(JAPANESE) }],
    });
    expect(res.body.message).toMatch(/ZIPファイルの圧縮率が異常に高い/);
    expect(res.headers['cache-control']).toBe('no-store');
    await expectNothingImported(stationId);
  }, 60_000);

  it('counts what the CSV inflates to, not what the zip headers claim', async () => {
    const { stationId, user } = await officer();
    // Headers claiming 50:1: the real ratio shows while it streams (within the first ~8 MB).
    const plausible = await buildZip([
      { name: 'bomb.csv', chunks: repeated(unit, 520 * MB), declaredSize: bomb.length * 50 },
    ]);
    const ratio = await upload(user, plausible).expect(413);
    expect(ratio.body).toMatchObject({ code: 'organization_import.zip_too_large', limit: 'ratio' });
    // Headers claiming 100 KB: refused as soon as it inflates past that.
    const small = await buildZip([
      { name: 'bomb.csv', chunks: repeated(unit, 520 * MB), declaredSize: 100_000 },
    ]);
    const declared = await upload(user, small).expect(413);
    expect(declared.body).toMatchObject({
      code: 'organization_import.zip_too_large',
      limit: 'declared_size',
    });
    expect(declared.body.message).toMatch(JAPANESE);
    await expectNothingImported(stationId);
  }, 60_000);

  it('answers 413 to a zip of more than 100 entries', async () => {
    const { stationId, user } = await officer();
    const many = await buildZip(
      Array.from({ length: 101 }, (_, i) => ({ name: `part-${i}.csv`, chunks: [sample.subarray(0, 1000)] })),
    );
    const res = await upload(user, many).expect(413);
    expect(res.body).toMatchObject({ code: 'organization_import.zip_too_large', limit: 'entries' });
    expect(res.body.message).toMatch(/エントリが多すぎます/);
    await expectNothingImported(stationId);
  });

  it('still imports a real register zip', async () => {
    const { user } = await officer();
    const res = await upload(
      user,
      readFileSync(`${NTA}/yamaguchi-sample.zip`),
      'yamaguchi-sample.zip',
    ).expect(200);
    expect(res.body.rows).toBe(500);
  });
});

describe('register import: REGISTER_MAX_EXPANDED_MB (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.create({ REGISTER_MAX_EXPANDED_MB: '1' });
  });
  afterAll(() => t.close());

  it('answers 413 to a zip whose CSV expands past the limit, at an ordinary ratio, and takes one under it', async () => {
    const station = await t.createStation({ municipalityCodes: AREA });
    const user = await t.createUser('officer', station.id);
    // 18 copies of the 116 KB sample: ~2 MB of CSV that compresses like a real file (~5:1).
    const zip = await buildZip([{ name: 'big.csv', chunks: Array.from({ length: 18 }, () => sample) }]);
    expect(18 * sample.length).toBeGreaterThan(MB);
    expect((18 * sample.length) / zip.length).toBeLessThan(100);
    const res = await t
      .http()
      .post('/api/v1/organizations/import')
      .set(bearer(user))
      .attach('file', zip, 'big.zip')
      .expect(413);
    expect(res.body).toMatchObject({ code: 'organization_import.zip_too_large', limit: 'expanded_size' });
    expect(res.body.message).toContain('上限（1 MB）');
    const ok = await t
      .http()
      .post('/api/v1/organizations/import')
      .set(bearer(user))
      .attach('file', readFileSync(`${NTA}/yamaguchi-sample.zip`), 'yamaguchi-sample.zip')
      .expect(200);
    expect(ok.body.rows).toBe(500);
  });
});
