import { Injectable, Logger, Inject } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { Brackets, DataSource, Repository, type EntityManager } from 'typeorm';
import type { StaffUser } from '../auth/staff-user.entity.js';
import { DomainError } from '../common/domain-error.js';
import type { ConnectionShape } from '../common/pagination/connection.js';
import { paginate } from '../common/pagination/paginate.js';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { isUniqueViolation } from '../database/postgres-errors.js';
import type { Zone } from '../zones/zone.entity.js';
import { ZonesService, zoneScopeOf } from '../zones/zones.service.js';
import type { ImportRowError, VolunteerImportResult } from './dto/import-result.js';
import type { CreateVolunteerInput, UpdateVolunteerInput, VolunteerFilter } from './dto/volunteer.input.js';
import { InvalidPhoneError, parsePhone } from './phone.js';
import { parseVolunteerCsv, type VolunteerCsvRow } from './volunteer-csv.js';
import { Skill, Volunteer } from './volunteer.entity.js';

const IMPORT_BATCH_SIZE = 1000;
const SKILLS = new Set<string>(Object.values(Skill));

/** Roles that may read (and search by) volunteers' phone numbers. */
export function canReadPhones(user: StaffUser): boolean {
  return user.role === 'ADMIN' || user.role === 'COORDINATOR';
}

interface ImportCandidate {
  row: number;
  name: string;
  phone: string;
  languages: string[];
  skills: string[];
  zoneIds: string[];
}

@Injectable()
export class VolunteersService {
  private readonly logger = new Logger(VolunteersService.name);

  constructor(
    @InjectRepository(Volunteer) private readonly volunteers: Repository<Volunteer>,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly zones: ZonesService,
  ) {}

  async list(
    user: StaffUser,
    filter: VolunteerFilter = {},
    page: { first: number; after?: string | null },
  ): Promise<ConnectionShape<Volunteer>> {
    const query = this.volunteers.createQueryBuilder('v').leftJoinAndSelect('v.zones', 'zone');
    const scope = zoneScopeOf(user);
    // An empty list filters nothing, as for skills and languages; a scoped user never sees past the scope.
    const requested = filter.zoneIds?.length ? filter.zoneIds : null;
    const zoneIds = scope && requested ? requested.filter((id) => scope.includes(id)) : (requested ?? scope);
    if (zoneIds) {
      query.andWhere(
        'EXISTS (SELECT 1 FROM volunteer_zones vz WHERE vz.volunteers_id = v.id AND vz.zones_id = ANY(:zoneIds))',
        { zoneIds },
      );
    }
    if (filter.skills?.length) query.andWhere('v.skills @> :skills', { skills: filter.skills });
    if (filter.languages?.length)
      query.andWhere('v.languages && :languages', { languages: filter.languages });
    if (filter.status) query.andWhere('v.status = :status', { status: filter.status });
    if (filter.smsStatus) query.andWhere('v.smsStatus = :smsStatus', { smsStatus: filter.smsStatus });
    const search = filter.search?.trim();
    if (search) {
      const digits = search.replace(/\D/g, '');
      query.andWhere(
        new Brackets((where) => {
          where.where(NAME_SEARCH, { namePattern: `%${escapeLike(search)}%` });
          if (digits.length >= 3 && canReadPhones(user)) {
            where.orWhere('v.phone LIKE :phonePattern', { phonePattern: `%${digits}%` });
          }
        }),
      );
    }
    return paginate(query, {
      ...page,
      sortColumn: 'v.createdAt',
      sortValueOf: (volunteer) => volunteer.createdAt.toISOString(),
    });
  }

  async get(user: StaffUser, id: string): Promise<Volunteer> {
    const volunteer = await this.volunteers.findOne({ where: { id }, relations: { zones: true } });
    if (!volunteer || !this.isVisible(user, volunteer)) throw DomainError.notFound('Volunteer', id);
    return volunteer;
  }

  async create(user: StaffUser, input: CreateVolunteerInput): Promise<Volunteer> {
    const zones = await this.zonesWithinScope(user, input.zoneIds, 'zoneIds');
    const volunteer = this.volunteers.create({
      name: input.name.trim(),
      phone: this.phoneOrFail(input.phone),
      preferredLanguage: input.preferredLanguage,
      languages: withPreferred(input.languages, input.preferredLanguage),
      skills: [...new Set(input.skills)],
      availability: input.availability ?? [],
      status: input.status,
      zones,
    });
    return this.saveOrFieldError(volunteer);
  }

  async update(user: StaffUser, id: string, input: UpdateVolunteerInput): Promise<Volunteer> {
    const volunteer = await this.get(user, id);
    if (input.name !== undefined) volunteer.name = input.name.trim();
    if (input.phone !== undefined) volunteer.phone = this.phoneOrFail(input.phone);
    if (input.preferredLanguage !== undefined) volunteer.preferredLanguage = input.preferredLanguage;
    if (input.languages !== undefined) volunteer.languages = input.languages;
    volunteer.languages = withPreferred(volunteer.languages, volunteer.preferredLanguage);
    if (input.skills !== undefined) volunteer.skills = [...new Set(input.skills)];
    if (input.availability !== undefined) volunteer.availability = input.availability;
    if (input.status !== undefined) volunteer.status = input.status;
    if (input.zoneIds !== undefined)
      volunteer.zones = await this.zonesWithinScope(user, input.zoneIds, 'zoneIds');
    return this.saveOrFieldError(volunteer);
  }

