import { Field, InputType } from '@nestjs/graphql';
import { Matches } from 'class-validator';
import { NameText } from '../../common/validators.js';

export const ZONE_CODE = /^[A-Z][A-Z0-9_]{1,31}$/;
export const ZONE_CODE_MESSAGE = 'must be 2–32 upper-case letters, digits or underscores';

@InputType()
export class CreateZoneInput {
  @Field({ description: 'Upper-case letters, digits and underscores, e.g. SOUTHSIDE' })
  @Matches(ZONE_CODE, { message: ZONE_CODE_MESSAGE })
  code!: string;

  @Field()
  @NameText()
  name!: string;
}
