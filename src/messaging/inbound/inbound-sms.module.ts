import { Module } from '@nestjs/common';

/** Inbound texts: the signed webhook, the command registry and the messaging module's own commands. */
@Module({})
export class InboundSmsModule {}
