import { Transform } from 'class-transformer';
import { ValidateBy, ValidationArguments, ValidationOptions } from 'class-validator';
import { isValidCorporateNumber } from '../../../../../libs/japanese/corporate-number';
import { normalizePostalCode } from '../../../../../libs/japanese/postal-code';
import { isKatakanaReading, toKatakanaReading } from '../../../../../libs/japanese/text';

/** Full-width digits, spaces and hyphens are accepted and removed before the check. */
export const CorporateNumberInput = () =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string'
      ? value.normalize('NFKC').replace(/[\s\u002d\u2010-\u2015\u2212]/gu, '')
      : value,
  );

export function IsCorporateNumber(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCorporateNumber',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isValidCorporateNumber(value),
        defaultMessage: (args?: ValidationArguments) =>
          typeof args?.value === 'string' && /^[0-9]{13}$/.test(args.value)
            ? '法人番号のチェックデジットが正しくありません (invalid corporate number check digit)'
            : '法人番号は13桁の数字です (corporate number must be 13 digits)',
      },
    },
    options,
  );
}

/** Hiragana and half-width katakana become full-width katakana; blank becomes null. */
export const KanaInput = () =>
  Transform(({ value }: { value: unknown }) => {
    if (typeof value !== 'string') return value;
    const reading = toKatakanaReading(value);
    return reading === '' ? null : reading;
  });

export function IsKatakanaReading(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isKatakanaReading',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isKatakanaReading(value),
        defaultMessage: () => 'フリガナはカタカナ（ひらがな可）で入力してください (reading must be kana)',
      },
    },
    options,
  );
}

/** 740-0018, 7400018, ７４０－００１８ → 7400018; anything else is left for the validator to reject. */
export const PostalCodeInput = () =>
  Transform(({ value }: { value: unknown }) => {
    if (typeof value !== 'string') return value;
    if (value.trim() === '') return null;
    return normalizePostalCode(value) ?? value;
  });

/** Trims strings; blank becomes null. */
export const TrimToNull = () =>
  Transform(({ value }: { value: unknown }) => {
    if (typeof value !== 'string') return value;
    const t = value.trim();
    return t === '' ? null : t;
  });
