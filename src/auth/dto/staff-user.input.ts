import { Field, ID, InputType, PartialType } from '@nestjs/graphql';
import { ArrayMaxSize, IsArray, IsBoolean, IsEnum, IsOptional, IsString, MaxLength } from 'class-validator';
import { NameText, NotNull } from '../../common/validators.js';
import { StaffRole } from '../staff-user.entity.js';

const ZONES = 'Zones the user is limited to; empty means every zone (ADMIN always sees every zone)';

/** What an admin may change on a staff account, with its rules and no defaults (see UpdateStaffUserInput). */
@InputType({ isAbstract: true })
export class StaffUserFieldsInput {
  @Field()
  @NotNull()
  @NameText()
  name!: string;

  @Field(() => StaffRole)
  @NotNull()
  @IsEnum(StaffRole)
  role!: StaffRole;

  @Field(() => [ID], { description: ZONES })
  @NotNull()
  @IsArray()
  @ArrayMaxSize(50)
  zoneIds!: string[];
}

@InputType()
export class CreateStaffUserInput extends StaffUserFieldsInput {
  @Field({ description: 'Compared without case; one account per email' })
  @NotNull()
  @IsString()
  @MaxLength(254, { message: 'is not an email address' })
  email!: string;

  @Field({ description: 'At least 12 characters; the user signs in with it' })
  @NotNull()
  @IsString()
  password!: string;

  @Field(() => [ID], { defaultValue: [], description: ZONES })
  override zoneIds: string[] = [];
}

/** Changes exactly the fields sent; null is refused for every one of them. */
@InputType()
export class UpdateStaffUserInput extends PartialType(StaffUserFieldsInput, { skipNullProperties: false }) {}

@InputType()
export class StaffUserFilter {
  @Field(() => [StaffRole], { nullable: true, description: 'Having any of these roles' })
  @IsOptional()
  @IsEnum(StaffRole, { each: true })
  roles?: StaffRole[];

  @Field({ nullable: true, description: 'true: active accounts only; false: deactivated ones only' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}
