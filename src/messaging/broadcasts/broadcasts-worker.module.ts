import { Module } from '@nestjs/common';

/** Broadcasts (worker side): the fan-out processor. */
@Module({})
export class BroadcastsWorkerModule {}
