/**
 * Japanese text normalisation for search and for readings (フリガナ).
 *
 * Pure functions, no dependencies, safe to call on the hot path (list filters, imports of
 * 100,000s of register lines).
 */

const HIRAGANA_START = 0x3041; // ぁ
const HIRAGANA_END = 0x3096; // ゖ
const HIRAGANA_ITERATION_START = 0x309d; // ゝ (ゞ = 0x309e)
const KATAKANA_OFFSET = 0x60; // ア (0x30a2) − あ (0x3042)

/** Hyphens, dashes and minus signs that people type interchangeably (ASCII, Unicode, full-width). */
const HYPHEN_LIKE = /[\u002d\u2010-\u2015\u2043\u2212\ufe58\ufe63\uff0d]/gu;
/** Wave dash / full-width tilde, interchangeable in 〜 ranges ("9時〜17時"). */
const TILDE_LIKE = /[\u301c\uff5e\u223c\u007e]/gu;
/** After NFKC, ー (U+30FC) directly after a Latin letter or a digit is a mistyped hyphen ("1ー2ー3"). */
const LONG_VOWEL_AFTER_ALNUM = /(?<=[0-9a-z])\u30fc/gu;
/** Whitespace (includes U+3000 ideographic space) and the katakana middle dot ・ used as a word separator. */
const SEPARATORS = /[\s\u30fb\u200b\u2060\ufeff]+/gu;

/** Hiragana (ぁ..ゖ, ゝ, ゞ) → katakana (ァ..ヶ, ヽ, ヾ); every other character is kept. */
export function hiraganaToKatakana(s: string): string {
  let out = '';
  let last = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (
      (c >= HIRAGANA_START && c <= HIRAGANA_END) ||
      c === HIRAGANA_ITERATION_START ||
      c === HIRAGANA_ITERATION_START + 1
    ) {
      out += s.slice(last, i) + String.fromCharCode(c + KATAKANA_OFFSET);
      last = i + 1;
    }
  }
  return last === 0 ? s : out + s.slice(last);
}

/** Katakana (ァ..ヶ, ヽ, ヾ) → hiragana; every other character is kept. */
export function katakanaToHiragana(s: string): string {
  let out = '';
  let last = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i) - KATAKANA_OFFSET;
    if ((c >= HIRAGANA_START && c <= HIRAGANA_END) || c === HIRAGANA_ITERATION_START || c === 0x309e) {
      out += s.slice(last, i) + String.fromCharCode(c);
      last = i + 1;
    }
  }
  return last === 0 ? s : out + s.slice(last);
}

/**
 * The search key of a text: apply it to the stored text (e.g. into a `search_text` column or a
 * functional index, at write time) AND to the user's query, then match with a substring test
 * (`stored.includes(query)`, SQL `LIKE '%' || query || '%'` with {@link escapeLikePattern}).
 * Because both sides go through the same function, every variant below matches every other.
 *
 * - Unicode NFKC: full-width ASCII/digits → half-width (ＡＢＣ１２３ → ABC123), half-width katakana →
 *   full-width with voiced marks composed (ｲﾜｸﾆ → イワクニ, ｶﾞ → ガ), ㈱ → (株), ① → 1, etc.
 * - hiragana → katakana (いわくに → イワクニ)
 * - lower-case (ABC → abc)
 * - hyphen-like characters (‐ ‑ ‒ – — ― − － and ー right after a digit or Latin letter) → '-',
 *   wave dash / tildes (〜 ～ ∼) → '~'
 * - all whitespace (including U+3000) and the word separator ・ removed ("岩国 市" → "岩国市",
 *   "アイ・ビー・エム" → "アイビーエム")
 *
 * Kanji are kept as they are (岩国 still finds 岩国市産業振興部), so is the katakana ー inside words.
 * Idempotent: normalizeSearchText(normalizeSearchText(s)) === normalizeSearchText(s).
 */
export function normalizeSearchText(s: string | null | undefined): string {
  if (!s) return '';
  return hiraganaToKatakana(s.normalize('NFKC'))
    .toLowerCase()
    .replace(LONG_VOWEL_AFTER_ALNUM, '-')
    .replace(HYPHEN_LIKE, '-')
    .replace(TILDE_LIKE, '~')
    .replace(SEPARATORS, '');
}

/**
 * Escapes `%`, `_` and `\` so a (normalised) query can be used inside a SQL LIKE pattern with the
 * default escape character (PostgreSQL: backslash). Example: `LIKE '%' || :q || '%'` with
 * `q = escapeLikePattern(normalizeSearchText(input))`.
 */
export function escapeLikePattern(s: string): string {
  return s.replace(/[\\%_]/g, (c) => '\\' + c);
}

/** Half-width katakana block incl. ｡｢｣､･ｰ and the half-width voiced sound marks ﾞﾟ. */
const HALF_WIDTH_KATAKANA_RUN = /[\uff61-\uff9f]+/gu;
/** Hyphen-likes typed instead of ー after a kana (ｾｷｭﾘﾃｨ-, セキュリティ−). */
const HYPHEN_AFTER_KANA =
  /(?<=[\u3041-\u3096\u309d\u309e\u30a1-\u30fa\u30fc-\u30fe])[\u002d\u2010-\u2015\u2212\uff0d]/gu;
const WHITESPACE_RUN = /\s+/gu;

/**
 * Normalises a reading (フリガナ, the `nameKana` fields) to full-width katakana:
 * hiragana → katakana, half-width katakana → full-width (ｶﾞ → ガ, ｰ → ー, ･ → ・), a hyphen typed
 * after a kana → ー. Whitespace (half-width, full-width U+3000, tabs) is trimmed and each run is
 * collapsed to one ASCII space ("やまだ\u3000\u3000たろう" → "ヤマダ タロウ"). Other characters (kanji,
 * Latin) are kept, so {@link isKatakanaReading} can reject them.
 */
export function toKatakanaReading(s: string | null | undefined): string {
  if (!s) return '';
  const widened = s.replace(HALF_WIDTH_KATAKANA_RUN, (run) => run.normalize('NFKC'));
  return hiraganaToKatakana(widened.normalize('NFC'))
    .replace(HYPHEN_AFTER_KANA, '\u30fc')
    .replace(WHITESPACE_RUN, ' ')
    .trim();
}

/**
 * True when the text is a non-empty reading made only of full-width katakana (ァ..ヺ, ヽ, ヾ, and the
 * small katakana extensions ㇰ..ㇿ), the long vowel mark ー, the middle dot ・ and spaces (ASCII or
 * U+3000), with at least one katakana. Use it after {@link toKatakanaReading} to validate input.
 */
export function isKatakanaReading(s: string | null | undefined): boolean {
  if (!s) return false;
  return (
    /^[\u30a1-\u30fa\u30fc-\u30fe\u31f0-\u31ff\u30fb \u3000]+$/u.test(s) &&
    /[\u30a1-\u30fa\u31f0-\u31ff]/u.test(s)
  );
}

/**
 * Sort key for readings: the katakana reading with spaces and ・ removed. Names sort by their
 * reading in Japanese lists; compare the keys with {@link compareReading} (or in SQL, order by a
 * column that stores this key).
 */
export function readingSortKey(s: string | null | undefined): string {
  return toKatakanaReading(s).replace(/[\s\u30fb]+/gu, '');
}

const readingCollator = new Intl.Collator('ja');

/** Comparator for Array.prototype.sort on readings (gojūon order, via Intl.Collator('ja')). */
export function compareReading(a: string | null | undefined, b: string | null | undefined): number {
  return readingCollator.compare(readingSortKey(a), readingSortKey(b));
}
