import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { IsEnum, IsOptional, IsString, MaxLength } from 'class-validator';
import { MessageDirection, MessageStatus } from '../message.entity.js';

@InputType()
export class MessageFilter {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  volunteerId?: string;

  @Field(() => MessageDirection, { nullable: true })
  @IsOptional()
  @IsEnum(MessageDirection)
  direction?: MessageDirection;

  @Field(() => MessageStatus, { nullable: true })
  @IsOptional()
  @IsEnum(MessageStatus)
  status?: MessageStatus;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  broadcastId?: string;
}

@ArgsType()
export class SendMessageArgs {
  @Field(() => ID)
  @IsString()
  volunteerId!: string;

  @Field({ description: 'At most three SMS segments (459 GSM-7 characters, or 201 with accents or emoji)' })
  @MaxLength(1600, { message: 'must be at most three SMS segments' })
  body!: string;
}
