import type { CombinedError } from 'urql';

/** What the API said about a failed mutation: a message per input field, and whatever names no field. */
export interface FormErrors {
  fields: Record<string, string>;
  general: string[];
}

interface FieldProblem {
  field?: unknown;
  message?: unknown;
}

/**
 * Maps an urql error to form errors. The API answers bad input with `BAD_USER_INPUT` and `extensions.fields`
 * ([{ field, message }], field names as in the input type, e.g. `deliverBy`); every other error (network,
 * permission, conflict) is shown in words above the form.
 */
export function formErrors(error: CombinedError | undefined, networkMessage: string): FormErrors {
  const result: FormErrors = { fields: {}, general: [] };
  if (!error) return result;
  if (error.networkError) result.general.push(networkMessage);
  for (const graphQLError of error.graphQLErrors) {
    const problems = graphQLError.extensions?.fields;
    if (
      graphQLError.extensions?.code === 'BAD_USER_INPUT' &&
      Array.isArray(problems) &&
      problems.length > 0
    ) {
      for (const problem of problems as FieldProblem[]) {
        const field = typeof problem.field === 'string' ? problem.field.replace(/^input\./, '') : '';
        const message = typeof problem.message === 'string' ? problem.message : graphQLError.message;
        if (field && !(field in result.fields)) result.fields[field] = message;
        else if (!field) result.general.push(message);
      }
    } else {
      result.general.push(graphQLError.message);
    }
  }
  return result;
}
