import { Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEnum,
  IsString,
  IsUUID,
  Matches,
  ValidateNested,
} from 'class-validator';
import { Skill } from '../../../volunteers/volunteer.entity.js';

const LANGUAGE_CODE = /^[a-z]{2,3}$/;

/** Bodies are checked by BroadcastsService (at most three segments, after GSM normalisation), per language. */
@InputType({ description: 'The text for volunteers whose preferred language is `language`' })
export class LanguageBodyInput {
  @Field({ description: 'A language code such as es' })
  @Matches(LANGUAGE_CODE, { message: 'must be a language code such as en or es' })
  language!: string;

  @Field()
  @IsString()
  body!: string;
}

@InputType()
export class SendBroadcastInput {
  @Field({ description: 'The text, for volunteers whose language has no variant in bodyByLanguage' })
  @IsString()
  body!: string;

  @Field(() => [LanguageBodyInput], { defaultValue: [] })
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => LanguageBodyInput)
  bodyByLanguage: LanguageBodyInput[] = [];

  @Field(() => [ID], {
    defaultValue: [],
    description: 'Volunteers in any of these zones; empty means every zone you coordinate',
  })
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true, message: 'must hold zone ids' })
  zoneIds: string[] = [];

  @Field(() => [Skill], { defaultValue: [], description: 'Volunteers having all of these skills' })
  @IsArray()
  @IsEnum(Skill, { each: true })
  skills: Skill[] = [];

  @Field(() => [String], { defaultValue: [], description: 'Volunteers speaking any of these languages' })
  @IsArray()
  @ArrayMaxSize(20)
  @Matches(LANGUAGE_CODE, { each: true, message: 'must hold language codes such as en or es' })
  languages: string[] = [];

  @Field({ defaultValue: false, description: 'Rapid response: sent during quiet hours too' })
  @IsBoolean()
  urgent: boolean = false;
}
