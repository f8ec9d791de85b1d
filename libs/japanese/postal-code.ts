/** Japanese postal codes (郵便番号): 7 digits, written 740-0018. */

const POSTAL_CODE = /^([0-9]{3})-?([0-9]{4})$/;

/**
 * Lenient input → 7 ASCII digits ('7400018'), or null when it is not a postal code.
 * Accepts '7400018', '740-0018', full-width digits/hyphens ('７４０－００１８'), a leading 〒 or
 * '〒 ', any hyphen-like separator (‐ − ー) and surrounding whitespace.
 */
export function normalizePostalCode(s: string | null | undefined): string | null {
  if (typeof s !== 'string') return null;
  const t = s
    .normalize('NFKC')
    .trim()
    .replace(/^(〒|\u3012|\u3036)\s*/u, '')
    .replace(/[\u2010-\u2015\u2212\u30fc\u002d]/gu, '-')
    .replace(/\s+/gu, '');
  const m = POSTAL_CODE.exec(t);
  return m ? m[1] + m[2] : null;
}

/**
 * Display form '740-0018'. Anything {@link normalizePostalCode} accepts is formatted; other values
 * are returned unchanged (trimmed) so that odd legacy data is still shown rather than lost.
 */
export function formatPostalCode(s: string): string {
  const n = normalizePostalCode(s);
  return n ? `${n.slice(0, 3)}-${n.slice(3)}` : s.trim();
}
