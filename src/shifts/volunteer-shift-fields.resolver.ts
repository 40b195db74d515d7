import { Args, Context, ID, Int, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CurrentUser, Roles } from '../auth/auth.decorators.js';
import { StaffRole, type StaffUser } from '../auth/staff-user.entity.js';
import { RequestLoaders } from '../common/request-loaders.js';
import { Volunteer } from '../volunteers/volunteer.entity.js';
import { VolunteersService } from '../volunteers/volunteers.service.js';
import { CalendarFeeds } from './calendar/calendar-feeds.service.js';

/** Who may read and reissue a volunteer's calendar link: it shows where and when they will be. */
const CALENDAR_ROLES: readonly StaffRole[] = [StaffRole.ADMIN, StaffRole.COORDINATOR];

/** What shifts add to a volunteer: their no-shows and calendar feed. */
@Resolver(() => Volunteer)
export class VolunteerShiftFieldsResolver {
  private readonly noShowLoaders = new RequestLoaders<string, number>(async (ids) => {
    const rows: { volunteer_id: string; no_shows: number }[] = await this.dataSource.query(
      `SELECT volunteer_id, count(*)::int AS no_shows FROM signups
        WHERE volunteer_id = ANY($1::uuid[]) AND status = 'NO_SHOW' GROUP BY volunteer_id`,
      [ids],
    );
    const byId = new Map(rows.map((row) => [row.volunteer_id, row.no_shows]));
    return ids.map((id) => byId.get(id) ?? 0);
  });

  private readonly calendarLinkLoaders = new RequestLoaders<string, string | null>((ids) =>
    this.calendarFeeds.existingLinks(ids),
  );

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly calendarFeeds: CalendarFeeds,
    private readonly volunteers: VolunteersService,
  ) {}

  @ResolveField(() => Int, {
    description: 'Shifts they were confirmed on and did not come to (NO_SHOW_LIMIT stops claims by SMS)',
  })
  noShowCount(@Parent() volunteer: Volunteer, @Context() context: object): Promise<number> {
    return this.noShowLoaders.load(context, volunteer.id);
  }

  @ResolveField(() => String, {
    nullable: true,
    description:
      'Their iCalendar feed of confirmed shifts (what CAL texts them); null until first issued, and for roles ' +
      'that may not read it',
  })
  calendarUrl(
    @Parent() volunteer: Volunteer,
    @CurrentUser() user: StaffUser,
    @Context() context: object,
  ): Promise<string | null> | null {
    return CALENDAR_ROLES.includes(user.role) ? this.calendarLinkLoaders.load(context, volunteer.id) : null;
  }

  @Roles(StaffRole.COORDINATOR)
  @Mutation(() => Volunteer, {
    description: 'Issues the volunteer a new calendar link: the old one stops working at once',
  })
  async revokeCalendarFeed(
    @CurrentUser() user: StaffUser,
    @Args('volunteerId', { type: () => ID }) volunteerId: string,
  ): Promise<Volunteer> {
    const volunteer = await this.volunteers.get(user, volunteerId);
    await this.calendarFeeds.revoke(volunteer.id);
    return volunteer;
  }
}