  /**
   * Imports the network's spreadsheet in one transaction: good rows are created or updated, bad rows are
   * reported by row and field, and a row identical to what is stored changes nothing. Consent and the
   * preferred language of existing volunteers are never overwritten (volunteers change those by SMS).
   */
  async importCsv(user: StaffUser, csv: string): Promise<VolunteerImportResult> {
    const parsed = parseVolunteerCsv(csv);
    const errors: ImportRowError[] = [...parsed.errors];
    const candidates = await this.importCandidates(user, parsed.rows, errors);
    const result: VolunteerImportResult = { created: 0, updated: 0, unchanged: 0, errors };
    const started = Date.now();
    await this.dataSource.transaction(async (manager) => {
      for (let offset = 0; offset < candidates.length; offset += IMPORT_BATCH_SIZE) {
        const batch = candidates.slice(offset, offset + IMPORT_BATCH_SIZE);
        const counts = await this.importBatch(manager, batch);
        result.created += counts.created;
        result.updated += counts.updated;
        result.unchanged += counts.unchanged;
        this.logger.log(
          `volunteer import: ${Math.min(offset + IMPORT_BATCH_SIZE, candidates.length)}/${candidates.length} rows`,
        );
      }
    });
    errors.sort((a, b) => a.row - b.row);
    this.logger.log(
      `volunteer import done in ${Date.now() - started} ms: ${result.created} created, ${result.updated} updated, ` +
        `${result.unchanged} unchanged, ${errors.length} errors`,
    );
    return result;
  }

  private async importCandidates(
    user: StaffUser,
    rows: VolunteerCsvRow[],
    errors: ImportRowError[],
  ): Promise<ImportCandidate[]> {
    const codes = [...new Set(rows.flatMap((row) => row.zones))];
    const zonesByCode = new Map((await this.zones.findByCodes(codes)).map((zone) => [zone.code, zone]));
    const scope = zoneScopeOf(user);
    const rowByPhone = new Map<string, number>();
    const candidates: ImportCandidate[] = [];
    for (const row of rows) {
      const fail = (field: string, message: string) => errors.push({ row: row.rowNumber, field, message });
      let phone: string;
      try {
        phone = parsePhone(row.phone, this.config.defaultPhoneRegion);
      } catch (error) {
        if (error instanceof InvalidPhoneError) {
          fail('phone', 'is not a valid phone number');
          continue;
        }
        throw error;
      }
      const duplicateOf = rowByPhone.get(phone);
      if (duplicateOf !== undefined) {
        fail('phone', `is the same number as row ${duplicateOf}`);
        continue;
      }
      const unknownZone = row.zones.find((code) => !zonesByCode.has(code));
      if (unknownZone) {
        fail('zones', `unknown zone ${unknownZone}`);
        continue;
      }
      const zoneIds = row.zones.map((code) => (zonesByCode.get(code) as Zone).id);
      if (scope && zoneIds.some((id) => !scope.includes(id))) {
        fail('zones', 'outside the zones you coordinate');
        continue;
      }
      const unknownSkill = row.skills.find((skill) => !SKILLS.has(skill));
      if (unknownSkill) {
        fail('skills', `unknown skill ${unknownSkill}`);
        continue;
      }
      rowByPhone.set(phone, row.rowNumber);
      candidates.push({
        row: row.rowNumber,
        name: row.name,
        phone,
        languages: row.languages.length ? row.languages : ['en'],
        skills: [...new Set(row.skills)].sort(),
        zoneIds: [...new Set(zoneIds)].sort(),
      });
    }
    return candidates;
  }

