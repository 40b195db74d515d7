import { Field, GraphQLISODateTime, Int, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'One of the texts a broadcast would send, as it would be sent' })
export class BroadcastTextPreview {
  @Field(() => String, {
    nullable: true,
    description: 'The bodyByLanguage variant; null for the default body',
  })
  language!: string | null;

  @Field({ description: 'The text after GSM-friendly normalisation' })
  body!: string;

  @Field(() => Int, { description: 'SMS segments each copy costs' })
  segments!: number;

  @Field({ description: 'GSM-7 or UCS-2 (a character outside GSM-7 makes the whole text UCS-2)' })
  encoding!: string;

  @Field(() => Int, { description: 'Recipients who would get this text' })
  recipients!: number;
}

@ObjectType({ description: 'What sendBroadcast would do with the same input, now; nothing is written' })
export class BroadcastPreview {
  @Field(() => Int, { description: 'Active, subscribed volunteers of the segment' })
  recipients!: number;

  @Field(() => Int, { description: 'SMS segments of all the texts together' })
  segments!: number;

  @Field(() => [BroadcastTextPreview], { description: 'The default body first, then each variant' })
  texts!: BroadcastTextPreview[];

  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: 'When the last text would go out at the configured throughput, quiet hours included',
  })
  eta!: Date | null;

  @Field(() => [String], { description: 'Timing problems a coordinator should know about' })
  warnings!: string[];
}
