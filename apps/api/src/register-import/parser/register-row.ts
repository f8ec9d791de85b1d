import { legalFormOfKind, processInfo } from './register-codes';
import { isDigits, isUnsignedInteger, isValidCorporateNumber, isValidIsoDate } from './register-validation';

/** Number of columns of a 基本3情報 CSV record. */
export const REGISTER_COLUMN_COUNT = 30;

/** 0-based column positions of the NTA 基本3情報 CSV (no header row). */
export const REGISTER_COLUMNS = {
  sequenceNumber: 0,
  corporateNumber: 1,
  process: 2,
  correct: 3,
  updateDate: 4,
  changeDate: 5,
  name: 6,
  nameImageId: 7,
  kind: 8,
  prefectureName: 9,
  cityName: 10,
  streetNumber: 11,
  addressImageId: 12,
  prefectureCode: 13,
  cityCode: 14,
  postCode: 15,
  addressOutside: 16,
  addressOutsideImageId: 17,
  closeDate: 18,
  closeCause: 19,
  successorCorporateNumber: 20,
  changeCause: 21,
  assignmentDate: 22,
  latest: 23,
  enName: 24,
  enPrefectureName: 25,
  enCityName: 26,
  enAddressOutside: 27,
  furigana: 28,
  hihyoji: 29,
} as const;

/**
 * One validated register record. Empty CSV fields become `null`; codes stay strings as written
 * (leading zeros matter). The image-id columns (8, 13, 18) are not carried.
 */
export interface RegisterRow {
  /** 一連番号 (column 1). */
  sequenceNumber: number;
  /** 法人番号, 13 digits, check digit first. */
  corporateNumber: string;
  /** 処理区分, 2 digits (see REGISTER_PROCESS_CODES). */
  process: string;
  /** Label of `process`, null for a code not in REGISTER_PROCESS_CODES. */
  processLabel: string | null;
  /** 訂正区分 as written ('0' = not a correction, '1' = correction). */
  correct: string;
  /** 更新年月日 YYYY-MM-DD. */
  updateDate: string | null;
  /** 変更年月日 YYYY-MM-DD. */
  changeDate: string | null;
  /** 商号又は名称. */
  name: string;
  /** 法人種別, 3 digits (see REGISTER_KIND_LEGAL_FORMS). */
  kind: string;
  /** Legal form code derived from `kind` (kabushiki, godo, …: code list legalForm), null for an unknown kind. */
  legalForm: string | null;
  prefectureName: string | null;
  cityName: string | null;
  /** 丁目番地等, as published (full-width digits). */
  streetNumber: string | null;
  /** JIS X 0401 prefecture code, 2 digits. */
  prefectureCode: string | null;
  /** City code, 3 digits. */
  cityCode: string | null;
  /** prefectureCode + cityCode: 全国地方公共団体コード without its check digit, e.g. '35208' (岩国市). */
  municipalityCode: string | null;
  postCode: string | null;
  /** 国外所在地. */
  addressOutside: string | null;
  /** 登記記録の閉鎖等年月日 YYYY-MM-DD. */
  closeDate: string | null;
  /** 登記記録の閉鎖等の事由 (see REGISTER_CLOSE_CAUSES). */
  closeCause: string | null;
  /** 承継先法人番号. */
  successorCorporateNumber: string | null;
  /** 変更事由の詳細. */
  changeCause: string | null;
  /** 法人番号指定年月日 YYYY-MM-DD. */
  assignmentDate: string | null;
  /** 最新履歴 ('1' → true). */
  latest: boolean;
  enName: string | null;
  enPrefectureName: string | null;
  enCityName: string | null;
  enAddressOutside: string | null;
  /** フリガナ (the reading omits the legal-form word). */
  furigana: string | null;
  /** 検索対象除外 as written ('0' = searchable, '1' = excluded). */
  hihyoji: string;
  /** prefectureName + cityName + streetNumber; the 国外所在地 when there is no domestic address. */
  address: string;
  /** The corporation is closed: a close date is set, or process is 21 (閉鎖) / 71 (吸収合併). */
  closed: boolean;
}

export type RegisterRowResult =
  | { ok: true; line: number; row: RegisterRow }
  | {
      ok: false;
      /** Physical line (1-based) on which the rejected record ends. */
      line: number;
      /** Why the record was rejected; several problems are joined with '; '. */
      reason: string;
      /** The raw fields, or null when the CSV syntax itself was broken. */
      record: string[] | null;
    };

const orNull = (s: string): string | null => (s === '' ? null : s);

const DATE_COLUMNS = [
  ['updateDate', REGISTER_COLUMNS.updateDate],
  ['changeDate', REGISTER_COLUMNS.changeDate],
  ['closeDate', REGISTER_COLUMNS.closeDate],
  ['assignmentDate', REGISTER_COLUMNS.assignmentDate],
] as const;

