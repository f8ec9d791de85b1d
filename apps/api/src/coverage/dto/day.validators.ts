import { registerDecorator, ValidationOptions } from 'class-validator';
import { isIsoDate } from '../../../../../libs/japanese/jst';

/** A calendar day 'YYYY-MM-DD' between 1900 and 2999 (wider years would overflow date arithmetic). */
export function isReportDay(value: unknown): value is string {
  if (typeof value !== 'string' || !isIsoDate(value)) return false;
  const year = Number(value.slice(0, 4));
  return year >= 1900 && year <= 2999;
}

/** class-validator decorator for `?asOf=`, `?from=`, `?to=` query parameters. */
export function IsReportDay(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isReportDay',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: '日付は YYYY-MM-DD 形式で指定してください (date as YYYY-MM-DD)', ...options },
      validator: { validate: (value: unknown) => isReportDay(value) },
    });
}

/** Text PostgreSQL can store: no NUL character (it would fail in the database, not as a 400). */
// eslint-disable-next-line no-control-regex -- NUL is exactly what is refused
export const NO_NUL = /^[^\u0000]*$/;
export const NO_NUL_MESSAGE = '使用できない文字が含まれています (contains a NUL character)';
