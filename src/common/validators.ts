import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsDefined, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';

/**
 * Shared class-validator decorators for inputs, so the same field is checked the same way everywhere (including the
 * volunteer import, which validates each row with the input classes themselves).
 */

const LANGUAGE_CODE = /^[a-z]{2,3}$/;

/** An explicit null for a column that cannot be null is a field error, not a database error. */
export function NotNull(): PropertyDecorator {
  return IsDefined({ message: 'must not be null' });
}

/** May be left out, but not sent as null. */
export function OptionalNotNull(): PropertyDecorator {
  return applyDecorators(
    ValidateIf((_object, value) => value !== undefined),
    NotNull(),
  );
}

/** A person's or a place's name: stored trimmed; empty or whitespace-only is refused. */
export function NameText(maxLength = 120): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value)),
    MinLength(1, { message: 'must not be empty' }),
    MaxLength(maxLength, { message: `must be at most ${maxLength} characters` }),
  );
}

export function LanguageCode(): PropertyDecorator {
  return Matches(LANGUAGE_CODE, { message: 'must be a language code such as en or es' });
}

export function LanguageCodes(): PropertyDecorator {
  return Matches(LANGUAGE_CODE, { each: true, message: 'must hold language codes such as en or es' });
}
