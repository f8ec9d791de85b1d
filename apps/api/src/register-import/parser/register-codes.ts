/**
 * Code tables of the National Tax Agency corporate-number register (法人番号公表サイト 基本3情報,
 * リソース定義書). Unknown codes are tolerated by the parser (the NTA may add codes); these maps only
 * give labels and the derived flags.
 */

export interface RegisterProcessInfo {
  /** Japanese label as used in the NTA resource definition. */
  readonly label: string;
  /** Whether a row with this process code describes a corporation that no longer exists. */
  readonly closes: boolean;
}

/** 処理区分 (column 3). */
export const REGISTER_PROCESS_CODES = {
  '01': { label: '新規', closes: false },
  '11': { label: '商号又は名称の変更', closes: false },
  '12': { label: '国内所在地の変更', closes: false },
  '13': { label: '国外所在地の変更', closes: false },
  '21': { label: '登記記録の閉鎖等', closes: true },
  '22': { label: '登記記録の復活等', closes: false },
  '71': { label: '吸収合併', closes: true },
  '72': { label: '吸収合併無効', closes: false },
  '81': { label: '商号の登記の抹消', closes: false },
  '99': { label: '削除', closes: false },
} as const satisfies Record<string, RegisterProcessInfo>;

export type RegisterProcessCode = keyof typeof REGISTER_PROCESS_CODES;

/**
 * 法人種別 (column 9) → the organization's `legalForm`: a code of the code list `legalForm` (see
 * migrations/1790000000002-CodeLists.ts and 1799600000000-LegalFormCodes.ts), never the Japanese text;
 * the UI, exports and reports show the code list's label.
 */
export const REGISTER_KIND_LEGAL_FORMS = {
  '101': 'national_body', // 国の機関
  '201': 'public_body', // 地方公共団体
  '301': 'kabushiki', // 株式会社
  '302': 'yugen', // 有限会社
  '303': 'gomei', // 合名会社
  '304': 'goshi', // 合資会社
  '305': 'godo', // 合同会社
  '399': 'other_registered', // その他の設立登記法人
  '401': 'foreign_company', // 外国会社等
  '499': 'other', // その他
} as const satisfies Record<string, string>;

/** The NTA's Japanese names of the kinds (リソース定義書), as earlier imports stored them. */
export const REGISTER_KIND_LABELS = {
  '101': '国の機関',
  '201': '地方公共団体',
  '301': '株式会社',
  '302': '有限会社',
  '303': '合名会社',
  '304': '合資会社',
  '305': '合同会社',
  '399': 'その他の設立登記法人',
  '401': '外国会社等',
  '499': 'その他',
} as const satisfies Record<keyof typeof REGISTER_KIND_LEGAL_FORMS, string>;

export type RegisterKindCode = keyof typeof REGISTER_KIND_LEGAL_FORMS;

/** 登記記録の閉鎖等の事由 (column 20). */
export const REGISTER_CLOSE_CAUSES = {
  '01': '清算の結了等',
  '11': '合併による解散等',
  '21': '登記官による閉鎖',
  '31': 'その他の清算の結了等',
} as const satisfies Record<string, string>;

export type RegisterCloseCauseCode = keyof typeof REGISTER_CLOSE_CAUSES;

const hasOwn = Object.prototype.hasOwnProperty;

export function processInfo(code: string): RegisterProcessInfo | null {
  return hasOwn.call(REGISTER_PROCESS_CODES, code)
    ? REGISTER_PROCESS_CODES[code as RegisterProcessCode]
    : null;
}

export function legalFormOfKind(kind: string): string | null {
  return hasOwn.call(REGISTER_KIND_LEGAL_FORMS, kind)
    ? REGISTER_KIND_LEGAL_FORMS[kind as RegisterKindCode]
    : null;
}

export function closeCauseLabel(code: string): string | null {
  return hasOwn.call(REGISTER_CLOSE_CAUSES, code)
    ? REGISTER_CLOSE_CAUSES[code as RegisterCloseCauseCode]
    : null;
}
