/**
 * Names for 5-digit local-government codes (全国地方公共団体コード without the check digit),
 * used when the API sends only a code. Yamaguchi prefecture (35) is where the pilot stations are;
 * anything else falls back to the code itself.
 */
const NAMES: Record<string, string> = {
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
  if (!code) return null;
  return NAMES[code] ?? null;
}

export function municipalityLabel(code: string | null | undefined, name?: string | null): string {
  if (name) return name;
  if (!code) return '';
  const known = NAMES[code];
  return known ? `${known}（${code}）` : code;
}
