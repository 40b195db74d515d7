import { Field, ID, InputType, Int, PartialType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEnum,
  IsInt,
  IsOptional,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { LanguageCode, LanguageCodes, NameText, NotNull, OptionalNotNull } from '../../common/validators.js';
import { Skill, SmsStatus, VolunteerStatus } from '../volunteer.entity.js';

const PREFERRED_LANGUAGE = 'Language texts are sent in: a two-letter code such as en or es';
const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$/;

@InputType()
export class AvailabilityWindowInput {
  @Field(() => Int, { description: 'ISO weekday, 1 = Monday … 7 = Sunday' })
  @IsInt()
  @Min(1)
  @Max(7)
  weekday!: number;

  @Field({ description: 'HH:mm' })
  @Matches(TIME_OF_DAY, { message: 'must be a time such as 09:30' })
  start!: string;

  @Field({ description: 'HH:mm' })
  @Matches(TIME_OF_DAY, { message: 'must be a time such as 17:00' })
  end!: string;
}

/**
 * A volunteer's fields as staff set them, with their rules and no defaults. Create adds its defaults; update takes
 * the fields as they are, because a default on an update input overwrites what the caller did not send (PartialType
 * copies the defaults and initial values of the class it is given).
 */
@InputType({ isAbstract: true })
export class VolunteerFieldsInput {
  @Field()
  @NotNull()
  @NameText()
  name!: string;

  @Field({ description: 'Any common format; stored in E.164' })
  @NotNull()
  @MinLength(3, { message: 'is not a valid phone number' })
  @MaxLength(32, { message: 'is not a valid phone number' })
  phone!: string;

  @Field({ description: PREFERRED_LANGUAGE })
  @NotNull()
  @LanguageCode()
  preferredLanguage!: string;

  @Field(() => [String])
  @NotNull()
  @IsArray()
  @ArrayMaxSize(20)
  @LanguageCodes()
  languages!: string[];

  @Field(() => [ID])
  @NotNull()
  @IsArray()
  @ArrayMaxSize(50)
  zoneIds!: string[];

  @Field(() => [Skill])
  @NotNull()
  @IsArray()
  @IsEnum(Skill, { each: true, message: 'must hold skills such as DRIVER or MEDIC' })
  skills!: Skill[];

  @Field(() => [AvailabilityWindowInput], { nullable: true })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => AvailabilityWindowInput)
  availability?: AvailabilityWindowInput[];

  @Field(() => VolunteerStatus, { nullable: true })
  @OptionalNotNull()
  @IsEnum(VolunteerStatus)
  status?: VolunteerStatus;
}

@InputType()
export class CreateVolunteerInput extends VolunteerFieldsInput {
  @Field({ defaultValue: 'en', description: PREFERRED_LANGUAGE })
  override preferredLanguage: string = 'en';

  @Field(() => [String], { defaultValue: [] })
  override languages: string[] = [];

  @Field(() => [ID], { defaultValue: [] })
  override zoneIds: string[] = [];

  @Field(() => [Skill], { defaultValue: [] })
  override skills: Skill[] = [];
}

/** Changes exactly the fields sent; null is refused for every one of them (none is nullable on a volunteer). */
@InputType()
export class UpdateVolunteerInput extends PartialType(VolunteerFieldsInput, { skipNullProperties: false }) {}

@InputType()
export class VolunteerFilter {
  @Field(() => [ID], { nullable: true, description: 'In any of these zones' })
  @IsOptional()
  zoneIds?: string[];

  @Field(() => [Skill], { nullable: true, description: 'Having all of these skills' })
  @IsOptional()
  @IsEnum(Skill, { each: true })
  skills?: Skill[];

  @Field(() => [String], { nullable: true, description: 'Speaking any of these languages' })
  @IsOptional()
  @LanguageCodes()
  languages?: string[];

  @Field(() => VolunteerStatus, { nullable: true })
  @IsOptional()
  @IsEnum(VolunteerStatus)
  status?: VolunteerStatus;

  @Field(() => SmsStatus, { nullable: true })
  @IsOptional()
  @IsEnum(SmsStatus)
  smsStatus?: SmsStatus;

  @Field({
    nullable: true,
    description:
      'Part of the name, accents and case ignored ("maria" finds "María", "pena" finds "Peña"), or of the phone number (ADMIN and COORDINATOR)',
  })
  @IsOptional()
  @MaxLength(100)
  search?: string;
}
