import { normalizeSearchText } from '../../../../libs/japanese/text';

/**
 * The key that flags likely duplicate partners: name and department normalized as organizations'
 * names are (width, kana, spaces and ・ folded), the department added unless the name already holds
 * it. 和木町 総務課, 和木町総務課 and 和木町 + 総務課 share one key.
 */
export function partnerNormalizedName(name: string, department: string | null | undefined): string {
  const n = normalizeSearchText(name);
  const d = normalizeSearchText(department);
  return d && !n.includes(d) ? n + d : n;
}
