import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, In, Repository, type EntityManager } from 'typeorm';
import { InjectDataSource } from '@nestjs/typeorm';
import type { StaffUser } from '../auth/staff-user.entity.js';
import { DomainError } from '../common/domain-error.js';
import { isUuid } from '../common/uuid.js';
import { isUniqueViolation } from '../database/postgres-errors.js';
import { RequestLoaders } from '../common/request-loaders.js';
import type { CreateZoneInput } from './dto/create-zone.input.js';
import type { UpdateZoneInput } from './dto/update-zone.input.js';
import { ZoneNeighbour } from './zone-neighbour.entity.js';
import { Zone } from './zone.entity.js';
import { zoneScopeOf, zoneScopeProblem } from './zone-scope.js';

@Injectable()
export class ZonesService {
  /** `Zone.neighbours` costs one query a page. */
  private readonly neighbourLoaders = new RequestLoaders<string, Zone[]>(async (zoneIds) => {
    const rows = await this.dataSource
      .getRepository(ZoneNeighbour)
      .find({ where: { zoneId: In([...zoneIds]) }, relations: { neighbour: true } });
    return zoneIds.map((id) =>
      rows
        .filter((row) => row.zoneId === id)
        .map((row) => row.neighbour as Zone)
        .sort((a, b) => a.code.localeCompare(b.code)),
    );
  });

  constructor(
    @InjectRepository(Zone) private readonly zones: Repository<Zone>,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

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

  /** Changes only what the input gives; `neighbourIds` replaces the zone's neighbours. */
  async update(id: string, input: UpdateZoneInput): Promise<Zone> {
    await this.dataSource.transaction(async (manager) => {
      const zone = await manager.findOne(Zone, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!zone) throw DomainError.notFound('Zone', id);
      const changes: Partial<Zone> = {};
      if (input.code !== undefined) changes.code = input.code;
      if (input.name !== undefined) changes.name = input.name;
      if (Object.keys(changes).length > 0) {
        try {
          await manager.update(Zone, { id }, changes);
        } catch (error) {
          if (isUniqueViolation(error))
            throw DomainError.badInput('code', `zone ${input.code} already exists`);
          throw error;
        }
      }
      if (input.neighbourIds !== undefined) {
        const neighbourIds = [...new Set(input.neighbourIds)];
        if (neighbourIds.includes(id))
          throw DomainError.badInput('neighbourIds', 'must not contain the zone itself');
        await this.findAllOrFail(neighbourIds, 'neighbourIds');
        await manager.delete(ZoneNeighbour, { zoneId: id });
        if (neighbourIds.length > 0) {
          await manager.insert(
            ZoneNeighbour,
            neighbourIds.map((neighbourId) => ({ zoneId: id, neighbourId })),
          );
        }
      }
    });
    return this.zones.findOneByOrFail({ id });
  }

  /** The zones bordering `zoneId`, by code. */
  neighboursOf(zoneId: string, requestContext: object): Promise<Zone[]> {
    return this.neighbourLoaders.load(requestContext, zoneId);
  }

  /** The ids of the zones bordering `zoneId`. */
  async neighbourIdsOf(manager: EntityManager, zoneId: string): Promise<string[]> {
    const rows = await manager.findBy(ZoneNeighbour, { zoneId });
    return rows.map((row) => row.neighbourId);
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
