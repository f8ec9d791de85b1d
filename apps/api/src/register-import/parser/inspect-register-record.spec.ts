import { toKatakanaReading } from '../../../../../libs/japanese/text';
import { REGISTER_RECORD_CASES } from '../../../../../test/fixtures/nta/register-record-cases';
import { RegisterRecordFramer } from './frame-register-records';
import { inspectRegisterRecord, RecordFlags } from './inspect-register-record';
import { REGISTER_COLUMNS, toRegisterRowResult } from './register-row';

const quote = (v: string) => `"${v.replace(/"/g, '""')}"`;

/** The cases as CSV: every field quoted, none quoted, or (as the NTA writes) text quoted only. */
const STYLES: Record<string, (v: string, col: number) => string> = {
  all: (v) => quote(v),
  none: (v) => (/[",\r\n]/.test(v) ? quote(v) : v),
  nta: (v, col) =>
    /^[0-9-]*$/.test(v) && !/[",\r\n]/.test(v) && col !== REGISTER_COLUMNS.name ? v : quote(v),
};

function flagsOf(style: (v: string, col: number) => string): number[] {
  const csv = REGISTER_RECORD_CASES.map((r) => r.map(style).join(',')).join('\r\n') + '\r\n';
  const framer = new RegisterRecordFramer(inspectRegisterRecord);
  const framed = framer.push(Buffer.from(csv));
  const end = framer.end();
  expect(framed.rejected).toEqual([]);
  expect(framed.records + end.records).toBe(REGISTER_RECORD_CASES.length);
  const flags = new Array<number>(REGISTER_RECORD_CASES.length).fill(0);
  for (const n of [...framed.noted, ...end.noted]) flags[n.record - 1] = n.flags;
  return flags;
}

describe('inspectRegisterRecord', () => {
  for (const [name, style] of Object.entries(STYLES)) {
    it(`flags exactly the records register-row.ts rejects (${name} quoted)`, () => {
      const flags = flagsOf(style);
      const wrong = REGISTER_RECORD_CASES.filter((record, i) => {
        const suspect = (flags[i] & RecordFlags.SUSPECT) !== 0;
        return suspect === toRegisterRowResult(record, 1).ok;
      });
      expect(wrong).toEqual([]);
    });

    it(`flags exactly the readings toKatakanaReading changes (${name} quoted)`, () => {
      const flags = flagsOf(style);
      const wrong = REGISTER_RECORD_CASES.filter((record, i) => {
        const furigana = record[REGISTER_COLUMNS.furigana];
        const unusual = (flags[i] & RecordFlags.UNUSUAL_READING) !== 0;
        return unusual !== (toKatakanaReading(furigana) !== furigana);
      });
      expect(wrong).toEqual([]);
    });
  }

  it('covers both valid and invalid records', () => {
    const ok = REGISTER_RECORD_CASES.filter((r) => toRegisterRowResult(r, 1).ok).length;
    expect(ok).toBeGreaterThan(15);
    expect(REGISTER_RECORD_CASES.length - ok).toBeGreaterThan(15);
  });
});