/** All problems of a 30-column record, or null when it is valid. */
function findProblems(r: string[]): string[] | null {
  let problems: string[] | null = null;
  const add = (p: string): void => {
    (problems ??= []).push(p);
  };
  const C = REGISTER_COLUMNS;
  if (!isUnsignedInteger(r[C.sequenceNumber]))
    add(`一連番号が不正です: ${JSON.stringify(r[C.sequenceNumber])}`);
  const number = r[C.corporateNumber];
  if (!isDigits(number, 13)) add(`法人番号が13桁の数字ではありません: ${JSON.stringify(number)}`);
  else if (!isValidCorporateNumber(number)) add(`法人番号のチェックデジットが不正です: ${number}`);
  if (!isDigits(r[C.process], 2)) add(`処理区分が不正です: ${JSON.stringify(r[C.process])}`);
  for (const [field, col] of DATE_COLUMNS) {
    const v = r[col];
    if (v !== '' && !isValidIsoDate(v)) add(`日付が不正です: ${field} ${JSON.stringify(v)}`);
  }
  if (r[C.name] === '') add('商号又は名称が空です');
  if (!isDigits(r[C.kind], 3)) add(`法人種別が不正です: ${JSON.stringify(r[C.kind])}`);
  const latest = r[C.latest];
  if (latest !== '0' && latest !== '1') add(`最新履歴が0/1ではありません: ${JSON.stringify(latest)}`);
  // Corporations with only a foreign address (国外所在地) may come without domestic codes.
  const foreign = r[C.addressOutside] !== '';
  const pref = r[C.prefectureCode];
  if (!(isDigits(pref, 2) || (foreign && pref === '')))
    add(`都道府県コードが不正です: ${JSON.stringify(pref)}`);
  const city = r[C.cityCode];
  if (!(isDigits(city, 3) || (foreign && city === '')))
    add(`市区町村コードが不正です: ${JSON.stringify(city)}`);
  return problems;
}

function toRow(r: string[]): RegisterRow {
  const C = REGISTER_COLUMNS;
  const process = r[C.process];
  const info = processInfo(process);
  const prefectureCode = r[C.prefectureCode];
  const cityCode = r[C.cityCode];
  const prefectureName = r[C.prefectureName];
  const cityName = r[C.cityName];
  const streetNumber = r[C.streetNumber];
  const addressOutside = r[C.addressOutside];
  const closeDate = r[C.closeDate];
  const domestic = prefectureName + cityName + streetNumber;
  return {
    sequenceNumber: Number(r[C.sequenceNumber]),
    corporateNumber: r[C.corporateNumber],
    process,
    processLabel: info === null ? null : info.label,
    correct: r[C.correct],
    updateDate: orNull(r[C.updateDate]),
    changeDate: orNull(r[C.changeDate]),
    name: r[C.name],
    kind: r[C.kind],
    legalForm: legalFormOfKind(r[C.kind]),
    prefectureName: orNull(prefectureName),
    cityName: orNull(cityName),
    streetNumber: orNull(streetNumber),
    prefectureCode: orNull(prefectureCode),
    cityCode: orNull(cityCode),
    municipalityCode: prefectureCode !== '' && cityCode !== '' ? prefectureCode + cityCode : null,
    postCode: orNull(r[C.postCode]),
    addressOutside: orNull(addressOutside),
    closeDate: orNull(closeDate),
    closeCause: orNull(r[C.closeCause]),
    successorCorporateNumber: orNull(r[C.successorCorporateNumber]),
    changeCause: orNull(r[C.changeCause]),
    assignmentDate: orNull(r[C.assignmentDate]),
    latest: r[C.latest] === '1',
    enName: orNull(r[C.enName]),
    enPrefectureName: orNull(r[C.enPrefectureName]),
    enCityName: orNull(r[C.enCityName]),
    enAddressOutside: orNull(r[C.enAddressOutside]),
    furigana: orNull(r[C.furigana]),
    hihyoji: r[C.hihyoji],
    address: domestic !== '' ? domestic : addressOutside,
    closed: closeDate !== '' || (info !== null && info.closes),
  };
}

/** Validates one CSV record (array of fields) read from physical line `line`. */
export function toRegisterRowResult(record: string[], line: number): RegisterRowResult {
  if (record.length !== REGISTER_COLUMN_COUNT) {
    return {
      ok: false,
      line,
      reason: `列数が${REGISTER_COLUMN_COUNT}ではありません (${record.length})`,
      record,
    };
  }
  const problems = findProblems(record);
  if (problems !== null) return { ok: false, line, reason: problems.join('; '), record };
  return { ok: true, line, row: toRow(record) };
}
