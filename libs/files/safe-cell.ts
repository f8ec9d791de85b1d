/**
 * Spreadsheet formula-injection (CSV injection) defence, after the OWASP advice: a text cell that
 * starts with = + - @ (or a tab or carriage return, which some spreadsheet programs skip before
 * reading a formula) gets a leading apostrophe, so Excel / LibreOffice show it as text and never
 * evaluate it. Only text is touched: numbers written as numbers (−2 as the number -2) stay numbers.
 */

const FORMULA_TRIGGER = /^[=+\-@\t\r]/;

/** True when spreadsheet software could read the text as a formula. */
export function isFormulaLike(value: string): boolean {
  return value !== '-' && FORMULA_TRIGGER.test(value);
}

/**
 * '=1+1' → "'=1+1", '+cmd' → "'+cmd", '-2' → "'-2", '@SUM(A1)' → "'@SUM(A1)", '\tfoo' → "'\tfoo";
 * other text is returned as is, and so is a lone '-' (the usual "none" placeholder, not a formula).
 */
export function safeCellText(value: string): string {
  return isFormulaLike(value) ? `'${value}` : value;
}

/** Characters XML 1.0 cannot carry at all (C0 controls except tab, LF, CR; U+FFFE/U+FFFF). */
// eslint-disable-next-line no-control-regex
const XML_INVALID = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

/** Removes characters that would make an XLSX (XML) file unreadable. */
export function stripXmlInvalidChars(value: string): string {
  return value.replace(XML_INVALID, '');
}

/** Excel's limit on the length of a cell's text. */
export const EXCEL_MAX_CELL_TEXT = 32_767;
