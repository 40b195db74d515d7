import { ArgsType, Field, GraphQLISODateTime, ID, InputType, Int, PartialType } from '@nestjs/graphql';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsEnum, IsInt, IsOptional, Max, Min } from 'class-validator';
import {
  LanguageCode,
  LanguageCodes,
  NameText,
  NotNull,
  OptionalNotNull,
  Timestamp,
} from '../../common/validators.js';
import { MAX_TITLE_LENGTH, MAX_VENUE_LENGTH, TrainingEventStatus } from '../training-event.entity.js';

export const MAX_CAPACITY = 10_000;
const CAPACITY_RANGE = `must be between 1 and ${MAX_CAPACITY.toLocaleString('en')}`;
/** Walk-ins counted at one session. */
export const MAX_HEAD_COUNT = 10_000;

/** A training event's fields as staff set them, with their rules and no defaults (see UpdateTrainingEventInput). */
@InputType({ isAbstract: true })
export class TrainingEventFieldsInput {
  @Field({ description: `At most ${MAX_TITLE_LENGTH} characters` })
  @NotNull()
  @NameText(MAX_TITLE_LENGTH)
  title!: string;

  @Field(() => [String], { description: 'Language codes such as es; at least one' })
  @NotNull()
  @IsArray()
  @ArrayNotEmpty({ message: 'must hold at least one language' })
  @ArrayMaxSize(5)
  @LanguageCodes()
  languages!: string[];

  @Field({ description: `A public place, at most ${MAX_VENUE_LENGTH} characters: never a private address` })
  @NotNull()
  @NameText(MAX_VENUE_LENGTH)
  venue!: string;

  @Field(() => ID)
  @NotNull()
  zoneId!: string;

  @Field(() => GraphQLISODateTime, { description: 'With an offset or Z; stored in UTC' })
  @NotNull()
  @Timestamp()
  startsAt!: Date;

  @Field(() => GraphQLISODateTime, { description: 'After startsAt, within 24 hours of it' })
  @NotNull()
  @Timestamp()
  endsAt!: Date;

  @Field(() => Int, { description: `Attendees who may register, 1 to ${MAX_CAPACITY}` })
  @NotNull()
  @IsInt()
  @Min(1, { message: CAPACITY_RANGE })
  @Max(MAX_CAPACITY, { message: CAPACITY_RANGE })
  capacity!: number;

  @Field(() => ID, {
    nullable: true,
    description: 'A TRAINER staff user; a trainer who creates an event is its trainer when left out',
  })
  @OptionalNotNull()
  trainerId?: string;
}

@InputType()
export class CreateTrainingEventInput extends TrainingEventFieldsInput {}

/** Changes exactly the fields sent. */
@InputType()
export class UpdateTrainingEventInput extends PartialType(TrainingEventFieldsInput, {
  skipNullProperties: false,
}) {}

@InputType()
export class TrainingEventFilter {
  @Field(() => TrainingEventStatus, { nullable: true })
  @IsOptional()
  @IsEnum(TrainingEventStatus)
  status?: TrainingEventStatus;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  zoneId?: string;

  @Field({ nullable: true, description: 'Taught in this language' })
  @IsOptional()
  @LanguageCode()
  language?: string;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Starting at or after' })
  @IsOptional()
  @Timestamp()
  from?: Date;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Starting before' })
  @IsOptional()
  @Timestamp()
  to?: Date;
}

/** A member of the public registering; everything is optional (a head count needs nothing). */
@InputType()
export class RegisterAttendeeInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @NameText(120)
  name?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'For one reminder the day before; stored encrypted, never shown, wiped after the event',
  })
  @IsOptional()
  @NameText(40)
  phone?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "The attendee's language; the session's first when left out",
  })
  @IsOptional()
  @LanguageCode()
  language?: string | null;
}

@InputType()
export class RecordAttendanceInput {
  @Field(() => [ID], {
    nullable: true,
    description: 'The registered attendees who came (the others are marked as not come)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_CAPACITY)
  attendedIds?: string[] | null;

  @Field(() => Int, { nullable: true, description: 'People who came without registering' })
  @IsOptional()
  @IsInt()
  @Min(0, { message: `must be between 0 and ${MAX_HEAD_COUNT}` })
  @Max(MAX_HEAD_COUNT, { message: `must be between 0 and ${MAX_HEAD_COUNT}` })
  headCount?: number | null;
}

@ArgsType()
export class TrainingStatsArgs {
  @Field(() => GraphQLISODateTime, { description: 'Sessions starting at or after' })
  @NotNull()
  @Timestamp()
  from!: Date;

  @Field(() => GraphQLISODateTime, { description: 'Sessions starting before' })
  @NotNull()
  @Timestamp()
  to!: Date;

  @Field(() => ID, { nullable: true, description: 'One zone; every zone you see when left out' })
  @IsOptional()
  zoneId?: string;
}