  private async importBatch(
    manager: EntityManager,
    batch: ImportCandidate[],
  ): Promise<{ created: number; updated: number; unchanged: number }> {
    const existing: {
      id: string;
      phone: string;
      name: string;
      preferred_language: string;
      languages: string[];
      skills: string[];
      zone_ids: string[];
    }[] = await manager.query(
      `SELECT v.id, v.phone, v.name, v.preferred_language, v.languages, v.skills,
                COALESCE(array_agg(vz.zones_id::text ORDER BY vz.zones_id) FILTER (WHERE vz.zones_id IS NOT NULL), '{}') AS zone_ids
           FROM volunteers v LEFT JOIN volunteer_zones vz ON vz.volunteers_id = v.id
          WHERE v.phone = ANY($1) GROUP BY v.id`,
      [batch.map((candidate) => candidate.phone)],
    );
    const byPhone = new Map(existing.map((row) => [row.phone, row]));
    const toCreate = batch.filter((candidate) => !byPhone.has(candidate.phone));
    const toUpdate = batch.filter((candidate) => {
      const row = byPhone.get(candidate.phone);
      return (
        row !== undefined &&
        (row.name !== candidate.name ||
          !sameSet(row.languages, withPreferred(candidate.languages, row.preferred_language)) ||
          !sameSet(row.skills, candidate.skills) ||
          !sameSet(row.zone_ids, candidate.zoneIds))
      );
    });

    const idByPhone = new Map(existing.map((row) => [row.phone, row.id]));
    if (toCreate.length > 0) {
      const inserted: { id: string; phone: string }[] = await manager.query(
        `INSERT INTO volunteers (name, phone, preferred_language, languages, skills)
         SELECT t.name, t.phone, t.preferred_language, t.languages::text[], t.skills::text[]
           FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])
             AS t(name, phone, preferred_language, languages, skills)
         RETURNING id, phone`,
        [
          toCreate.map((candidate) => candidate.name),
          toCreate.map((candidate) => candidate.phone),
          toCreate.map((candidate) => candidate.languages[0]),
          toCreate.map((candidate) => pgArrayLiteral(candidate.languages)),
          toCreate.map((candidate) => pgArrayLiteral(candidate.skills)),
        ],
      );
      for (const row of inserted) idByPhone.set(row.phone, row.id);
    }
    if (toUpdate.length > 0) {
      await manager.query(
        `UPDATE volunteers v
            SET name = t.name,
                -- The language a volunteer chose by SMS stays among the languages they speak.
                languages = CASE WHEN v.preferred_language = ANY(t.languages::text[]) THEN t.languages::text[]
                                 ELSE array_prepend(v.preferred_language, t.languages::text[]) END,
                skills = t.skills::text[], updated_at = now()
           FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS t(phone, name, languages, skills)
          WHERE v.phone = t.phone`,
        [
          toUpdate.map((candidate) => candidate.phone),
          toUpdate.map((candidate) => candidate.name),
          toUpdate.map((candidate) => pgArrayLiteral(candidate.languages)),
          toUpdate.map((candidate) => pgArrayLiteral(candidate.skills)),
        ],
      );
      await manager.query(`DELETE FROM volunteer_zones WHERE volunteers_id = ANY($1::uuid[])`, [
        toUpdate.map((candidate) => idByPhone.get(candidate.phone)),
      ]);
    }
    const pairs = [...toCreate, ...toUpdate].flatMap((candidate) =>
      candidate.zoneIds.map((zoneId) => [idByPhone.get(candidate.phone) as string, zoneId]),
    );
    if (pairs.length > 0) {
      await manager.query(
        `INSERT INTO volunteer_zones (volunteers_id, zones_id) SELECT * FROM unnest($1::uuid[], $2::uuid[])`,
        [pairs.map((pair) => pair[0]), pairs.map((pair) => pair[1])],
      );
    }
    return {
      created: toCreate.length,
      updated: toUpdate.length,
      unchanged: batch.length - toCreate.length - toUpdate.length,
    };
  }

  private isVisible(user: StaffUser, volunteer: Volunteer): boolean {
    const scope = zoneScopeOf(user);
    return !scope || volunteer.zones.some((zone) => scope.includes(zone.id));
  }

  private async zonesWithinScope(user: StaffUser, zoneIds: string[], field: string): Promise<Zone[]> {
    const zones = await this.zones.findAllOrFail(zoneIds, field);
    const scope = zoneScopeOf(user);
    if (scope && (zones.length === 0 || zones.some((zone) => !scope.includes(zone.id)))) {
      throw DomainError.badInput(field, 'must be within the zones you coordinate');
    }
    return zones;
  }

  private phoneOrFail(input: string): string {
    try {
      return parsePhone(input, this.config.defaultPhoneRegion);
    } catch (error) {
      if (error instanceof InvalidPhoneError)
        throw DomainError.badInput('phone', 'is not a valid phone number');
      throw error;
    }
  }

  private async saveOrFieldError(volunteer: Volunteer): Promise<Volunteer> {
    try {
      return await this.volunteers.save(volunteer);
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw DomainError.badInput('phone', 'another volunteer already has this phone number');
      }
      throw error;
    }
  }
}

function withPreferred(languages: string[], preferred: string): string[] {
  return [...new Set([preferred, ...languages])];
}

function sameSet(a: string[], b: string[]): boolean {
  const sortedB = [...b].sort();
  return a.length === b.length && [...a].sort().every((value, index) => value === sortedB[index]);
}

/**
 * The name half of `search` on alias `v`: accents and case ignored ("maria" finds "María", "pena" finds "Peña"
 * and back), in the form the trigram index IDX_volunteers_name_search serves (see its migration).
 */
export const NAME_SEARCH = 'immutable_unaccent(v.name) ILIKE immutable_unaccent(:namePattern)';

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

/** PostgreSQL array literal, so a batch of arrays can travel as one text[] parameter through unnest. */
function pgArrayLiteral(values: string[]): string {
  return `{${values.map((value) => `"${value.replace(/["\\]/g, (char) => `\\${char}`)}"`).join(',')}}`;
}
