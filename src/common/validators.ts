import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import {
  IsDate,
  IsDefined,
  Matches,
  MaxDate,
  MaxLength,
  MinDate,
  MinLength,
  ValidateIf,
} from 'class-validator';

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

const EARLIEST_TIMESTAMP = new Date('2000-01-01T00:00:00Z');
const LATEST_TIMESTAMP = new Date('9999-12-31T23:59:59Z');
const TIMESTAMP_RANGE = 'must be a time between the years 2000 and 9999';

/**
 * A DateTime to store: the scalar accepts any JavaScript date (±270,000 years), PostgreSQL only 4713 BC onward,
 * so an out-of-range time is a field error here rather than a database error.
 */
export function Timestamp(): PropertyDecorator {
  return applyDecorators(
    IsDate({ message: 'must be a date-time' }),
    MinDate(EARLIEST_TIMESTAMP, { message: TIMESTAMP_RANGE }),
    MaxDate(LATEST_TIMESTAMP, { message: TIMESTAMP_RANGE }),
  );
}
