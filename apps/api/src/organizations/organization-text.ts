import { normalizeSearchText, readingSortKey } from '../../../../libs/japanese/text';

/**
 * The derived search columns of an organization, computed the same way by every writer (the API,
 * the demo seeder, the register import): `search_text`, `normalized_name` and `sort_key`.
 * `search_grams` is derived from `search_text` by a database trigger.
 */

/** Joins the normalized parts of search_text; normalized text never contains a space. */
export const SEARCH_TEXT_SEPARATOR = ' ';

/** Legal-form words left out of normalized_name (in their normalized spelling, after NFKC). */
const LEGAL_FORM_WORDS = [
  '株式会社',
  '有限会社',
  '合同会社',
  '合名会社',
  '合資会社',
  '一般社団法人',
  '一般財団法人',
  '公益社団法人',
  '公益財団法人',
  '国立大学法人',
  '公立大学法人',
  '国立研究開発法人',
  '独立行政法人',
  '学校法人',
  '医療法人社団',
  '医療法人財団',
  '医療法人',
  '社会福祉法人',
  '特定非営利活動法人',
  '(株)',
  '(有)',
  '(同)',
  '(合)',
  '(医)',
  '(学)',
  '(財)',
  '(社)',
].map((w) => normalizeSearchText(w));

export interface OrganizationTextInput {
  name: string;
  nameKana?: string | null;
  address?: string | null;
  corporateNumber?: string | null;
}

export interface OrganizationText {
  searchText: string;
  normalizedName: string;
  sortKey: string;
}

const LEGAL_FORM_PATTERN = new RegExp(
  [...LEGAL_FORM_WORDS]
    .sort((a, b) => b.length - a.length)
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('|'),
  'g',
);

/** The normalized name without legal-form words: 株式会社岩国精密 and 岩国精密（株） → 岩国精密. */
export function normalizedOrganizationName(name: string): string {
  const normalized = normalizeSearchText(name);
  return normalized.replace(LEGAL_FORM_PATTERN, '') || normalized;
}

/**
 * The distinct 1- and 2-character grams of search_text without a separator in them: the same set
 * as the SQL function organization_search_grams(), computed here so bulk writers (the register
 * import) can supply it and spare the trigger (see migrations/1796000000000-SearchGramsFromWriters.ts).
 * In first-seen order: the GIN index and `@>` treat the array as a set.
 */
export function searchGrams(searchText: string): string[] {
  const chars = [...searchText];
  const grams = new Set<string>();
  for (let i = 0; i < chars.length; i++) {
    if (chars[i] === SEARCH_TEXT_SEPARATOR) continue;
    grams.add(chars[i]);
    if (i + 1 < chars.length && chars[i + 1] !== SEARCH_TEXT_SEPARATOR) grams.add(chars[i] + chars[i + 1]);
  }
  return [...grams];
}

/** search_text, normalized_name and sort_key of an organization. */
export function organizationText(o: OrganizationTextInput): OrganizationText {
  const parts = [o.name, o.nameKana, o.address, o.corporateNumber]
    .map((p) => normalizeSearchText(p))
    .filter((p) => p !== '');
  const reading = readingSortKey(o.nameKana);
  return {
    searchText: parts.join(SEARCH_TEXT_SEPARATOR),
    normalizedName: normalizedOrganizationName(o.name),
    sortKey: reading || normalizeSearchText(o.name),
  };
}

/** Municipality names (市区町村) by 5-digit local-government code; Yamaguchi prefecture. */
export const MUNICIPALITY_NAMES: Readonly<Record<string, string>> = {
  '35201': '下関市',
  '35202': '宇部市',
  '35203': '山口市',
  '35204': '萩市',
  '35206': '防府市',
  '35207': '下松市',
  '35208': '岩国市',
  '35210': '光市',
  '35211': '長門市',
  '35212': '柳井市',
  '35213': '美祢市',
  '35215': '周南市',
  '35216': '山陽小野田市',
  '35305': '周防大島町',
  '35321': '和木町',
  '35341': '上関町',
  '35343': '田布施町',
  '35344': '平生町',
  '35502': '阿武町',
};

export function municipalityName(code: string | null | undefined): string | null {
  return code ? (MUNICIPALITY_NAMES[code] ?? null) : null;
}
