/**
 * One glossary for screens, exports, documents and reports (issue 17): the web's Japanese
 * resources (apps/web/src/i18n/ja.json) are the single source of the words for codes — a visit's
 * status, a format, a coverage state — and of the terms used as headings (`glossary`). The server
 * reads the same file (the build copies it: nest-cli.json), so an export never says 決裁済 where
 * the screen says 決裁済み.
 */
import ja from '../../apps/web/src/i18n/ja.json';

export type Labels = Readonly<Record<string, string>>;

/** Code → words, per code list, exactly as the screens show them. */
export const ENUM_LABELS = ja.enums;

/** Terms used as column headings and labels (形態, 同行, 訪問状況 …). */
export const TERMS = ja.glossary;

/** The visit screen's words (its approval history's steps …), for documents printed from a visit. */
export const VISIT_TEXTS = ja.visit;

/** The words for a code (the code itself when the list has no entry). */
export function labelOf(labels: Labels, code: string | null | undefined): string {
  if (code === null || code === undefined) return '';
  return labels[code] ?? code;
}

const literal = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** A SQL CASE turning a code column into its words, from the glossary (codes not listed stay as they are). */
export function sqlLabels(expr: string, labels: Labels, otherwise: string = expr): string {
  const whens = Object.entries(labels)
    .map(([code, words]) => `WHEN ${literal(code)} THEN ${literal(words)}`)
    .join(' ');
  return `CASE ${expr} ${whens} ELSE ${otherwise} END`;
}
