import {
  coerceInputValue,
  isInputType,
  isNonNullType,
  typeFromAST,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import type { FieldProblem } from '../common/domain-error.js';

/**
 * What is wrong with a request's variables, by the rules graphql-js coerces them with for execution
 * (`coerceInputValue`), each problem named by its path in `variables` (e.g. `input.skills.1`).
 * `hideSuggestions` leaves out "Did you mean …" hints, which would describe the schema.
 */
export function variableProblems(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  variables: Readonly<Record<string, unknown>> = {},
  hideSuggestions: boolean,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    const type = typeFromAST(schema, definition.type);
    // Validation (VariablesAreInputTypes) has refused an operation declaring anything else.
    if (!isInputType(type)) continue;
    if (!Object.hasOwn(variables, name)) {
      if (isNonNullType(type) && !definition.defaultValue) {
        problems.push({ field: name, message: `is required (${String(type)})` });
      }
      continue;
    }
    coerceInputValue(
      variables[name],
      type,
      (path, _invalidValue, error) =>
        problems.push({ field: [name, ...path].join('.'), message: error.message }),
      hideSuggestions,
    );
  }
  return problems;
}
