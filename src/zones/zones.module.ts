import { Module } from '@nestjs/common';
import { ZonesResolver } from './zones.resolver.js';
import { ZonesServiceModule } from './zones-service.module.js';

@Module({
  imports: [ZonesServiceModule],
  providers: [ZonesResolver],
  exports: [ZonesServiceModule],
})
export class ZonesModule {}
