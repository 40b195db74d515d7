import { Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsEnum, IsString, ValidateNested } from 'class-validator';
import { LanguageCode, LanguageCodes } from '../../../common/validators.js';
import { Skill } from '../../../volunteers/volunteer.entity.js';

/** Bodies are checked by BroadcastsService (at most three segments, after GSM normalisation), per language. */
@InputType({ description: 'The text for volunteers whose preferred language is `language`' })
export class LanguageBodyInput {
  @Field({ description: 'A language code such as es' })
  @LanguageCode()
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
  zoneIds: string[] = [];

  @Field(() => [Skill], { defaultValue: [], description: 'Volunteers having all of these skills' })
  @IsArray()
  @IsEnum(Skill, { each: true })
  skills: Skill[] = [];

  @Field(() => [Skill], { defaultValue: [], description: 'Volunteers having at least one of these skills' })
  @IsArray()
  @IsEnum(Skill, { each: true })
  anySkills: Skill[] = [];

  @Field(() => [String], { defaultValue: [], description: 'Volunteers speaking any of these languages' })
  @IsArray()
  @ArrayMaxSize(20)
  @LanguageCodes()
  languages: string[] = [];

  @Field({ defaultValue: false, description: 'Rapid response: sent during quiet hours too' })
  @IsBoolean()
  urgent: boolean = false;
}
