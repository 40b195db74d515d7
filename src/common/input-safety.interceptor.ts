import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { GqlExecutionContext, type GqlContextType } from '@nestjs/graphql';
import type { Request } from 'express';
import {
  getNamedType,
  isInputObjectType,
  isListType,
  isNonNullType,
  type GraphQLInputType,
  type GraphQLResolveInfo,
} from 'graphql';
import type { Observable } from 'rxjs';
import { DomainError, type FieldProblem } from './domain-error.js';
import { unsafeTextProblem } from './safe-text.js';
import { isUuid } from './uuid.js';

/**
 * The edge checks every input gets, whatever its resolver or controller declares, so a new one cannot forget them:
 * every string of every GraphQL argument (plain scalars, input objects, nested, in lists) and of every HTTP body,
 * query and route parameter is storable text, and every GraphQL `ID` is a UUID. Each refusal is BAD_USER_INPUT
 * naming the field, as the validation pipe names it (input-object arguments by their fields, `a.0.b` in lists).
 * A well-formed id that names nothing is left to the service (NOT_FOUND).
 */
@Injectable()
export class InputSafetyInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const problems =
      context.getType<GqlContextType>() === 'graphql'
        ? graphqlArgumentProblems(GqlExecutionContext.create(context))
        : httpRequestProblems(context.switchToHttp().getRequest<Request>());
    if (problems.length > 0) throw DomainError.badInputs(problems);
    return next.handle();
  }
}

function graphqlArgumentProblems(context: GqlExecutionContext): FieldProblem[] {
  const info = context.getInfo<GraphQLResolveInfo>();
  const args = context.getArgs<Record<string, unknown>>();
  const definitions = info.parentType.getFields()[info.fieldName]?.args ?? [];
  const problems: FieldProblem[] = [];
  for (const definition of definitions) {
    // An input-object argument is named by its fields, as class-validator names them.
    const root = isInputObjectType(getNamedType(definition.type)) ? '' : definition.name;
    checkGraphQLValue(args[definition.name], definition.type, root, problems);
  }
  return problems;
}

function checkGraphQLValue(
  value: unknown,
  type: GraphQLInputType,
  field: string,
  problems: FieldProblem[],
): void {
  if (value === null || value === undefined) return;
  if (isNonNullType(type)) return checkGraphQLValue(value, type.ofType, field, problems);
  if (isListType(type)) {
    if (!Array.isArray(value)) return checkGraphQLValue(value, type.ofType, field, problems);
    // A list of scalars is named by its field (as `each: true` validators do); of objects, by index.
    const itemsAreObjects = isInputObjectType(getNamedType(type.ofType));
    value.forEach((item, index) =>
      checkGraphQLValue(item, type.ofType, itemsAreObjects ? join(field, String(index)) : field, problems),
    );
    return;
  }
  if (isInputObjectType(type)) {
    const fields = type.getFields();
    for (const [name, fieldValue] of Object.entries(value as Record<string, unknown>)) {
      const definition = fields[name];
      if (definition) checkGraphQLValue(fieldValue, definition.type, join(field, name), problems);
    }
    return;
  }
  if (typeof value !== 'string') return;
  const problem =
    unsafeTextProblem(value) ?? (type.name === 'ID' && !isUuid(value) ? 'is not a valid id' : null);
  if (problem && !problems.some((known) => known.field === field && known.message === problem)) {
    problems.push({ field, message: problem });
  }
}

function httpRequestProblems(request: Request): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const source of [request.body, request.query, request.params]) checkPlainValue(source, '', problems);
  return problems;
}

function checkPlainValue(value: unknown, field: string, problems: FieldProblem[]): void {
  if (typeof value === 'string') {
    const problem = unsafeTextProblem(value);
    if (problem) problems.push({ field, message: problem });
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => checkPlainValue(item, join(field, String(index)), problems));
  } else if (value !== null && typeof value === 'object') {
    for (const [name, item] of Object.entries(value)) checkPlainValue(item, join(field, name), problems);
  }
}

function join(parent: string, child: string): string {
  return parent ? `${parent}.${child}` : child;
}
