import { SmsStatus, VolunteerStatus } from '../../volunteers/volunteer.entity.js';
import { broadcastAudience } from './broadcast-audiences.js';
import type { Broadcast } from './broadcast.entity.js';

export type Segment = Pick<Broadcast, 'zoneIds' | 'skills' | 'anySkills' | 'languages'> &
  Partial<Pick<Broadcast, 'audience' | 'audienceParams'>>;

export interface SqlCondition {
  /** A boolean SQL expression over `volunteers v`, with `$n` placeholders. */
  where: string;
  params: unknown[];
}

/**
 * The recipients of a segment whose id comes after `afterId` (the fan-out walks volunteers in id order): active,
 * subscribed, in any of its zones, with all of its `skills` and at least one of its `anySkills`, speaking any of
 * its languages, and among the ids its audience returns when it has one. An empty criterion does not narrow.
 */
export function recipientsAfter(segment: Segment, afterId: string | null): SqlCondition {
  const params: unknown[] = [VolunteerStatus.ACTIVE, SmsStatus.SUBSCRIBED];
  const param = (value: unknown) => `$${params.push(value)}`;
  const conditions = ['v.status = $1', 'v.sms_status = $2'];
  if (afterId) conditions.push(`v.id > ${param(afterId)}::uuid`);
  if (segment.zoneIds.length > 0) {
    conditions.push(
      'EXISTS (SELECT 1 FROM volunteer_zones vz ' +
        `WHERE vz.volunteers_id = v.id AND vz.zones_id = ANY(${param(segment.zoneIds)}::uuid[]))`,
    );
  }
  if (segment.skills.length > 0) conditions.push(`v.skills @> ${param(segment.skills)}::text[]`);
  if (segment.anySkills.length > 0) conditions.push(`v.skills && ${param(segment.anySkills)}::text[]`);
  if (segment.languages.length > 0) conditions.push(`v.languages && ${param(segment.languages)}::text[]`);
  if (segment.audience) {
    const audience = broadcastAudience(segment.audience);
    conditions.push(`v.id IN (${audience.volunteerIdsSql(segment.audienceParams ?? {}, param)})`);
  }
  return { where: conditions.join(' AND '), params };
}
