import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ZoneNeighbour } from './zone-neighbour.entity.js';
import { Zone } from './zone.entity.js';
import { ZonesService } from './zones.service.js';

/** Zones without their GraphQL resolver: what the worker needs (it loads no API module). */
@Module({
  imports: [TypeOrmModule.forFeature([Zone, ZoneNeighbour])],
  providers: [ZonesService],
  exports: [ZonesService],
})
export class ZonesServiceModule {}
