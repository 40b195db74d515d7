import { applyDecorators } from '@nestjs/common';
import { Field, ID, InputType } from '@nestjs/graphql';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEnum,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { NameText, NotNull } from '../../common/validators.js';
import { AlertKind, AlertStatus } from '../alert.entity.js';

/** The longest public location description, so a dispatch text keeps room for the rest. */
export const LOCATION_MAX_LENGTH = 120;
const DETAIL_MAX_LENGTH = 200;

/** One optional SALUTE part: trimmed; empty means not given. */
function DetailText(): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value)),
    IsOptional(),
    IsString(),
    MaxLength(DETAIL_MAX_LENGTH, { message: `must be at most ${DETAIL_MAX_LENGTH} characters` }),
  );
}

@InputType({ description: 'SALUTE: size, activity, location, uniform, time, equipment; every part optional' })
export class AlertDetailsInput {
  @Field(() => String, { nullable: true })
  @DetailText()
  size?: string | null;

  @Field(() => String, { nullable: true })
  @DetailText()
  activity?: string | null;

  @Field(() => String, { nullable: true })
  @DetailText()
  location?: string | null;

  @Field(() => String, { nullable: true })
  @DetailText()
  uniform?: string | null;

  @Field(() => String, { nullable: true })
  @DetailText()
  time?: string | null;

  @Field(() => String, { nullable: true })
  @DetailText()
  equipment?: string | null;
}

@InputType()
export class ReportAlertInput {
  @Field(() => ID)
  @NotNull()
  zoneId!: string;

  @Field(() => AlertKind)
  @NotNull()
  @IsEnum(AlertKind)
  kind!: AlertKind;

  @Field({ description: 'A public place: an intersection or a business, never a private address' })
  @NotNull()
  @NameText(LOCATION_MAX_LENGTH)
  location!: string;

  @Field(() => AlertDetailsInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => AlertDetailsInput)
  details?: AlertDetailsInput | null;
}

@InputType()
export class AlertFilter {
  @Field(() => [AlertStatus], { nullable: true })
  @IsOptional()
  @IsArray()
  @IsEnum(AlertStatus, { each: true })
  statuses?: AlertStatus[];

  @Field(() => [ID], { nullable: true, description: 'Within the zones you coordinate' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  zoneIds?: string[];

  @Field(() => [AlertKind], { nullable: true })
  @IsOptional()
  @IsArray()
  @IsEnum(AlertKind, { each: true })
  kinds?: AlertKind[];
}
