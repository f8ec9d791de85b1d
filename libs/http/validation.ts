import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { ValidateBy, ValidateIf, ValidationOptions } from 'class-validator';
import { CommonErrors, FieldError } from './domain-error';
import { assertCleanInput } from './input-guard';

/** Constraint name of OptionalNotNull's null check; when it fails, the field's other messages are dropped. */
const NOT_NULL = 'optionalNotNull';

/**
 * May be omitted, but not null: for optional fields whose column is NOT NULL (absent keeps the
 * stored value or the default; null is a 400 naming the field, never a database error).
 * `@IsOptional()` lets null through, so it stays only on fields that are really nullable.
 */
export function OptionalNotNull(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyKey: string | symbol) => {
    ValidateIf((_o, value: unknown) => value !== undefined, options)(target, propertyKey);
    ValidateBy(
      {
        name: NOT_NULL,
        validator: {
          validate: (value: unknown) => value !== null,
          defaultMessage: () => '空（null）にはできません (must not be null or empty)',
        },
      },
      options,
    )(target, propertyKey);
  };
}

/** Japanese first for class-validator's English defaults; the English stays after it for logs and tools. */
const JAPANESE: Record<string, (n: string[]) => string> = {
  isString: () => '文字列で入力してください',
  isInt: () => '整数で入力してください',
  isNumber: () => '数値で入力してください',
  isNumberString: () => '数字で入力してください',
  isPositive: () => '正の数で入力してください',
  isBoolean: () => 'true か false で指定してください',
  isDateString: () => '日付（YYYY-MM-DD）で入力してください',
  isIso8601: () => '日付・日時の形式で入力してください',
  isISO8601: () => '日付・日時の形式で入力してください',
  isUuid: () => 'ID の形式が正しくありません',
  isUUID: () => 'ID の形式が正しくありません',
  isIn: () => '選択肢の中から選んでください',
  isEnum: () => '選択肢の中から選んでください',
  isNotEmpty: () => '入力してください',
  isDefined: () => '入力してください',
  isArray: () => '一覧（配列）で指定してください',
  isObject: () => '項目のまとまり（オブジェクト）で指定してください',
  nestedValidation: () => '項目のまとまり（オブジェクト）で指定してください',
  isEmail: () => 'メールアドレスの形式で入力してください',
  isUrl: () => 'URL の形式で入力してください',
  isUrlString: () => 'URL の形式で入力してください',
  matches: () => '形式が正しくありません',
  arrayUnique: () => '同じものが重複しています',
  arrayNotEmpty: () => '一つ以上指定してください',
  maxLength: (n) => `${n[0] ?? ''}文字以内で入力してください`,
  minLength: (n) => `${n[0] ?? ''}文字以上で入力してください`,
  isLength: (n) => `${n.join('〜')}文字で入力してください`,
  max: (n) => `${n[0] ?? ''}以下で入力してください`,
  min: (n) => `${n[0] ?? ''}以上で入力してください`,
  arrayMaxSize: (n) => `${n[0] ?? ''}件以内で指定してください`,
  arrayMinSize: (n) => `${n[0] ?? ''}件以上指定してください`,
};

/** A message a person reads: the DTO's own Japanese one as it is, class-validator's English after Japanese. */
export function japaneseFirst(rule: string, message: string): string {
  if (/[^\u0020-\u007e]/.test(message)) return message; // already written for people (not plain ASCII)
  const numbers = message.match(/-?\d+(?:\.\d+)?/g) ?? [];
  const ja = JAPANESE[rule]?.(numbers) ?? '入力値が正しくありません';
  return `${ja} (${message})`;
}

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = parent
      ? /^\d+$/.test(e.property)
        ? `${parent}[${e.property}]`
        : `${parent}.${e.property}`
      : e.property;
    const constraints = e.constraints ?? {};
    const rules = NOT_NULL in constraints ? [NOT_NULL] : Object.keys(constraints);
    const own = rules.map((rule) => ({
      field,
      message:
        rule === 'whitelistValidation'
          ? `不明な項目です (unknown field: ${field})`
          : japaneseFirst(rule, constraints[rule]),
    }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/**
 * The global pipe: first the input no DTO should see (NUL, lone surrogates, nesting deeper than
 * MAX_INPUT_DEPTH, in any string or key of the body or query), then class-validator.
 */
class GuardedValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // Path parameters are left to their own pipes (a malformed id is an unknown one: 404).
    if (metadata.type === 'body' || metadata.type === 'query') assertCleanInput(value, metadata.data ?? '');
    return super.transform(value, metadata);
  }
}

/** Whitelisting validation: unknown fields are rejected; every error names its field. */
export function createValidationPipe(): ValidationPipe {
  return new GuardedValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    stopAtFirstError: false,
    exceptionFactory: (errors) => CommonErrors.invalidFields(flatten(errors)),
  });
}
