import { Field, ID, InputType, Int, PartialType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEnum,
  IsInt,
  IsOptional,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { Skill, SmsStatus, VolunteerStatus } from '../volunteer.entity.js';

const LANGUAGE_CODE = /^[a-z]{2,3}$/;
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

@InputType()
export class CreateVolunteerInput {
  @Field()
  @MinLength(1, { message: 'must not be empty' })
  @MaxLength(120, { message: 'must be at most 120 characters' })
  name!: string;

  @Field({ description: 'Any common format; stored in E.164' })
  @MinLength(3, { message: 'is not a valid phone number' })
  @MaxLength(32, { message: 'is not a valid phone number' })
  phone!: string;

  @Field({
    defaultValue: 'en',
    description: 'Language texts are sent in: a two-letter code such as en or es',
  })
  @Matches(LANGUAGE_CODE, { message: 'must be a language code such as en or es' })
  preferredLanguage: string = 'en';

  @Field(() => [String], { defaultValue: [] })
  @IsArray()
  @ArrayMaxSize(20)
  @Matches(LANGUAGE_CODE, { each: true, message: 'must hold language codes such as en or es' })
  languages: string[] = [];

  @Field(() => [ID], { defaultValue: [] })
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true, message: 'must hold zone ids' })
  zoneIds: string[] = [];

  @Field(() => [Skill], { defaultValue: [] })
  @IsArray()
  @IsEnum(Skill, { each: true })
  skills: Skill[] = [];

  @Field(() => [AvailabilityWindowInput], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => AvailabilityWindowInput)
  availability?: AvailabilityWindowInput[];

  @Field(() => VolunteerStatus, { nullable: true })
  @IsOptional()
  @IsEnum(VolunteerStatus)
  status?: VolunteerStatus;
}

@InputType()
export class UpdateVolunteerInput extends PartialType(CreateVolunteerInput) {}

@InputType()
export class VolunteerFilter {
  @Field(() => [ID], { nullable: true, description: 'In any of these zones' })
  @IsOptional()
  @IsUUID('all', { each: true, message: 'must hold zone ids' })
  zoneIds?: string[];

  @Field(() => [Skill], { nullable: true, description: 'Having all of these skills' })
  @IsOptional()
  @IsEnum(Skill, { each: true })
  skills?: Skill[];

  @Field(() => [String], { nullable: true, description: 'Speaking any of these languages' })
  @IsOptional()
  @Matches(LANGUAGE_CODE, { each: true, message: 'must hold language codes such as en or es' })
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
