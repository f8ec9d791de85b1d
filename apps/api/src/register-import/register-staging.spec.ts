import { toRegisterRowResult } from './parser/register-row';
import { copyTextValue, STAGING_COLUMNS, stagingLine } from './register-staging';

function row(overrides: Record<number, string> = {}) {
  const cols = [
    '7',
    '7000012050002',
    '01',
    '0',
    '2015-10-05',
    '2015-10-06',
    '株式会社岩国精密',
    '',
    '301',
    '山口県',
    '岩国市',
    '麻里布町１丁目２番３号',
    '',
    '35',
    '208',
    '7400018',
    '',
    '',
    '',
    '',
    '',
    '',
    '2015-10-05',
    '1',
    '',
    '',
    '',
    '',
    'いわくにｾｲﾐﾂ',
    '0',
  ];
  for (const [i, v] of Object.entries(overrides)) cols[Number(i)] = v;
  const result = toRegisterRowResult(cols, 3);
  if (!result.ok) throw new Error(result.reason);
  return result.row;
}

describe('register staging', () => {
  it('escapes values for the COPY text format', () => {
    expect(copyTextValue(null)).toBe('\\N');
    expect(copyTextValue('plain 名前')).toBe('plain 名前');
    expect(copyTextValue('a\\b\tc\nd\re')).toBe('a\\\\b\\tc\\nd\\re');
    expect(copyTextValue('\\N')).toBe('\\\\N');
  });

  it('turns a register row into one staging line with the search columns of the registry', () => {
    const line = stagingLine(3, row());
    expect(line.endsWith('\n')).toBe(true);
    const values = line.slice(0, -1).split('\t');
    expect(values).toHaveLength(STAGING_COLUMNS.length);
    const v = Object.fromEntries(STAGING_COLUMNS.map((c, i) => [c, values[i]]));
    expect(v).toMatchObject({
      line: '3',
      sequence_number: '7',
      corporate_number: '7000012050002',
      process: '01',
      update_date: '2015-10-05',
      change_date: '2015-10-06',
      close_date: '\\N',
      closed: 'f',
      name: '株式会社岩国精密',
      name_kana: 'イワクニセイミツ',
      legal_form: '株式会社',
      municipality_code: '35208',
      municipality_name: '岩国市',
      address: '山口県岩国市麻里布町１丁目２番３号',
      postal_code: '7400018',
      normalized_name: '岩国精密',
      sort_key: 'イワクニセイミツ',
    });
    expect(v.search_text).toBe(
      '株式会社岩国精密 イワクニセイミツ 山口県岩国市麻里布町1丁目2番3号 7000012050002',
    );
  });

  it('marks closed rows and drops a malformed postal code', () => {
    const values = stagingLine(1, row({ 2: '21', 18: '2020-01-31', 15: '74000' })).split('\t');
    const v = Object.fromEntries(STAGING_COLUMNS.map((c, i) => [c, values[i]]));
    expect(v).toMatchObject({ closed: 't', close_date: '2020-01-31', postal_code: '\\N' });
  });

  it('escapes tabs and line breaks inside fields', () => {
    const line = stagingLine(1, row({ 6: '株式会社\t岩国\n精密' }));
    expect(line.split('\n')).toHaveLength(2);
    expect(line).toContain('株式会社\\t岩国\\n精密');
  });
});
