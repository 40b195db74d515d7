import { Field, ID, InputType } from '@nestjs/graphql';
import { ArrayMaxSize, IsArray, Matches } from 'class-validator';
import { NameText, OptionalNotNull } from '../../common/validators.js';
import { ZONE_CODE, ZONE_CODE_MESSAGE } from './create-zone.input.js';

/** Changes only the fields given. */
@InputType()
export class UpdateZoneInput {
  @Field({ nullable: true, description: 'Upper-case letters, digits and underscores, e.g. SOUTHSIDE' })
  @OptionalNotNull()
  @Matches(ZONE_CODE, { message: ZONE_CODE_MESSAGE })
  code?: string;

  @Field({ nullable: true })
  @OptionalNotNull()
  @NameText()
  name?: string;

  @Field(() => [ID], {
    nullable: true,
    description: 'Zones bordering this one, whose responders an alert here may reach too; replaces the list',
  })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(50)
  neighbourIds?: string[];
}
