import { normalizeSearchText } from '../../../../libs/japanese/text';

/**
 * A sector suggested from the name and the legal form (codes of the code list `sector`, migrations/
 * 1790000000002-CodeLists.ts), for an officer to confirm while triaging candidates. Never stored by
 * itself: the list answers it as `suggestedSector` while the sector is empty, and the UI offers it.
 * First rule that matches wins; the more specific rules come first (a 大学病院 is a hospital of a
 * university: 大学・研究機関; ガス (not ガスケット) before 製造業, …).
 */
interface SectorRule {
  sector: string;
  /** Words of the name (written in their normalized spelling, see normalizeSearchText). */
  words?: string[];
  /** Legal-form codes (code list legalForm). */
  legalForms?: string[];
  /** Words that void a word match (ガスケット is not ガス). */
  unless?: string[];
}

const RULES: SectorRule[] = [
  {
    sector: 'university',
    legalForms: ['national_university'],
    words: [
      '大学',
      '大學',
      '高等専門学校',
      '高専',
      '研究所',
      '研究機構',
      '研究開発法人',
      '研究センター',
      '研究院',
      '学術',
    ],
  },
  {
    sector: 'medical',
    words: ['病院', '医療センター', '医療法人', 'クリニック', '診療所', '医院', '医療機関', 'ホスピタル'],
  },
  { sector: 'infra_power', words: ['電力', '発電', '送配電', 'パワー'], unless: ['パワーショベル'] },
  { sector: 'infra_gas', words: ['ガス'], unless: ['ガスケット', 'ガスコンロ', 'ガス器具'] },
  { sector: 'infra_water', words: ['水道', '上下水道', '浄水', '下水'] },
  { sector: 'infra_rail', words: ['鉄道', '電鉄', '旅客', '貨物鉄道', 'レールウェイ'] },
  { sector: 'infra_telecom', words: ['通信', 'テレコム', '電話', 'ケーブルテレビ', 'ネットワークス'] },
  { sector: 'chemical', words: ['化学', 'ケミカル', '化成', '化工'] },
  {
    sector: 'manufacturing',
    words: [
      '製作所',
      '製造',
      '工業',
      '鉄工',
      '工機',
      '精密',
      '精機',
      '電機',
      '重工',
      '製鋼',
      '製紙',
      'マニュファクチャリング',
    ],
  },
];

const NORMALIZED = RULES.map((r) => ({
  ...r,
  words: (r.words ?? []).map((w) => normalizeSearchText(w)),
  unless: (r.unless ?? []).map((w) => normalizeSearchText(w)),
}));

/** The suggested sector code of a name and legal form, or null when no rule matches. */
export function suggestSector(name: string, legalForm: string | null | undefined): string | null {
  const n = normalizeSearchText(name);
  for (const rule of NORMALIZED) {
    if (legalForm && rule.legalForms?.includes(legalForm)) return rule.sector;
    if (rule.unless.some((w) => n.includes(w))) continue;
    if (rule.words.some((w) => n.includes(w))) return rule.sector;
  }
  return null;
}
