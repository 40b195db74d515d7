import { Module } from '@nestjs/common';

/** Worker side of messaging: the SMS sender processor and the outbox reconciler. */
@Module({})
export class MessagingWorkerModule {}
