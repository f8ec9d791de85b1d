/**
 * Japanese line breaking (禁則処理, JIS X 4051 in its customary simplified form) for documents we
 * lay out ourselves (PDF): no line starts with a closing bracket, a comma/full stop, a prolonged
 * sound mark ー or a small kana (行頭禁則); no line ends with an opening bracket (行末禁則); katakana
 * words (エスカレーション), Latin words and numbers (15番20号 keeps "15" whole) stay on one line
 * where they fit (分離禁止). Overflowing characters move to the next line (追い出し).
 *
 *   import { wrapJapanese, kinsokuViolations } from '../../libs/files/kinsoku';
 *   const lines = wrapJapanese(text, 480, (s) => doc.widthOfString(s));
 *   kinsokuViolations(lines) // → [] (for tests)
 *
 * Width functions are whatever the renderer measures with (pdfkit's widthOfString, or a fixed
 * em count for tests: `wrapJapanese(text, 20, (s) => [...s].length)`).
 */

/** Characters that must not start a line (closing brackets, punctuation, small kana, ー, 々 …). */
export const LINE_START_FORBIDDEN =
  '、。，．,.)]｝}〕〉》」』】〙〗〟’”｠»ヽヾーァィゥェォッャュョヮヵヶぁぃぅぇぉっゃゅょゎゕゖㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ々〻‐゠–〜～？！?!‼⁇⁈⁉・：；:;／%％°′″℃）］';

/** Characters that must not end a line (opening brackets, currency signs before amounts). */
export const LINE_END_FORBIDDEN = '（(［[｛{〔〈《「『【〘〖〝‘“｟«$＄￥¥£￡#＃';

const START_SET = new Set([...LINE_START_FORBIDDEN]);
const END_SET = new Set([...LINE_END_FORBIDDEN]);

/** May this character begin a line? */
export const canStartLine = (ch: string): boolean => !START_SET.has(ch);
/** May this character end a line? */
export const canEndLine = (ch: string): boolean => !END_SET.has(ch);

/**
 * Runs that are not split where avoidable: katakana words (with ー and small kana; ・ separates
 * words), half-width katakana, Latin words with their trailing spaces, numbers with separators.
 */
const UNIT =
  /[\u30a1-\u30fa\u30fc-\u30ff\u31f0-\u31ff\uff66-\uff9f]+|[A-Za-z0-9\u00c0-\u024f\uff10-\uff19\uff21-\uff3a\uff41-\uff5a.,:;!?'"@&*+=_~^|\\/<>%-]+ */gu;

/**
 * A paragraph (no newlines) as break units: each unit may be followed by a line break. Characters
 * that may not start a line are glued to the unit before them; units ending with a character that
 * may not end a line are glued to the unit after them.
 */
export function breakUnits(paragraph: string): string[] {
  const raw: string[] = [];
  let last = 0;
  for (const m of paragraph.matchAll(UNIT)) {
    for (const ch of paragraph.slice(last, m.index)) raw.push(ch);
    raw.push(m[0]);
    last = (m.index ?? 0) + m[0].length;
  }
  for (const ch of paragraph.slice(last)) raw.push(ch);

  const units: string[] = [];
  for (const unit of raw) {
    const prev = units.length ? units[units.length - 1] : undefined;
    const first = [...unit][0];
    const prevLast = prev === undefined ? undefined : [...prev].pop();
    if (
      prev !== undefined &&
      (!canStartLine(first) || (prevLast !== undefined && !canEndLine(prevLast)) || unit === ' ')
    ) {
      units[units.length - 1] = prev + unit;
    } else {
      units.push(unit);
    }
  }
  return units;
}

export interface WrapOptions {
  /** Width of the first line if it differs (e.g. after a run-in label). */
  firstLineWidth?: number;
}

/**
 * Wraps text to lines no wider than maxWidth (per paragraph; newlines are kept as paragraph
 * breaks, an empty paragraph gives an empty line). A unit wider than a whole line is broken
 * between characters, still never before a character that may not start a line.
 */
export function wrapJapanese(
  text: string,
  maxWidth: number,
  widthOf: (s: string) => number,
  options: WrapOptions = {},
): string[] {
  const lines: string[] = [];
  let first = true;
  const limit = (): number =>
    first && options.firstLineWidth !== undefined ? options.firstLineWidth : maxWidth;
  for (const paragraph of text.split(/\r\n|\r|\n/)) {
    let line = '';
    let width = 0;
    const push = (): void => {
      lines.push(line.trimEnd());
      line = '';
      width = 0;
      first = false;
    };
    for (const unit of breakUnits(paragraph)) {
      const w = widthOf(unit);
      // Trailing spaces may hang over the edge.
      const visible = unit.endsWith(' ') ? widthOf(unit.trimEnd()) : w;
      if (width + visible <= limit()) {
        line += unit;
        width += w;
        continue;
      }
      if (line !== '' && visible <= maxWidth) {
        push();
        line = unit.trimStart();
        width = widthOf(line);
        continue;
      }
      // Wider than a line: split between characters, keeping forbidden starters with the char before.
      const chars = [...unit];
      for (let i = 0; i < chars.length; i++) {
        const ch = chars[i];
        const cw = widthOf(ch);
        if (width + cw > limit() && line !== '') {
          const lineChars = [...line];
          const lastCh = lineChars[lineChars.length - 1];
          if (!canStartLine(ch) || !canEndLine(lastCh)) {
            // The character may not start a line (or the line would end with 「): take the last
            // character of this line along to the next (追い出し), if that leaves something behind.
            if (lineChars.length > 1) {
              line = lineChars.slice(0, -1).join('');
              push();
              line = lastCh;
              width = widthOf(lastCh);
            }
          } else push();
        }
        if (line === '' && ch === ' ') continue;
        line += ch;
        width += cw;
      }
    }
    lines.push(line.trimEnd());
    first = false;
  }
  return lines;
}

export interface KinsokuViolation {
  line: number;
  rule: 'line_start' | 'line_end' | 'katakana_split';
  text: string;
}

const KATAKANA = /[\u30a1-\u30fa\u30fc-\u30ff]/u;

/**
 * Line-breaking faults in already broken lines (for tests of rendered text): a line starting with a
 * forbidden character, ending with an opening bracket, or a katakana word split across two lines.
 * A line starting with ・ is read as a bullet (a new paragraph), not as a fault.
 */
export function kinsokuViolations(lines: readonly string[]): KinsokuViolation[] {
  const out: KinsokuViolation[] = [];
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    const firstCh = [...line][0];
    const lastCh = [...line].pop()!;
    if (i > 0 && lines[i - 1].trim() !== '' && !canStartLine(firstCh) && firstCh !== '・')
      out.push({ line: i, rule: 'line_start', text: line });
    if (i < lines.length - 1 && lines[i + 1].trim() !== '' && !canEndLine(lastCh))
      out.push({ line: i, rule: 'line_end', text: line });
    const next = lines[i + 1]?.trim();
    if (next && KATAKANA.test(lastCh) && KATAKANA.test([...next][0]))
      out.push({ line: i, rule: 'katakana_split', text: `${line}／${next}` });
  });
  return out;
}
