import { organizationText } from '../../apps/api/src/organizations/organization-text';
import { withCorporateNumberCheckDigit } from '../../libs/japanese/corporate-number';
import { normalizeSearchText } from '../../libs/japanese/text';
import { bearer, TestApp } from '../helpers/test-app';

type Team = Awaited<ReturnType<TestApp['createStationTeam']>>;

/**
 * Issue 14 ("the import leaves the registry fast"): whatever plan answers a search, its results are
 * the search's definition, checked here over a seeded registry against that definition written
 * plainly in SQL (no index tricks): the matches are the organizations whose search text holds the
 * normalized query (a complete corporate number: that number), not archived, of the caller's
 * station; the reading (sort_key) starting with the query first, then the name without its legal
 * form (normalized_name), then the rest; each group by reading, then id. GET /search lists an
 * organization's matches by reading, then id (not archived, not merged), at most `limit`.
 */
describe('organization search results (e2e)', () => {
  let t: TestApp;
  let a: Team;
  let b: Team;
  const corporateNumbers: string[] = [];

  // 1- and 2-character heads (common, rare), kana names, Latin names, addresses, legal forms front/back.
  const heads = [
    ['岩国', 'イワクニ'],
    ['岩', 'イワ'],
    ['西岩国', 'ニシイワクニ'],
    ['錦川', 'ニシキガワ'],
    ['周防', 'スオウ'],
    ['国', 'クニ'],
    ['和木', 'ワキ'],
    ['イワクニ', 'イワクニ'],
    ['ｲﾜｷ', 'イワキ'],
    ['いわき', 'イワキ'],
    ['ABC', 'エービーシー'],
    ['ａｂｃ', 'エービーシー'],
    ['鷺ノ宮', 'サギノミヤ'],
    ['山', 'ヤマ'],
    ['山陽', 'サンヨウ'],
    // The query inside a reading, before and after the readings that start with it (GET /search
    // reads those ranges apart): アイワ and アカイワ sort before イワ, オオイワ and ワイワイ after.
    ['愛和', 'アイワ'],
    ['赤岩', 'アカイワ'],
    ['大岩', 'オオイワ'],
    ['ワイワイ', 'ワイワイ'],
  ];
  const tails = [
    ['精密', 'セイミツ'],
    ['工業', 'コウギョウ'],
    ['マテリアル', 'マテリアル'],
    ['ｾｲﾐﾂ', 'セイミツ'],
    ['化学工業', 'カガクコウギョウ'],
    ['', ''],
  ];
  const forms = ['株式会社', '有限会社', '合同会社', '(株)', ''];
  const streets = ['岩国市麻里布町', '岩国市南岩国町', '玖珂郡和木町', '周南市', '下関市', ''];

  beforeAll(async () => {
    t = await TestApp.create({ RATE_LIMIT_SEARCH_PER_MINUTE: '100000' });
    a = await t.createStationTeam();
    b = await t.createStationTeam();
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (const [team, count] of [
      [a, 3000],
      [b, 300],
    ] as const) {
      const rows: Record<string, unknown>[] = [];
      for (let i = 0; i < count; i++) {
        const [h, hk] = heads[rand(heads.length)];
        const [tl, tk] = tails[rand(tails.length)];
        const form = forms[rand(forms.length)];
        const name = rand(2) ? `${form}${h}${tl}` : `${h}${tl}${form}`;
        // Readings as typed: katakana, hiragana, half-width, or none.
        const kanaStyle = rand(4);
        const kana = `${hk}${tk}`;
        const nameKana =
          kanaStyle === 0
            ? null
            : kanaStyle === 1
              ? kana.replace(/[ァ-ヶ]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0x60))
              : kana;
        const address = streets[rand(streets.length)]
          ? `山口県${streets[rand(streets.length)]}${rand(9) + 1}-${rand(30) + 1}`
          : null;
        const corporateNumber =
          rand(3) === 0
            ? withCorporateNumberCheckDigit(String(100000000000 + i * 37 + (team === b ? 5 : 0)))
            : null;
        if (corporateNumber && team === a) corporateNumbers.push(corporateNumber);
        const status = rand(20) === 0 ? 'archived' : rand(15) === 0 ? 'closed' : 'active';
        rows.push({
          name,
          nameKana,
          address,
          corporateNumber,
          status,
          ...organizationText({ name, nameKana, address, corporateNumber }),
        });
      }
      await t.ds.query(
        `INSERT INTO organizations (station_id, name, name_kana, address, corporate_number, status, search_text, normalized_name, sort_key)
         SELECT $1, r.name, r."nameKana", r.address, r."corporateNumber", r.status, r."searchText", r."normalizedName", r."sortKey"
           FROM jsonb_to_recordset($2::jsonb) AS r(name text, "nameKana" text, address text, "corporateNumber" text, status text,
                "searchText" text, "normalizedName" text, "sortKey" text)`,
        [team.station.id, JSON.stringify(rows)],
      );
    }
    await t.ds.query(`ANALYZE organizations`);
  });
  afterAll(() => t.close());

  /** The definition: every match of `q` in the station, in the search's order. */
  const expected = async (q: string): Promise<string[]> => {
    const nq = normalizeSearchText(q);
    const isNumber = corporateNumbers.includes(nq);
    const rows: { id: string }[] = await t.ds.query(
      `SELECT id FROM organizations
        WHERE station_id = $1 AND status <> 'archived'
          AND ${isNumber ? 'corporate_number = $2' : `strpos(search_text, $2) > 0`}
        ORDER BY CASE WHEN starts_with(sort_key, $2) THEN 0 WHEN starts_with(normalized_name, $2) THEN 1 ELSE 2 END,
                 sort_key, id`,
      [a.station.id, nq],
    );
    return rows.map((r) => r.id);
  };

  const page = async (q: string, pageNo: number, pageSize: number) => {
    const res = await t
      .http()
      .get('/api/v1/organizations')
      .set(bearer(a.officer))
      .query({ q, page: pageNo, pageSize })
      .expect(200);
    return res.body as { items: { id: string }[]; total: number; totalCapped?: boolean };
  };

  const queries = () => [
    // 1 character: common, rare, kana (hiragana/katakana/half-width), Latin, a mark.
    '岩',
    '国',
    '鷺',
    'い',
    'イ',
    'ｲ',
    'a',
    'Ａ',
    '(',
    '%',
    // 2 characters.
    '岩国',
    'いわ',
    'イワ',
    'ｲﾜ',
    '和木',
    '工業',
    'ab',
    '山陽',
    '株式',
    // 3+ characters, readings in hiragana/katakana/half-width, mixed scripts.
    '岩国精密',
    'いわくにせいみつ',
    'ｾｲﾐﾂｺｳｷﾞｮｳ',
    'マテリアル',
    '西岩国',
    'いわき',
    'abcマテリアル',
    '南岩国町',
    '株式会社岩国',
    '(株)',
    '鷺ノ宮',
    '玖珂郡',
    'ない言葉',
    corporateNumbers[3],
    corporateNumbers[3].slice(0, 6),
  ];

  it('answers every match in the definition order, page by page, with the total', async () => {
    for (const q of queries()) {
      const all = await expected(q);
      const pageSize = 50;
      const got: string[] = [];
      for (let p = 1; p <= Math.min(4, Math.ceil(all.length / pageSize) || 1); p++) {
        const body = await page(q, p, pageSize);
        got.push(...body.items.map((i) => i.id));
        expect({ q, p, total: body.total }).toEqual({ q, p, total: all.length });
        expect(body.totalCapped).toBeUndefined();
      }
      expect({ q, ids: got }).toEqual({ q, ids: all.slice(0, 4 * pageSize) });
    }
  });

  it('pages past the first groups (small pages, deep offsets) in the same order', async () => {
    for (const q of ['岩', 'イワ', '国', '工業', 'いわくに']) {
      const all = await expected(q);
      const pageSize = 7;
      for (const p of [1, 2, 5, 20, 60]) {
        const body = await page(q, p, pageSize);
        expect({ q, p, ids: body.items.map((i) => i.id) }).toEqual({
          q,
          p,
          ids: all.slice((p - 1) * pageSize, p * pageSize),
        });
      }
    }
  });

  /** GET /search's definition: the first `limit` matches by reading, then id (every station for hq). */
  const expectedSearch = async (q: string, limit: number, stationId: string | null): Promise<string[]> => {
    const nq = normalizeSearchText(q);
    const isNumber = corporateNumbers.includes(nq);
    const rows: { id: string }[] = await t.ds.query(
      `SELECT id FROM organizations
        WHERE ($1::uuid IS NULL OR station_id = $1) AND status <> 'archived' AND merged_into_id IS NULL
          AND ${isNumber ? 'corporate_number = $2' : `strpos(search_text, $2) > 0`}
        ORDER BY sort_key, id LIMIT $3`,
      [stationId, nq, limit],
    );
    return rows.map((r) => r.id);
  };

  const siteSearch = async (user: Team['officer'], q: string, limit: number) => {
    const res = await t
      .http()
      .get('/api/v1/search')
      .set(bearer(user))
      .query({ q, type: 'organization', limit })
      .expect(200);
    return (res.body.items as { id: string }[]).map((i) => i.id);
  };

  // Kana inside readings on either side of the readings that start with them, late readings, a
  // query past every reading, a query between readings.
  const siteQueries = () => [
    ...queries(),
    'あい',
    'わ',
    'ワイ',
    'いわい',
    'アカイワ',
    'おお',
    'ン',
    'ヴ',
    'ァ',
    '一',
  ];

  it('GET /search lists the same organizations by reading', async () => {
    for (const q of siteQueries())
      for (const limit of [1, 8, 20])
        expect({ q, limit, ids: await siteSearch(a.officer, q, limit) }).toEqual({
          q,
          limit,
          ids: await expectedSearch(q, limit, a.station.id),
        });
  });

  it('GET /search for hq lists the matches of every station by reading', async () => {
    for (const q of ['いわ', '岩', 'アイ', 'ワイ', '工業', 'ない言葉', corporateNumbers[3]])
      expect({ q, ids: await siteSearch(a.hq, q, 20) }).toEqual({
        q,
        ids: await expectedSearch(q, 20, null),
      });
  });

  it('GET /search leaves out merged organizations', async () => {
    const [{ id }]: { id: string }[] = await t.ds.query(
      `SELECT id FROM organizations WHERE station_id = $1 AND status <> 'archived' AND search_text LIKE '%イワ%'
        ORDER BY sort_key, id LIMIT 1`,
      [a.station.id],
    );
    const [{ into }]: { into: string }[] = await t.ds.query(
      `SELECT id AS into FROM organizations WHERE station_id = $1 AND id <> $2 LIMIT 1`,
      [a.station.id, id],
    );
    await t.ds.query(`UPDATE organizations SET merged_into_id = $2 WHERE id = $1`, [id, into]);
    try {
      const got = await siteSearch(a.officer, 'いわ', 20);
      expect(got).not.toContain(id);
      expect(got).toEqual(await expectedSearch('いわ', 20, a.station.id));
    } finally {
      await t.ds.query(`UPDATE organizations SET merged_into_id = NULL WHERE id = $1`, [id]);
    }
  });
});
