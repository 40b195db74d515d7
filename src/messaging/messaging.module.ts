import { Module } from '@nestjs/common';

/** API side of messaging: outbound pipeline (producers), webhooks, messages and inbox GraphQL. */
@Module({})
export class MessagingModule {}
