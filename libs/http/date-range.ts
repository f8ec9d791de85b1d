import { isIsoDate } from '../japanese/jst';
import { CommonErrors } from './domain-error';

/**
 * A `from`/`to` pair of calendar days (YYYY-MM-DD, both optional, inclusive): real dates, and `to`
 * not before `from`; else a 400 naming the field.
 */
export function assertDateRange(range: { from?: string; to?: string }): void {
  for (const field of ['from', 'to'] as const) {
    const value = range[field];
    if (value !== undefined && !isIsoDate(value))
      throw CommonErrors.invalid(field, '日付が正しくありません (invalid date)');
  }
  if (range.from && range.to && range.from > range.to) {
    throw CommonErrors.invalid('to', '終了日は開始日以降にしてください (to must not be before from)');
  }
}
