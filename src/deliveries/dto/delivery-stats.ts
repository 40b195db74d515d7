import { ArgsType, Field, Float, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { IsOptional } from 'class-validator';
import { NotNull, Timestamp } from '../../common/validators.js';
import { Zone } from '../../zones/zone.entity.js';
import { DeliveryStatus } from '../delivery-request.entity.js';

@ArgsType()
export class DeliveryStatsArgs {
  @Field(() => GraphQLISODateTime, { description: 'Requests taken from this time on' })
  @NotNull()
  @Timestamp()
  from!: Date;

  @Field(() => GraphQLISODateTime, { description: 'Requests taken before this time; after `from`' })
  @NotNull()
  @Timestamp()
  to!: Date;

  @Field(() => ID, { nullable: true, description: 'One zone; every zone you coordinate when left out' })
  @IsOptional()
  zoneId?: string | null;
}

@ObjectType()
export class DeliveryStatusCount {
  @Field(() => DeliveryStatus)
  status!: DeliveryStatus;

  @Field(() => Int)
  count!: number;
}

@ObjectType({
  description:
    'One zone’s requests taken (created) in the window: where they are now, and how fast they moved. Times are ' +
    'minutes from intake; null when no request of the window got that far.',
})
export class ZoneDeliveryStats {
  @Field(() => Zone)
  zone!: Zone;

  @Field(() => Int, { description: 'Requests taken in the window' })
  requests!: number;

  @Field(() => [DeliveryStatusCount], { description: 'Every status, with how many of them are in it now' })
  byStatus!: DeliveryStatusCount[];

  @Field(() => Float, { nullable: true })
  medianMinutesToAssignment!: number | null;

  @Field(() => Float, { nullable: true })
  p90MinutesToAssignment!: number | null;

  @Field(() => Float, { nullable: true })
  medianMinutesToDelivery!: number | null;

  @Field(() => Float, { nullable: true })
  p90MinutesToDelivery!: number | null;

  @Field(() => Int, { description: 'Past their deliver-by now, and neither delivered nor cancelled' })
  overdue!: number;

  @Field(() => Int, { description: 'Offers of the zone’s requests declined (NO) in the window' })
  declined!: number;

  @Field(() => Int, { description: 'Offers of the zone’s requests that expired unanswered in the window' })
  expired!: number;
}
