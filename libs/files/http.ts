/** HTTP helpers for file downloads. */

/**
 * Content-Disposition for a download with a Japanese file name (RFC 6266 / RFC 5987): an ASCII
 * fallback `filename="…"` for old clients plus the UTF-8 `filename*`.
 *   attachmentDisposition('訪問記録_2023.csv')
 *   → `attachment; filename="_____2023.csv"; filename*=UTF-8''%E8%A8%AA%E5%95%8F%E8%A8%98%E9%8C%B2_2023.csv`
 */
export function attachmentDisposition(filename: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = filename.replace(/[\u0000-\u001f\u007f/\\]/g, '_').trim() || 'download';
  const fallback = clean.replace(/[^\u0020-\u007e]/g, '_').replace(/["%;]/g, '_');
  const encoded = encodeURIComponent(clean).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const PDF_CONTENT_TYPE = 'application/pdf';
