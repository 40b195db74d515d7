import type { EntityManager } from 'typeorm';
import { DomainError } from '../common/domain-error.js';
import { StaffRole } from './staff-user.entity.js';

/**
 * The network keeps at least one active admin: no change (a demotion, a deactivation) may take the last one out.
 * A change that could locks the active admins first, always in id order and before any other row, so two admins
 * removing each other at once neither both succeed nor deadlock.
 */

export const LAST_ADMIN = 'the network needs at least one active ADMIN';

/** The ids of the active admins, locked until the transaction ends. */
export async function lockActiveAdmins(manager: EntityManager): Promise<string[]> {
  const admins: { id: string }[] = await manager.query(
    `SELECT id FROM staff_users WHERE role = $1 AND deactivated_at IS NULL ORDER BY id FOR UPDATE`,
    [StaffRole.ADMIN],
  );
  return admins.map((admin) => admin.id);
}

/** A field error on `field` when `userId` is the only one of the active admins (as lockActiveAdmins read them). */
export function assertNotLastAdmin(activeAdminIds: string[], userId: string, field: string): void {
  if (activeAdminIds.includes(userId) && activeAdminIds.length === 1)
    throw DomainError.badInput(field, LAST_ADMIN);
}
