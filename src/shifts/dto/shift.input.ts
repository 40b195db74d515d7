import { Field, GraphQLISODateTime, ID, InputType, Int, PartialType } from '@nestjs/graphql';
import { IsBoolean, IsEnum, IsInt, IsOptional, Max, Min } from 'class-validator';
import { LanguageCode, NameText, NotNull, Timestamp } from '../../common/validators.js';
import { Skill } from '../../volunteers/volunteer.entity.js';

export const MAX_SEATS = 10_000;
const SEATS_RANGE = `must be between 1 and ${MAX_SEATS.toLocaleString('en')}`;

/** A shift's fields as staff set them, with their rules and no defaults (see UpdateShiftInput). */
@InputType({ isAbstract: true })
export class ShiftFieldsInput {
  @Field(() => ID)
  @NotNull()
  zoneId!: string;

  @Field({ description: 'Free text such as greeter, interpreter or hotline; at most 60 characters' })
  @NotNull()
  @NameText(60)
  role!: string;

  @Field(() => GraphQLISODateTime, { description: 'With an offset or Z; stored in UTC' })
  @NotNull()
  @Timestamp()
  startsAt!: Date;

  @Field(() => GraphQLISODateTime, { description: 'After startsAt' })
  @NotNull()
  @Timestamp()
  endsAt!: Date;

  @Field(() => Int, { description: `1 to ${MAX_SEATS}` })
  @NotNull()
  @IsInt()
  @Min(1, { message: SEATS_RANGE })
  @Max(MAX_SEATS, { message: SEATS_RANGE })
  seats!: number;

  @Field(() => Skill, { nullable: true })
  @IsOptional()
  @IsEnum(Skill, { message: 'must be a skill such as DRIVER or INTERPRETER' })
  requiredSkill?: Skill | null;

  @Field(() => String, { nullable: true, description: 'A language code such as es' })
  @IsOptional()
  @LanguageCode()
  requiredLanguage?: string | null;
}

@InputType()
export class CreateShiftInput extends ShiftFieldsInput {
  @Field(() => ID, {
    nullable: true,
    description: 'The training event the shift is part of; left out for a shift that stands alone',
  })
  @IsOptional()
  eventId?: string | null;
}

/** Changes exactly the fields sent; requiredSkill and requiredLanguage may be sent as null to clear them. */
@InputType()
export class UpdateShiftInput extends PartialType(ShiftFieldsInput, { skipNullProperties: false }) {}

@InputType()
export class ShiftFilter {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  zoneId?: string;

  @Field(() => ID, { nullable: true, description: "A training event's shifts" })
  @IsOptional()
  eventId?: string;

  @Field({ nullable: true, description: 'Exact role, case ignored' })
  @IsOptional()
  @NameText(60)
  role?: string;

  @Field({ nullable: true, description: 'Only shifts not started yet with a free seat' })
  @IsOptional()
  @IsBoolean()
  openOnly?: boolean;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Starting at or after' })
  @IsOptional()
  @Timestamp()
  from?: Date;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Starting before' })
  @IsOptional()
  @Timestamp()
  to?: Date;
}
