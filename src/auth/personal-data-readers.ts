import { StaffRole, type StaffUser } from './staff-user.entity.js';

/**
 * Who may be shown personal contact data: volunteers' phone numbers (and search by them), and a delivery request's
 * address, family phone and notes (each read audited). ADMIN and COORDINATOR; a TRAINER sees rosters without them.
 */
export function canReadPersonalData(user: StaffUser): boolean {
  return user.role === StaffRole.ADMIN || user.role === StaffRole.COORDINATOR;
}
