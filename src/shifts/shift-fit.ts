import type { Skill } from '../volunteers/volunteer.entity.js';

/** What the fit rule reads of a volunteer. */
export interface VolunteerProfile {
  zoneIds: string[];
  skills: Skill[];
  languages: string[];
}

/**
 * Whether a shift fits a volunteer: in one of their zones, and their skills and languages cover what it requires.
 * One rule, in two forms: this predicate (a claim by SMS) and fitsVolunteerSql (the SHIFTS listing).
 */
export function shiftFits(
  shift: { zoneId: string; requiredSkill: Skill | null; requiredLanguage: string | null },
  volunteer: VolunteerProfile,
): boolean {
  return (
    volunteer.zoneIds.includes(shift.zoneId) &&
    (shift.requiredSkill === null || volunteer.skills.includes(shift.requiredSkill)) &&
    (shift.requiredLanguage === null || volunteer.languages.includes(shift.requiredLanguage))
  );
}

/** shiftFits over shift alias `s`, for a volunteer whose zone ids, skills and languages are the given parameters. */
export function fitsVolunteerSql(params: { zoneIds: string; skills: string; languages: string }): string {
  return `s.zone_id = ANY(${params.zoneIds}::uuid[])
    AND (s.required_skill IS NULL OR s.required_skill = ANY(${params.skills}::text[]))
    AND (s.required_language IS NULL OR s.required_language = ANY(${params.languages}::text[]))`;
}
