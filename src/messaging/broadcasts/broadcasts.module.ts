import { Module } from '@nestjs/common';

/** Broadcasts (API side): sendBroadcast, broadcast, cancelBroadcast, broadcastProgress. */
@Module({})
export class BroadcastsModule {}
