import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import type { StaffUser } from '../auth/staff-user.entity.js';
import { DomainError } from '../common/domain-error.js';
import { isUuid } from '../common/uuid.js';
import { isUniqueViolation } from '../database/postgres-errors.js';
import type { CreateZoneInput } from './dto/create-zone.input.js';
import { Zone } from './zone.entity.js';
import { zoneScopeOf, zoneScopeProblem } from './zone-scope.js';

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

  /**
   * Resolves zone ids a user names (a field error on `field`): known zones, and only the user's own when the user is
   * limited to zones (then at least one). The scope needs no database, so it is checked first.
   */
  async findWithinScopeOrFail(user: StaffUser, ids: string[], field: string): Promise<Zone[]> {
    const problem = zoneScopeProblem(zoneScopeOf(user), ids);
    if (problem) throw DomainError.badInput(field, problem);
    return this.findAllOrFail(ids, field);
  }

  findByCodes(codes: string[]): Promise<Zone[]> {
    return codes.length === 0 ? Promise.resolve([]) : this.zones.findBy({ code: In(codes) });
  }
}
