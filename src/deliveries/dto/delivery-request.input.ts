import { Field, GraphQLISODateTime, ID, InputType, Int, PartialType } from '@nestjs/graphql';
import { IsBoolean, IsEnum, IsInt, IsOptional, MaxLength, Max, Min } from 'class-validator';
import { LanguageCode, NameText, NotNull, Timestamp } from '../../common/validators.js';
import { DeliveryStatus, DeliveryUrgency } from '../delivery-request.entity.js';

/** Limits that keep the address text (address, phone, notes and the sign-off) within three SMS segments. */
export const ADDRESS_MAX_LENGTH = 200;
export const NOTES_MAX_LENGTH = 300;
export const NEEDS_MAX_LENGTH = 300;
export const MAX_HOUSEHOLD_SIZE = 30;

/**
 * A request's fields as a coordinator sets them, with their rules and no defaults: create adds `urgency`'s
 * default, update takes exactly what it is sent (see UpdateVolunteerInput for why). Fields that may be cleared
 * (needs, deliverAfter, contactPhone, notes) accept null; the others refuse it.
 */
@InputType({ isAbstract: true })
export class DeliveryRequestFieldsInput {
  @Field(() => ID)
  @NotNull()
  zoneId!: string;

  @Field({ description: 'What to call the household (never a legal name), up to 80 characters' })
  @NotNull()
  @NameText(80)
  householdAlias!: string;

  @Field(() => Int, { description: `1 to ${MAX_HOUSEHOLD_SIZE}` })
  @NotNull()
  @IsInt({ message: 'must be a whole number' })
  @Min(1, { message: `must be from 1 to ${MAX_HOUSEHOLD_SIZE}` })
  @Max(MAX_HOUSEHOLD_SIZE, { message: `must be from 1 to ${MAX_HOUSEHOLD_SIZE}` })
  householdSize!: number;

  @Field({ description: 'The household’s language, e.g. es' })
  @NotNull()
  @LanguageCode()
  language!: string;

  @Field({ description: `Street address, up to ${ADDRESS_MAX_LENGTH} characters; stored encrypted` })
  @NotNull()
  @NameText(ADDRESS_MAX_LENGTH)
  address!: string;

  @Field(() => String, { nullable: true, description: 'Any common format; stored encrypted, in E.164' })
  @IsOptional()
  @MaxLength(32, { message: 'is not a valid phone number' })
  contactPhone?: string | null;

  @Field(() => String, {
    nullable: true,
    description: `Up to ${NOTES_MAX_LENGTH} characters; stored encrypted`,
  })
  @IsOptional()
  @MaxLength(NOTES_MAX_LENGTH, { message: `must be at most ${NOTES_MAX_LENGTH} characters` })
  notes?: string | null;

  @Field(() => String, {
    nullable: true,
    description: `Groceries and diet, up to ${NEEDS_MAX_LENGTH} characters`,
  })
  @IsOptional()
  @MaxLength(NEEDS_MAX_LENGTH, { message: `must be at most ${NEEDS_MAX_LENGTH} characters` })
  needs?: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Not before this time' })
  @IsOptional()
  @Timestamp()
  deliverAfter?: Date | null;

  @Field(() => GraphQLISODateTime, { description: 'The latest acceptable time; in the future' })
  @NotNull()
  @Timestamp()
  deliverBy!: Date;

  @Field(() => DeliveryUrgency, { nullable: true })
  @NotNull()
  @IsEnum(DeliveryUrgency)
  urgency?: DeliveryUrgency;
}

@InputType()
export class CreateDeliveryRequestInput extends DeliveryRequestFieldsInput {
  @Field(() => DeliveryUrgency, { defaultValue: DeliveryUrgency.NORMAL })
  override urgency: DeliveryUrgency = DeliveryUrgency.NORMAL;
}

/** Changes exactly the fields sent. */
@InputType()
export class UpdateDeliveryRequestInput extends PartialType(DeliveryRequestFieldsInput, {
  skipNullProperties: false,
}) {}

@InputType()
export class DeliveryRequestFilter {
  @Field(() => [DeliveryStatus], { nullable: true, description: 'In any of these states' })
  @IsOptional()
  @IsEnum(DeliveryStatus, { each: true })
  statuses?: DeliveryStatus[];

  @Field(() => [ID], { nullable: true, description: 'In any of these zones' })
  @IsOptional()
  zoneIds?: string[];

  @Field(() => DeliveryUrgency, { nullable: true })
  @IsOptional()
  @IsEnum(DeliveryUrgency)
  urgency?: DeliveryUrgency;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Deliver-by before this time' })
  @IsOptional()
  @Timestamp()
  dueBefore?: Date;

  @Field({
    nullable: true,
    description: 'true: past deliver-by and neither delivered nor cancelled; false: all others',
  })
  @IsOptional()
  @IsBoolean()
  overdue?: boolean;
}
