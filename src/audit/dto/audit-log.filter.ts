import { Field, GraphQLISODateTime, ID, InputType } from '@nestjs/graphql';
import { IsOptional } from 'class-validator';
import { Timestamp } from '../../common/validators.js';

@InputType()
export class AuditLogFilter {
  @Field(() => ID, { nullable: true, description: 'The staff user who read' })
  @IsOptional()
  actorId?: string;

  @Field(() => ID, { nullable: true, description: 'The record read, e.g. a delivery request id' })
  @IsOptional()
  subjectId?: string;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'At or after' })
  @IsOptional()
  @Timestamp()
  from?: Date;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Before' })
  @IsOptional()
  @Timestamp()
  to?: Date;
}
