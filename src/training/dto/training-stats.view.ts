import { Field, Float, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType()
export class LanguageTrainingStats {
  @Field()
  language!: string;

  @Field(() => Int, { description: 'Sessions held in this language (a bilingual session counts for both)' })
  sessions!: number;

  @Field(() => Int)
  attendees!: number;
}

/** Sessions held (COMPLETED) that started in [from, to), within the zone or the user's zones. */
@ObjectType()
export class TrainingStats {
  @Field(() => GraphQLISODateTime)
  from!: Date;

  @Field(() => GraphQLISODateTime)
  to!: Date;

  @Field(() => ID, { nullable: true })
  zoneId!: string | null;

  @Field(() => Int)
  sessionsHeld!: number;

  @Field(() => Int, { description: 'People who came: registered attendees marked as come, plus walk-ins' })
  attendees!: number;

  @Field(() => Int, { description: 'Registrations' })
  registered!: number;

  @Field(() => Int)
  walkIns!: number;

  @Field(() => [LanguageTrainingStats])
  languages!: LanguageTrainingStats[];

  @Field(() => Int, { description: "Seats of the sessions' shifts" })
  shiftSeats!: number;

  @Field(() => Int, { description: 'Seats taken: signups CONFIRMED, ATTENDED or NO_SHOW' })
  shiftSeatsFilled!: number;

  @Field(() => Float, { nullable: true, description: 'shiftSeatsFilled / shiftSeats; null without shifts' })
  shiftFillRate!: number | null;

  @Field(() => Int, { description: 'Signups checked in (ATTENDED)' })
  shiftAttended!: number;

  @Field(() => Int, { description: 'Signups marked NO_SHOW' })
  noShows!: number;

  @Field(() => Float, {
    nullable: true,
    description: 'noShows / (shiftAttended + noShows); null when no signup has an outcome',
  })
  noShowRate!: number | null;
}
