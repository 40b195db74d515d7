import { Field, InputType } from '@nestjs/graphql';
import { Matches, MaxLength, MinLength } from 'class-validator';

@InputType()
export class CreateZoneInput {
  @Field({ description: 'Upper-case letters, digits and underscores, e.g. SOUTHSIDE' })
  @Matches(/^[A-Z][A-Z0-9_]{1,31}$/, { message: 'must be 2–32 upper-case letters, digits or underscores' })
  code!: string;

  @Field()
  @MinLength(1, { message: 'must not be empty' })
  @MaxLength(120, { message: 'must be at most 120 characters' })
  name!: string;
}
