import type { Repository } from 'typeorm';
import { RequestLoaders } from '../common/request-loaders.js';
import type { Zone } from './zone.entity.js';

/**
 * The zones of records linked to zones many-to-many (volunteers, staff users), per GraphQL request: the zones of a
 * whole page of them in one statement, so a list pages its own rows without joining (and TypeORM's DISTINCT
 * subquery that a LIMIT over a to-many join costs).
 */
export function zonesLoader<T extends { id: string; zones: Zone[] }>(
  repository: Repository<T>,
): RequestLoaders<string, Zone[]> {
  return new RequestLoaders(async (ids) => {
    const owners = await repository
      .createQueryBuilder('owner')
      .select('owner.id')
      .leftJoinAndSelect('owner.zones', 'zone')
      .where('owner.id = ANY(:ids)', { ids: [...ids] })
      .orderBy('zone.code')
      .getMany();
    const zonesById = new Map(owners.map((owner) => [owner.id, owner.zones]));
    return ids.map((id) => zonesById.get(id) ?? []);
  });
}
