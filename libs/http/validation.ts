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
        rule === 'whitelistValidation' ? `不明な項目です (unknown field: ${field})` : constraints[rule],
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
