/**
 * File exports shared by the app: formula-safe cells, streaming CSV (UTF-8 with BOM or Shift_JIS),
 * streaming XLSX (exceljs), Japanese PDF (pdfkit + Noto Sans JP), download headers.
 */
export * from './safe-cell';
export * from './csv';
export * from './xlsx';
export * from './pdf';
export * from './http';
