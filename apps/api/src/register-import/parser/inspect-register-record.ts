import { REGISTER_COLUMNS } from './register-row';

/**
 * A quick look at a register record's bytes while it is framed, so that the import's SQL only has
 * to look again at the few records that need it:
 * - SUSPECT: register-row.ts's validation might reject it (every record it rejects is flagged; a
 *   flagged record is validated there, which gives the reason or lets it pass);
 * - UNUSUAL_READING: the フリガナ is not plain full-width katakana, so toKatakanaReading may change it.
 */
export const RecordFlags = { SUSPECT: 1, UNUSUAL_READING: 2 } as const;

const C = REGISTER_COLUMNS;
const ZERO = 0x30;
const NINE = 0x39;
const DASH = 0x2d;
const SPACE = 0x20;

function isDigitsOf(buf: Buffer, start: number, end: number, min: number, max: number): boolean {
  const n = end - start;
  if (n < min || n > max) return false;
  for (let i = start; i < end; i++) if (buf[i] < ZERO || buf[i] > NINE) return false;
  return true;
}

const num = (buf: Buffer, at: number, n: number): number => {
  let v = 0;
  for (let i = at; i < at + n; i++) v = v * 10 + (buf[i] - ZERO);
  return v;
};

/** YYYY-MM-DD of a day that exists (as register-validation.ts's isValidIsoDate). */
function isIsoDate(buf: Buffer, s: number, e: number): boolean {
  if (e - s !== 10 || buf[s + 4] !== DASH || buf[s + 7] !== DASH) return false;
  if (
    !isDigitsOf(buf, s, s + 4, 4, 4) ||
    !isDigitsOf(buf, s + 5, s + 7, 2, 2) ||
    !isDigitsOf(buf, s + 8, e, 2, 2)
  )
    return false;
  const year = num(buf, s, 4);
  const month = num(buf, s + 5, 2);
  const day = num(buf, s + 8, 2);
  if (year === 0 || month < 1 || month > 12 || day < 1) return false;
  const days =
    month === 2
      ? (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
        ? 29
        : 28
      : month === 4 || month === 6 || month === 9 || month === 11
        ? 30
        : 31;
  return day <= days;
}

/** 13 digits whose first is the check digit of the other 12 (register-validation.ts's rule). */
function isCorporateNumber(buf: Buffer, s: number, e: number): boolean {
  if (!isDigitsOf(buf, s, e, 13, 13)) return false;
  let sum = 0;
  for (let n = 1; n <= 12; n++) {
    const digit = buf[s + 13 - n] - ZERO;
    sum += (n & 1) === 1 ? digit : digit * 2;
  }
  return buf[s] - ZERO === 9 - (sum % 9);
}

/** Full-width katakana (ァ U+30A1 … ヾ U+30FE) words separated by single ASCII spaces. */
function isPlainReading(buf: Buffer, s: number, e: number): boolean {
  let previousSpace = true;
  let i = s;
  while (i < e) {
    if (buf[i] === SPACE) {
      if (previousSpace) return false;
      previousSpace = true;
      i++;
      continue;
    }
    // U+30A1..U+30BF = E3 82 A1..BF; U+30C0..U+30FE = E3 83 80..BE.
    if (i + 3 > e) return false;
    const b1 = buf[i + 1];
    const b2 = buf[i + 2];
    if (
      buf[i] !== 0xe3 ||
      !((b1 === 0x82 && b2 >= 0xa1 && b2 <= 0xbf) || (b1 === 0x83 && b2 >= 0x80 && b2 <= 0xbe))
    )
      return false;
    previousSpace = false;
    i += 3;
  }
  return !previousSpace;
}

/**
 * Flags of one 30-field record; `starts`/`ends` are each field's content offsets in `buf` (inside
 * the quotes of a quoted field, so a doubled quote still counts as two bytes).
 */
export function inspectRegisterRecord(buf: Buffer, starts: Int32Array, ends: Int32Array): number {
  const empty = (col: number) => ends[col] === starts[col];
  const digits = (col: number, n: number) => isDigitsOf(buf, starts[col], ends[col], n, n);
  const date = (col: number) => empty(col) || isIsoDate(buf, starts[col], ends[col]);
  const foreign = !empty(C.addressOutside);
  const valid =
    isDigitsOf(buf, starts[C.sequenceNumber], ends[C.sequenceNumber], 1, 15) &&
    isCorporateNumber(buf, starts[C.corporateNumber], ends[C.corporateNumber]) &&
    digits(C.process, 2) &&
    date(C.updateDate) &&
    date(C.changeDate) &&
    date(C.closeDate) &&
    date(C.assignmentDate) &&
    !empty(C.name) &&
    digits(C.kind, 3) &&
    ends[C.latest] - starts[C.latest] === 1 &&
    (buf[starts[C.latest]] === ZERO || buf[starts[C.latest]] === ZERO + 1) &&
    (digits(C.prefectureCode, 2) || (foreign && empty(C.prefectureCode))) &&
    (digits(C.cityCode, 3) || (foreign && empty(C.cityCode)));
  let flags = valid ? 0 : RecordFlags.SUSPECT;
  if (!empty(C.furigana) && !isPlainReading(buf, starts[C.furigana], ends[C.furigana]))
    flags |= RecordFlags.UNUSUAL_READING;
  return flags;
}
