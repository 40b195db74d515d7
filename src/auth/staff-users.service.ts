import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { hashPassword } from './password-hash.js';
import { DataSource, IsNull, type EntityManager, type Repository } from 'typeorm';
import { AuditAction } from '../audit/audit-entry.entity.js';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import type { ConnectionShape } from '../common/pagination/connection.js';
import { paginate } from '../common/pagination/paginate.js';
import type { RequestLoaders } from '../common/request-loaders.js';
import { isUniqueViolation } from '../database/postgres-errors.js';
import type { Zone } from '../zones/zone.entity.js';
import { zonesLoader } from '../zones/zones-loader.js';
import { ZonesService } from '../zones/zones.service.js';
import type { CreateStaffUserInput, StaffUserFilter, UpdateStaffUserInput } from './dto/staff-user.input.js';
import { assertNotLastAdmin, lockActiveAdmins } from './last-admin.js';
import { assertPasswordAllowed, checkedEmail } from './staff-credentials.js';
import { StaffRole, StaffUser } from './staff-user.entity.js';

/** The `subjectType` of audit entries about staff accounts. */
export const STAFF_USER_SUBJECT = 'staff_user';

/** Staff accounts as admins manage them (the resolver lets ADMIN alone in); each change is audited. */
@Injectable()
export class StaffUsersService {
  private readonly zoneLoaders: RequestLoaders<string, Zone[]>;

  constructor(
    @InjectRepository(StaffUser) private readonly users: Repository<StaffUser>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly zones: ZonesService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {
    this.zoneLoaders = zonesLoader(users);
  }

  /** By email. */
  list(
    filter: StaffUserFilter = {},
    page: { first: number; after?: string | null },
  ): Promise<ConnectionShape<StaffUser>> {
    const query = this.users.createQueryBuilder('s');
    if (filter.roles?.length) query.andWhere('s.role IN (:...roles)', { roles: filter.roles });
    if (filter.active === true) query.andWhere('s.deactivatedAt IS NULL');
    if (filter.active === false) query.andWhere('s.deactivatedAt IS NOT NULL');
    return paginate(query, { ...page, sortColumn: 's.email', sortValueOf: (user) => user.email });
  }

  /** The active TRAINER accounts, by name: whom a coordinator may name as a training event's trainer. */
  activeTrainers(): Promise<StaffUser[]> {
    return this.users.find({
      where: { role: StaffRole.TRAINER, deactivatedAt: IsNull() },
      order: { name: 'ASC', email: 'ASC' },
    });
  }

  /** The user's zones: loaded already (the signed-in user), or those of the page's users in one statement. */
  zonesOf(user: StaffUser, requestContext: object): Promise<Zone[]> | Zone[] {
    return user.zones ?? this.zoneLoaders.load(requestContext, user.id);
  }

  async create(admin: StaffUser, input: CreateStaffUserInput): Promise<StaffUser> {
    const email = checkedEmail(input.email);
    assertPasswordAllowed(input.password);
    const zones = await this.zones.findAllOrFail(input.zoneIds, 'zoneIds');
    const passwordHash = await hashPassword(input.password);
    try {
      return await this.dataSource.transaction(async (manager) => {
        const user = await manager.save(
          manager.create(StaffUser, {
            email,
            name: input.name,
            passwordHash,
            role: input.role,
            zones,
            tokenVersion: 0,
            deactivatedAt: null,
          }),
        );
        await this.recordChange(manager, admin, AuditAction.CREATE, user.id, [
          'email',
          'name',
          'role',
          'zoneIds',
        ]);
        return user;
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw DomainError.badInput('email', 'already has a staff account');
      throw error;
    }
  }

  /** Changes exactly the fields given; the last active admin keeps the ADMIN role. */
  async update(admin: StaffUser, id: string, input: UpdateStaffUserInput): Promise<StaffUser> {
    const zones =
      input.zoneIds === undefined ? undefined : await this.zones.findAllOrFail(input.zoneIds, 'zoneIds');
    return this.dataSource.transaction(async (manager) => {
      const activeAdmins = input.role === undefined ? [] : await lockActiveAdmins(manager);
      const user = await this.lockOrFail(manager, id);
      const changed: string[] = [];
      if (input.role !== undefined && input.role !== user.role) {
        assertNotLastAdmin(activeAdmins, user.id, 'role');
        user.role = input.role;
        changed.push('role');
      }
      if (input.name !== undefined && input.name !== user.name) {
        user.name = input.name;
        changed.push('name');
      }
      if (zones !== undefined && !sameIds(zones, user.zones)) {
        user.zones = zones;
        changed.push('zoneIds');
      }
      if (changed.length === 0) return user;
      const saved = await manager.save(user);
      await this.recordChange(manager, admin, AuditAction.UPDATE, id, changed);
      return saved;
    });
  }

  /**
   * The account can no longer sign in, and its tokens stop working at their next request. An admin cannot
   * deactivate their own account, nor the last active admin. Deactivating twice changes nothing.
   */
  async deactivate(admin: StaffUser, id: string): Promise<StaffUser> {
    if (id === admin.id) throw DomainError.badInput('id', 'you cannot deactivate your own account');
    return this.dataSource.transaction(async (manager) => {
      const activeAdmins = await lockActiveAdmins(manager);
      const user = await this.lockOrFail(manager, id);
      if (user.deactivatedAt !== null) return user;
      assertNotLastAdmin(activeAdmins, user.id, 'id');
      user.deactivatedAt = this.clock.now();
      user.tokenVersion += 1;
      const saved = await manager.save(user);
      await this.recordChange(manager, admin, AuditAction.DEACTIVATE, id, ['deactivatedAt']);
      return saved;
    });
  }

  /** Sets a new password; every token issued before stops working (the admin's own too, for their own account). */
  async resetPassword(admin: StaffUser, id: string, password: string): Promise<StaffUser> {
    assertPasswordAllowed(password);
    const passwordHash = await hashPassword(password);
    return this.dataSource.transaction(async (manager) => {
      const user = await this.lockOrFail(manager, id);
      user.passwordHash = passwordHash;
      user.tokenVersion += 1;
      const saved = await manager.save(user);
      await this.recordChange(manager, admin, AuditAction.RESET_PASSWORD, id, ['password']);
      return saved;
    });
  }

  /** The account under a row lock, with its zones (one statement each). */
  private async lockOrFail(manager: EntityManager, id: string): Promise<StaffUser> {
    const locked = await manager
      .createQueryBuilder(StaffUser, 's')
      .setLock('pessimistic_write')
      .where('s.id = :id', { id })
      .getOne();
    if (!locked) throw DomainError.notFound('Staff user', id);
    locked.zones = await manager.createQueryBuilder().relation(StaffUser, 'zones').of(id).loadMany<Zone>();
    return locked;
  }

  private recordChange(
    manager: EntityManager,
    admin: StaffUser,
    action: AuditAction,
    id: string,
    fields: string[],
  ): Promise<void> {
    return this.audit.recordChange(manager, admin, action, STAFF_USER_SUBJECT, id, fields);
  }
}

function sameIds(a: { id: string }[], b: { id: string }[]): boolean {
  const ids = new Set(a.map((item) => item.id));
  return a.length === b.length && b.every((item) => ids.has(item.id));
}
