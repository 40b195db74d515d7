import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentUser, Roles } from '../auth/auth.decorators.js';
import type { StaffUser } from '../auth/staff-user.entity.js';
import { CreateZoneInput } from './dto/create-zone.input.js';
import { UpdateZoneInput } from './dto/update-zone.input.js';
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

  @Roles() // ADMIN only
  @Mutation(() => Zone, { description: 'Changes exactly the fields given' })
  updateZone(
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: UpdateZoneInput,
  ): Promise<Zone> {
    return this.service.update(id, input);
  }

  @ResolveField(() => [Zone], {
    description: 'Zones bordering this one (an alert here may reach their responders)',
  })
  neighbours(@Parent() zone: Zone, @Context() context: object): Promise<Zone[]> {
    return this.service.neighboursOf(zone.id, context);
  }
}
