import { Field, InputType } from '@nestjs/graphql';
import { Matches } from 'class-validator';
import { NameText } from '../../common/validators.js';

@InputType()
export class CreateZoneInput {
  @Field({ description: 'Upper-case letters, digits and underscores, e.g. SOUTHSIDE' })
  @Matches(/^[A-Z][A-Z0-9_]{1,31}$/, { message: 'must be 2–32 upper-case letters, digits or underscores' })
  code!: string;

  @Field()
  @NameText()
  name!: string;
}
