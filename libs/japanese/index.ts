/**
 * Japanese conventions shared by the whole app: search/reading normalisation, corporate numbers
 * (法人番号), postal codes, calendar dates in Japan (JST, fixed +09:00), era dates (令和5年6月21日)
 * and fiscal years (年度, from 1 April).
 */
export * from './text';
export * from './corporate-number';
export * from './postal-code';
export * from './jst';
export * from './era';
export * from './fiscal-year';
