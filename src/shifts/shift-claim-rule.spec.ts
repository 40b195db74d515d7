import { Skill, VolunteerStatus } from '../volunteers/volunteer.entity.js';
import { claimRefusal } from './shift-claim-rule.js';

const LIMIT = 2;

describe('who may claim a shift', () => {
  const shift = {
    startsAt: new Date('2030-03-09T16:00:00Z'),
    endsAt: new Date('2030-03-09T18:00:00Z'),
    zoneId: 'south',
    requiredSkill: Skill.INTERPRETER,
    requiredLanguage: 'es',
  };
  const fitting = {
    status: VolunteerStatus.ACTIVE,
    zoneIds: ['north', 'south'],
    skills: [Skill.DRIVER, Skill.INTERPRETER],
    languages: ['en', 'es'],
    noShows: 0,
  };
  const before = new Date('2030-03-09T15:00:00Z');
  const during = new Date('2030-03-09T17:00:00Z');
  const after = new Date('2030-03-09T18:00:00Z');

  it('lets an active volunteer who fits claim before the start', () => {
    expect(claimRefusal(shift, fitting, 'volunteer', before, LIMIT)).toBeNull();
  });

  it.each([
    ['outside their zones', { zoneIds: ['north'] }],
    ['without the skill', { skills: [Skill.DRIVER] }],
    ['without the language', { languages: ['en'] }],
  ])('refuses a volunteer %s', (_case, change) => {
    expect(claimRefusal(shift, { ...fitting, ...change }, 'volunteer', before, LIMIT)).toBe('not_fitting');
  });

  it('needs no skill or language when the shift requires none', () => {
    const open = { ...shift, requiredSkill: null, requiredLanguage: null };
    expect(
      claimRefusal(open, { ...fitting, skills: [], languages: [] }, 'volunteer', before, LIMIT),
    ).toBeNull();
  });

  it('refuses a volunteer once the shift has started, and everyone once it has ended', () => {
    expect(claimRefusal(shift, fitting, 'volunteer', during, LIMIT)).toBe('started');
    expect(claimRefusal(shift, fitting, 'volunteer', after, LIMIT)).toBe('ended');
    expect(claimRefusal(shift, fitting, 'coordinator', after, LIMIT)).toBe('ended');
  });

  it('lets a coordinator assign anyone active, fitting or not, to a shift under way', () => {
    expect(
      claimRefusal(shift, { ...fitting, zoneIds: [], skills: [] }, 'coordinator', during, LIMIT),
    ).toBeNull();
    for (const status of [VolunteerStatus.PAUSED, VolunteerStatus.INACTIVE]) {
      expect(claimRefusal(shift, { ...fitting, status }, 'coordinator', before, LIMIT)).toBe('inactive');
      expect(claimRefusal(shift, { ...fitting, status }, 'volunteer', before, LIMIT)).toBe('inactive');
    }
  });

  it('refuses a claim by SMS, not a coordinator, once the volunteer reached the no-show limit', () => {
    expect(claimRefusal(shift, { ...fitting, noShows: LIMIT - 1 }, 'volunteer', before, LIMIT)).toBeNull();
    expect(claimRefusal(shift, { ...fitting, noShows: LIMIT }, 'volunteer', before, LIMIT)).toBe(
      'no_show_limit',
    );
    expect(claimRefusal(shift, { ...fitting, noShows: LIMIT }, 'coordinator', before, LIMIT)).toBeNull();
  });
});
