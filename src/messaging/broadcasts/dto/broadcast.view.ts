import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { Connection } from '../../../common/pagination/connection.js';
import { Skill } from '../../../volunteers/volunteer.entity.js';
import { MessagePriority } from '../../outbound/message-priority.js';
import { BroadcastStatus } from '../broadcast.entity.js';

@ObjectType()
export class LanguageBody {
  @Field()
  language!: string;

  @Field()
  body!: string;
}

/**
 * A broadcast with its live counts. Every count comes from the broadcast's messages by status: each message is
 * in exactly one, so `total = queued + sending + sent + delivered + failed + skipped`.
 */
@ObjectType('Broadcast')
export class BroadcastView {
  @Field(() => ID)
  id!: string;

  @Field(() => BroadcastStatus)
  status!: BroadcastStatus;

  @Field({ description: 'The text for languages without a variant of their own' })
  body!: string;

  @Field(() => [LanguageBody])
  bodyByLanguage!: LanguageBody[];

  @Field(() => [ID], { description: 'Segment: volunteers in any of these zones (empty: every zone)' })
  zoneIds!: string[];

  @Field(() => [Skill], { description: 'Segment: volunteers having all of these skills' })
  skills!: Skill[];

  @Field(() => [Skill], { description: 'Segment: volunteers having at least one of these skills' })
  anySkills!: Skill[];

  @Field(() => [String], { description: 'Segment: volunteers speaking any of these languages' })
  languages!: string[];

  @Field()
  urgent!: boolean;

  @Field(() => MessagePriority, { description: 'BULK, except an alert’s dispatch (URGENT)' })
  priority!: MessagePriority;

  @Field(() => Int, { description: 'Messages written so far: every recipient, once the fan-out is done' })
  total!: number;

  @Field(() => Int, { description: 'Waiting for the sender (or for the end of quiet hours)' })
  queued!: number;

  @Field(() => Int, { description: 'Being handed to the provider right now' })
  sending!: number;

  @Field(() => Int, { description: 'Accepted by the provider, no delivery receipt yet' })
  sent!: number;

  @Field(() => Int)
  delivered!: number;

  @Field(() => Int, { description: 'Refused by the provider, or reported undelivered' })
  failed!: number;

  @Field(() => Int, { description: 'Not sent: cancelled, or the volunteer opted out before it went' })
  skipped!: number;

  @Field(() => Int, { description: 'Recipients the fan-out has yet to turn into messages' })
  awaitingFanOut!: number;

  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: 'When the last text should go out at the configured throughput, quiet hours included',
  })
  eta!: Date | null;

  @Field(() => [String], { description: 'Timing problems a coordinator should know about' })
  warnings!: string[];

  @Field(() => GraphQLISODateTime)
  createdAt!: Date;

  @Field(() => GraphQLISODateTime, { nullable: true })
  cancelledAt!: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  completedAt!: Date | null;

  /** A view published as JSON (a progress event) with its dates restored. */
  static fromJson(json: unknown): BroadcastView {
    const plain = json as Record<keyof BroadcastView, unknown>;
    const date = (value: unknown) => (typeof value === 'string' ? new Date(value) : null);
    return Object.assign(new BroadcastView(), plain, {
      eta: date(plain.eta),
      createdAt: date(plain.createdAt) as Date,
      cancelledAt: date(plain.cancelledAt),
      completedAt: date(plain.completedAt),
    });
  }
}

@ObjectType()
export class BroadcastConnection extends Connection(BroadcastView, 'Broadcast') {}
