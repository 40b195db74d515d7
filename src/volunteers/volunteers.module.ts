import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ZonesModule } from '../zones/zones.module.js';
import { Volunteer } from './volunteer.entity.js';
import { VolunteersResolver } from './volunteers.resolver.js';
import { VolunteersService } from './volunteers.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([Volunteer]), ZonesModule],
  providers: [VolunteersService, VolunteersResolver],
  exports: [VolunteersService],
})
export class VolunteersModule {}
