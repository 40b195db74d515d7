import { StaffRole, type StaffUser } from '../auth/staff-user.entity.js';
import { DomainError } from '../common/domain-error.js';
import type { Zone } from '../zones/zone.entity.js';
import {
  mayRunTrainingEvent,
  maySeeTrainingEvent,
  runnableTrainingEventOrFail,
} from './training-event-access.js';

const staff = (id: string, role: StaffRole, ...zoneIds: string[]) =>
  ({ id, role, zones: zoneIds.map((zoneId) => ({ id: zoneId }) as Zone) }) as StaffUser;
const event = { zoneId: 'south', trainerId: 'ana' };

describe('training event access', () => {
  it('lets a trainer run their own events only, coordinators and admins every event they see', () => {
    expect(mayRunTrainingEvent(staff('ana', StaffRole.TRAINER), event)).toBe(true);
    expect(mayRunTrainingEvent(staff('bo', StaffRole.TRAINER), event)).toBe(false);
    expect(maySeeTrainingEvent(staff('bo', StaffRole.TRAINER), event)).toBe(true);
    expect(mayRunTrainingEvent(staff('cy', StaffRole.COORDINATOR), event)).toBe(true);
    expect(mayRunTrainingEvent(staff('di', StaffRole.ADMIN, 'north'), event)).toBe(true);
  });

  it('keeps zone-limited staff to their zones, even a trainer with their own event', () => {
    expect(maySeeTrainingEvent(staff('cy', StaffRole.COORDINATOR, 'north'), event)).toBe(false);
    expect(mayRunTrainingEvent(staff('ana', StaffRole.TRAINER, 'north'), event)).toBe(false);
    expect(mayRunTrainingEvent(staff('ana', StaffRole.TRAINER, 'north', 'south'), event)).toBe(true);
  });

  it('answers NOT_FOUND for a missing or unseen event and FORBIDDEN for another trainer’s', () => {
    const codeOf = (run: () => unknown) => {
      try {
        run();
        return null;
      } catch (error) {
        return (error as DomainError).code;
      }
    };
    expect(codeOf(() => runnableTrainingEventOrFail(staff('ana', StaffRole.TRAINER), null, 'x'))).toBe(
      'NOT_FOUND',
    );
    expect(
      codeOf(() => runnableTrainingEventOrFail(staff('cy', StaffRole.COORDINATOR, 'north'), event, 'x')),
    ).toBe('NOT_FOUND');
    expect(codeOf(() => runnableTrainingEventOrFail(staff('bo', StaffRole.TRAINER), event, 'x'))).toBe(
      'FORBIDDEN',
    );
    expect(runnableTrainingEventOrFail(staff('ana', StaffRole.TRAINER), event, 'x')).toBe(event);
  });
});
