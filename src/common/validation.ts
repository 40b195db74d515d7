import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validateSync, type ValidatorOptions } from 'class-validator';
import { DomainError, type FieldProblem } from './domain-error.js';

/** One set of options for every validation, so the pipe and validateInput judge an input the same way. */
const VALIDATOR_OPTIONS: ValidatorOptions = {
  whitelist: true,
  forbidUnknownValues: false,
  // One message per field: `must not be null` rather than that plus every rule null also breaks.
  stopAtFirstError: true,
};

function flatten(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({
      field,
      message: message.startsWith(`${error.property} `) ? message.slice(error.property.length + 1) : message,
    }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** class-validator on every input; failures become BAD_USER_INPUT naming each field. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    ...VALIDATOR_OPTIONS,
    transform: true,
    exceptionFactory: (errors) => DomainError.badInputs(flatten(errors)),
  });
}

/**
 * Validates (and transforms) a plain object with an input class outside a request, exactly as the pipe would:
 * for inputs that arrive another way than as GraphQL arguments (rows of an imported spreadsheet).
 */
export function validateInput<T extends object>(
  inputClass: ClassConstructor<T>,
  plain: object,
): { value: T; problems: FieldProblem[] } {
  const value = plainToInstance(inputClass, plain);
  return { value, problems: flatten(validateSync(value, VALIDATOR_OPTIONS)) };
}
