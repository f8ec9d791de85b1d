import { DomainError } from '../../../../libs/http/domain-error';

/** The longest period one calendar request may cover (a quarter and a day or two). */
export const CALENDAR_MAX_DAYS = 92;

export const CalendarErrors = {
  rangeTooLong: () =>
    new DomainError(
      'invalid',
      'calendar.range_too_long',
      `期間は ${CALENDAR_MAX_DAYS} 日以内にしてください (from..to may cover at most ${CALENDAR_MAX_DAYS} days)`,
      [{ field: 'to', message: `期間は ${CALENDAR_MAX_DAYS} 日以内にしてください` }],
    ),
  /** hq reads across stations but never per officer (staffing is not public). */
  officerFilterForbidden: () =>
    new DomainError(
      'forbidden',
      'calendar.officer_filter_forbidden',
      '本部の利用者は担当者で絞り込めません (hq may not filter the calendar by officer)',
    ),
};

/** The codes this feature's routes answer besides the common ones (OpenAPI `CalendarErrorCode`). */
export const CALENDAR_ERROR_CODES = ['calendar.range_too_long', 'calendar.officer_filter_forbidden'] as const;
