import { ArgsType, Field, Int, ObjectType } from '@nestjs/graphql';
import type { Type } from '@nestjs/common';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';

@ObjectType()
export class PageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface ConnectionShape<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
  totalCount: number;
}

/**
 * Builds the `<Node>Edge` object type and an abstract connection over it for a node type: one generic for every
 * list. `typeName` is the node's GraphQL name when it differs from the class name.
 */
export function Connection<T>(nodeType: Type<T>, typeName = nodeType.name): Type<ConnectionShape<T>> {
  @ObjectType(`${typeName}Edge`)
  class EdgeType implements Edge<T> {
    @Field()
    cursor!: string;

    @Field(() => nodeType)
    node!: T;
  }

  @ObjectType({ isAbstract: true })
  class ConnectionType implements ConnectionShape<T> {
    @Field(() => [EdgeType])
    edges!: EdgeType[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;

    @Field(() => Int)
    totalCount!: number;
  }
  return ConnectionType;
}

export const MAX_PAGE_SIZE = 100;

@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, defaultValue: 20, description: `Page size, 1 to ${MAX_PAGE_SIZE}` })
  @IsInt()
  @Min(1, { message: `must be between 1 and ${MAX_PAGE_SIZE}` })
  @Max(MAX_PAGE_SIZE, { message: `must be between 1 and ${MAX_PAGE_SIZE}` })
  first: number = 20;

  @Field(() => String, { nullable: true, description: 'endCursor of the previous page' })
  @IsOptional()
  @IsString()
  after?: string | null;
}
