import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentUser, Roles } from '../auth/auth.decorators.js';
import type { StaffUser } from '../auth/staff-user.entity.js';
import { CreateZoneInput } from './dto/create-zone.input.js';
import { Zone } from './zone.entity.js';
import { ZonesService } from './zones.service.js';

@Resolver(() => Zone)
export class ZonesResolver {
  constructor(private readonly service: ZonesService) {}

  @Query(() => [Zone])
  zones(@CurrentUser() user: StaffUser): Promise<Zone[]> {
    return this.service.visibleTo(user);
  }

  @Roles() // ADMIN only
  @Mutation(() => Zone)
  createZone(@Args('input') input: CreateZoneInput): Promise<Zone> {
    return this.service.create(input);
  }
}
