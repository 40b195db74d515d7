import {
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
} from 'graphql';

/** A JSON value, as GraphQL variables hold. */
export type Plain = string | number | boolean | null | Plain[] | { [key: string]: Plain };

/** The ids a plausible argument takes: a zone's for zone ids, `otherId` for every other id. */
export interface PlausibleIds {
  zoneId: string;
  otherId: string;
}

/** A string that passes the field's own rules. */
function plausibleString(name: string, isId: boolean, ids: PlausibleIds): string {
  if (isId) return /zone/i.test(name) ? ids.zoneId : ids.otherId;
  if (/phone|from/i.test(name)) return '+14145550151';
  if (/language/i.test(name)) return 'en';
  if (/email/i.test(name)) return 'fuzz@vecino.test';
  if (name === 'code') return 'FUZZB';
  if (name === 'start' || name === 'end') return '09:00';
  if (name === 'csv') return 'name,phone,languages,zones,skills\nFuzz Row,+14145550152,en,FUZZ,\n';
  if (name === 'after') return '';
  return 'Fuzz';
}

/**
 * A value of `type` for the argument or input field `name` that GraphQL accepts and the field's own rules
 * mostly do too; every field of an input object is given, optional ones included.
 */
export function plausibleValue(type: GraphQLInputType, name: string, ids: PlausibleIds): Plain {
  if (isNonNullType(type)) return plausibleValue(type.ofType, name, ids);
  if (isListType(type)) return [plausibleValue(type.ofType, name, ids)];
  if (isInputObjectType(type)) {
    return Object.fromEntries(
      Object.values(type.getFields()).map((field) => [
        field.name,
        plausibleValue(field.type, field.name, ids),
      ]),
    );
  }
  if (isEnumType(type)) return type.getValues()[0]!.value as string;
  if (type.name === 'Int') return name === 'weekday' ? 1 : 5;
  if (type.name === 'Boolean') return false;
  return plausibleString(name, type.name === 'ID', ids);
}

/** `kind($a: T, …) { field(a: $a, …) { __typename } }`: the root field called with every argument as a variable. */
export function operationCalling(
  kind: 'query' | 'mutation' | 'subscription',
  field: GraphQLField<unknown, unknown>,
): string {
  const args: readonly GraphQLArgument[] = field.args;
  const declarations = args.map((arg) => `$${arg.name}: ${arg.type.toString()}`).join(', ');
  const call = args.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
  return `${kind}${declarations ? `(${declarations})` : ''} { ${field.name}${call ? `(${call})` : ''} { __typename } }`;
}
