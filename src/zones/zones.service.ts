import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { StaffRole, type StaffUser } from '../auth/staff-user.entity.js';
import { DomainError } from '../common/domain-error.js';
import { isUuid } from '../common/uuid.js';
import { isUniqueViolation } from '../database/postgres-errors.js';
import type { CreateZoneInput } from './dto/create-zone.input.js';
import { Zone } from './zone.entity.js';

@Injectable()
export class ZonesService {
  constructor(@InjectRepository(Zone) private readonly zones: Repository<Zone>) {}

  /** Zones the user may see: all of them, or only the user's own when the user is limited to zones. */
  visibleTo(user: StaffUser): Promise<Zone[]> {
    const scope = zoneScopeOf(user);
    return this.zones.find({ where: scope ? { id: In(scope) } : {}, order: { code: 'ASC' } });
  }

  async create(input: CreateZoneInput): Promise<Zone> {
    try {
      return await this.zones.save(this.zones.create({ code: input.code, name: input.name }));
    } catch (error) {
      if (isUniqueViolation(error)) throw DomainError.badInput('code', `zone ${input.code} already exists`);
      throw error;
    }
  }

  /** Resolves zone ids or codes; an unknown one is a field error on `field`. */
  async findAllOrFail(ids: string[], field: string): Promise<Zone[]> {
    if (ids.length === 0) return [];
    const unique = [...new Set(ids)];
    const found = await this.zones.findBy({ id: In(unique.filter(isUuid)) });
    if (found.length !== unique.length) throw DomainError.badInput(field, 'contains an unknown zone id');
    return found;
  }

  findByCodes(codes: string[]): Promise<Zone[]> {
    return codes.length === 0 ? Promise.resolve([]) : this.zones.findBy({ code: In(codes) });
  }
}

/** The zone ids a user is limited to, or null when the user sees every zone (admins, unscoped staff). */
export function zoneScopeOf(user: StaffUser): string[] | null {
  if (user.role === StaffRole.ADMIN || user.zones.length === 0) return null;
  return user.zones.map((zone) => zone.id);
}
