import { ProtectedDataModule } from '../protected-data/protected-data.module.js';
import { Module } from '@nestjs/common';
import { AcceptedSends } from './outbound/accepted-sends.js';
import { OutboundQueueModule } from './outbound/outbound-queue.module.js';
import { OutboundSmsProcessor } from './outbound/outbound-sms.processor.js';
import { OutboxReconciler } from './outbound/outbox-reconciler.js';
import { ReadyClaims } from './outbound/ready-claims.js';
import { smsTransportProvider } from './outbound/sms-transport.provider.js';

/** Worker side of messaging: the SMS sender processor and the outbox reconciler. */
@Module({
  imports: [OutboundQueueModule, ProtectedDataModule],
  providers: [smsTransportProvider, AcceptedSends, ReadyClaims, OutboundSmsProcessor, OutboxReconciler],
})
export class MessagingWorkerModule {}
