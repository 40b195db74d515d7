import { Module } from '@nestjs/common';
import { InitializeOnPreviewAllowlist } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PubSubModule } from '../../graphql/pubsub.js';
import { Message } from '../message.entity.js';
import { MessagingModule } from '../messaging.module.js';
import { BaseSmsCommands } from './base-sms-commands.js';
import { CommandRegistry } from './command-registry.js';
import { InboundCommandQueue } from './inbound-command-queue.js';
import { InboundRetrySweeper } from './inbound-retry.sweeper.js';
import { InboundSmsController } from './inbound-sms.controller.js';
import { InboundSmsService } from './inbound-sms.service.js';
import { InboxEvents } from './inbox-events.js';
import { InboxResolver } from './inbox.resolver.js';
import { InboxService } from './inbox.service.js';
import { MineSections } from './mine-sections.js';
import { simulateInboundSmsResolverProvider } from './simulate-inbound-sms.resolver.js';

/**
 * The command registry, the messaging module's own commands, the inbound path they run in, and the sections of the
 * MINE reply that feature modules register.
 */
@Module({
  imports: [MessagingModule, PubSubModule],
  providers: [CommandRegistry, BaseSmsCommands, InboundSmsService, InboxEvents, MineSections],
  exports: [CommandRegistry, InboundSmsService, InboxEvents, MineSections, PubSubModule],
})
class InboundPipelineModule {}

/**
 * The `simulateInboundSms` resolver, present only with the `log` transport (see its provider). Nest builds no
 * providers when it previews a module graph, which is how `print-schema` gets the schema; this module is
 * initialised even then (as Nest's GraphQL module is), so that the printed schema has the mutation too.
 */
@Module({ imports: [InboundPipelineModule], providers: [simulateInboundSmsResolverProvider] })
class SmsSimulatorModule {}
InitializeOnPreviewAllowlist.add(SmsSimulatorModule);

/**
 * Inbound texts: the signed webhook, the command registry and the messaging module's own commands, the
 * coordinators' inbox, the retry sweep and the `log`-transport simulator. Feature modules import this module and
 * register their commands with CommandRegistry in onModuleInit.
 */
@Module({
  imports: [TypeOrmModule.forFeature([Message]), InboundPipelineModule, SmsSimulatorModule],
  controllers: [InboundSmsController],
  providers: [InboundCommandQueue, InboundRetrySweeper, InboxService, InboxResolver],
  exports: [InboundPipelineModule],
})
export class InboundSmsModule {}
