import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ZoneNeighbour } from './zone-neighbour.entity.js';
import { Zone } from './zone.entity.js';
import { ZonesResolver } from './zones.resolver.js';
import { ZonesService } from './zones.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([Zone, ZoneNeighbour])],
  providers: [ZonesService, ZonesResolver],
  exports: [ZonesService],
})
export class ZonesModule {}
