import { Injectable, Logger, Inject } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { Brackets, DataSource, Repository, type EntityManager } from 'typeorm';
import { canReadPersonalData } from '../auth/personal-data-readers.js';
import type { StaffUser } from '../auth/staff-user.entity.js';
import { DomainError } from '../common/domain-error.js';
import type { RequestLoaders } from '../common/request-loaders.js';
import type { ConnectionShape } from '../common/pagination/connection.js';
import { paginate } from '../common/pagination/paginate.js';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { validateInput } from '../common/validation.js';
import { isUniqueViolation } from '../database/postgres-errors.js';
import type { Zone } from '../zones/zone.entity.js';
import {
  isWithinScope,
  OUTSIDE_YOUR_ZONES,
  zoneFilterWithinScope,
  zoneScopeOf,
  zoneScopeProblem,
} from '../zones/zone-scope.js';
import { zonesLoader } from '../zones/zones-loader.js';
import { ZonesService } from '../zones/zones.service.js';
import type { ImportRowError, VolunteerImportResult } from './dto/import-result.js';
import {
  CreateVolunteerInput,
  type UpdateVolunteerInput,
  type VolunteerFilter,
} from './dto/volunteer.input.js';
import { parseVolunteerCsv, type VolunteerCsvRow } from './volunteer-csv.js';
import { Volunteer } from './volunteer.entity.js';
import { PHONE_NOT_AVAILABLE, phoneTakenProblem, VolunteerPhoneRules } from './volunteer-phone.js';
import { zonesAfterChange } from './volunteer-zones-after-change.js';

const IMPORT_BATCH_SIZE = 1000;

/** Spreadsheet columns of the input fields they fill, for row errors. */
const CSV_COLUMN_OF_FIELD: Record<string, string> = { zoneIds: 'zones' };

/** A valid row. A blank languages, skills or zones cell is null: not given, so what is stored stays. */
interface ImportCandidate {
  row: number;
  name: string;
  phone: string;
  languages: string[] | null;
  skills: string[] | null;
  zoneIds: string[] | null;
}

@Injectable()
export class VolunteersService {
  private readonly logger = new Logger(VolunteersService.name);
  private readonly phoneRules: VolunteerPhoneRules;
  private readonly zoneLoaders: RequestLoaders<string, Zone[]>;

  constructor(
    @InjectRepository(Volunteer) private readonly volunteers: Repository<Volunteer>,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly zones: ZonesService,
  ) {
    this.phoneRules = new VolunteerPhoneRules(config.defaultPhoneRegion, config.senderNumber);
    this.zoneLoaders = zonesLoader(volunteers);
  }

  async list(
    user: StaffUser,
    filter: VolunteerFilter = {},
    page: { first: number; after?: string | null },
  ): Promise<ConnectionShape<Volunteer>> {
    // The page's own rows only: zones come with `zonesOf`, one statement for the whole page.
    const query = this.volunteers.createQueryBuilder('v');
    // An empty list filters nothing, as for skills and languages; a scoped user never sees past the scope.
    const zoneIds = zoneFilterWithinScope(user, filter.zoneIds);
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
          if (digits.length >= 3 && canReadPersonalData(user)) {
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

  /** The volunteer's zones: loaded already (one volunteer), or those of the page's volunteers in one statement. */
  zonesOf(volunteer: Volunteer, requestContext: object): Promise<Zone[]> | Zone[] {
    return volunteer.zones ?? this.zoneLoaders.load(requestContext, volunteer.id);
  }

  async get(user: StaffUser, id: string): Promise<Volunteer> {
    const volunteer = await this.volunteers.findOne({ where: { id }, relations: { zones: true } });
    if (
      !volunteer ||
      !isWithinScope(
        zoneScopeOf(user),
        volunteer.zones.map((zone) => zone.id),
      )
    )
      throw DomainError.notFound('Volunteer', id);
    return volunteer;
  }

  async create(user: StaffUser, input: CreateVolunteerInput): Promise<Volunteer> {
    const zones = await this.zones.findWithinScopeOrFail(user, input.zoneIds, 'zoneIds');
    const volunteer = this.volunteers.create({
      name: input.name,
      phone: await this.availablePhoneOrFail(user, input.phone, null),
      preferredLanguage: input.preferredLanguage,
      languages: withPreferred(input.languages, input.preferredLanguage),
      skills: [...new Set(input.skills)],
      availability: input.availability ?? [],
      status: input.status,
      zones,
    });
    return this.saveOrFieldError(user, volunteer);
  }

  async update(user: StaffUser, id: string, input: UpdateVolunteerInput): Promise<Volunteer> {
    const volunteer = await this.get(user, id);
    if (input.name !== undefined) volunteer.name = input.name;
    if (input.phone !== undefined)
      volunteer.phone = await this.availablePhoneOrFail(user, input.phone, volunteer.id);
    if (input.preferredLanguage !== undefined) volunteer.preferredLanguage = input.preferredLanguage;
    if (input.languages !== undefined) volunteer.languages = input.languages;
    volunteer.languages = withPreferred(volunteer.languages, volunteer.preferredLanguage);
    if (input.skills !== undefined) volunteer.skills = [...new Set(input.skills)];
    if (input.availability !== undefined) volunteer.availability = input.availability;
    if (input.status !== undefined) volunteer.status = input.status;
    if (input.zoneIds !== undefined) {
      const requested = await this.zones.findWithinScopeOrFail(user, input.zoneIds, 'zoneIds');
      // The kept zones are the volunteer's own, already loaded: one query for the requested ones.
      const zoneById = new Map([...volunteer.zones, ...requested].map((zone) => [zone.id, zone]));
      volunteer.zones = zonesAfterChange(
        zoneScopeOf(user),
        volunteer.zones.map((zone) => zone.id),
        input.zoneIds,
      ).map((id) => zoneById.get(id) as Zone);
    }
    return this.saveOrFieldError(user, volunteer);
  }

  /**
   * Imports the network's spreadsheet in one transaction: good rows are created or updated, bad rows are
   * reported by row and field, and a row identical to what is stored changes nothing. Each row meets the rules of
   * createVolunteer (a new phone) or updateVolunteer (a known one), checked by the same input class and rules.
   * A blank languages, skills or zones cell leaves what is stored (a new volunteer gets create's defaults).
   * Consent and the preferred language of existing volunteers are never overwritten (volunteers change those by SMS).
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
        const counts = await this.importBatch(manager, user, batch, errors);
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

  /** The rows that pass createVolunteer's input rules and the zone scope; the others become row errors. */
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
      const unknownZone = row.zones.find((code) => !zonesByCode.has(code));
      if (unknownZone) {
        fail('zones', `unknown zone ${unknownZone}`);
        continue;
      }
      const zoneIds = row.zones.map((code) => (zonesByCode.get(code) as Zone).id);
      const { value, problems } = validateInput(CreateVolunteerInput, {
        name: row.name,
        phone: row.phone,
        ...(row.languages.length > 0 && { languages: row.languages }),
        ...(row.skills.length > 0 && { skills: row.skills }),
        zoneIds,
      });
      const phone = this.phoneRules.check(row.phone, scope);
      // A blank cell leaves what is stored; for a new volunteer it is refused in importBatch.
      const scopeProblem = zoneIds.length > 0 ? zoneScopeProblem(scope, zoneIds) : null;
      if (problems.length > 0 || phone.problem !== undefined || scopeProblem) {
        for (const problem of problems)
          fail(CSV_COLUMN_OF_FIELD[problem.field] ?? problem.field, problem.message);
        if (phone.problem !== undefined && !problems.some((problem) => problem.field === 'phone'))
          fail('phone', phone.problem);
        if (scopeProblem) fail('zones', scopeProblem);
        continue;
      }
      const duplicateOf = rowByPhone.get(phone.phone);
      if (duplicateOf !== undefined) {
        fail('phone', `is the same number as row ${duplicateOf}`);
        continue;
      }
      rowByPhone.set(phone.phone, row.rowNumber);
      candidates.push({
        row: row.rowNumber,
        name: value.name,
        phone: phone.phone,
        languages: row.languages.length > 0 ? value.languages : null,
        skills: row.skills.length > 0 ? [...new Set(value.skills)].sort() : null,
        zoneIds: zoneIds.length > 0 ? [...new Set(zoneIds)].sort() : null,
      });
    }
    return candidates;
  }

  /**
   * Creates the batch's new volunteers and updates the known ones as updateVolunteer would. A known number whose
   * volunteer the user cannot see is refused with the same words as any number the user may not register.
   */
  private async importBatch(
    manager: EntityManager,
    user: StaffUser,
    batch: ImportCandidate[],
    errors: ImportRowError[],
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
    const scope = zoneScopeOf(user);
    const byPhone = new Map(existing.map((row) => [row.phone, row]));
    const toCreate: ImportCandidate[] = [];
    const toUpdate: { id: string; name: string; languages: string[]; skills: string[]; zoneIds: string[] }[] =
      [];
    let unchanged = 0;
    for (const candidate of batch) {
      const stored = byPhone.get(candidate.phone);
      if (!stored) {
        // createVolunteer's rule: a zone-limited user names at least one zone for a new volunteer.
        if (scope && candidate.zoneIds === null) {
          errors.push({ row: candidate.row, field: 'zones', message: OUTSIDE_YOUR_ZONES });
          continue;
        }
        toCreate.push(candidate);
        continue;
      }
      if (!isWithinScope(scope, stored.zone_ids)) {
        errors.push({ row: candidate.row, field: 'phone', message: PHONE_NOT_AVAILABLE });
        continue;
      }
      const next = {
        id: stored.id,
        name: candidate.name,
        languages: withPreferred(candidate.languages ?? stored.languages, stored.preferred_language),
        skills: candidate.skills ?? stored.skills,
        zoneIds: zonesAfterChange(scope, stored.zone_ids, candidate.zoneIds ?? stored.zone_ids),
      };
      const same =
        stored.name === next.name &&
        sameSet(stored.languages, next.languages) &&
        sameSet(stored.skills, next.skills) &&
        sameSet(stored.zone_ids, next.zoneIds);
      if (same) unchanged += 1;
      else toUpdate.push(next);
    }

    const pairs: string[][] = [];
    if (toCreate.length > 0) {
      const languagesOf = (candidate: ImportCandidate) => candidate.languages ?? [DEFAULT_LANGUAGE];
      const inserted: { id: string; phone: string }[] = await manager.query(
        `INSERT INTO volunteers (name, phone, preferred_language, languages, skills)
         SELECT t.name, t.phone, t.preferred_language, t.languages::text[], t.skills::text[]
           FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])
             AS t(name, phone, preferred_language, languages, skills)
         RETURNING id, phone`,
        [
          toCreate.map((candidate) => candidate.name),
          toCreate.map((candidate) => candidate.phone),
          toCreate.map((candidate) => languagesOf(candidate)[0]),
          toCreate.map((candidate) => pgArrayLiteral(languagesOf(candidate))),
          toCreate.map((candidate) => pgArrayLiteral(candidate.skills ?? [])),
        ],
      );
      const idByPhone = new Map(inserted.map((row) => [row.phone, row.id]));
      for (const candidate of toCreate)
        for (const zoneId of candidate.zoneIds ?? []) pairs.push([idByPhone.get(candidate.phone)!, zoneId]);
    }
    if (toUpdate.length > 0) {
      await manager.query(
        `UPDATE volunteers v
            SET name = t.name, languages = t.languages::text[], skills = t.skills::text[], updated_at = now()
           FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) AS t(id, name, languages, skills)
          WHERE v.id = t.id`,
        [
          toUpdate.map((next) => next.id),
          toUpdate.map((next) => next.name),
          toUpdate.map((next) => pgArrayLiteral(next.languages)),
          toUpdate.map((next) => pgArrayLiteral(next.skills)),
        ],
      );
      await manager.query(`DELETE FROM volunteer_zones WHERE volunteers_id = ANY($1::uuid[])`, [
        toUpdate.map((next) => next.id),
      ]);
      for (const next of toUpdate) for (const zoneId of next.zoneIds) pairs.push([next.id, zoneId]);
    }
    if (pairs.length > 0) {
      await manager.query(
        `INSERT INTO volunteer_zones (volunteers_id, zones_id) SELECT * FROM unnest($1::uuid[], $2::uuid[])`,
        [pairs.map((pair) => pair[0]), pairs.map((pair) => pair[1])],
      );
    }
    return { created: toCreate.length, updated: toUpdate.length, unchanged };
  }

  /** The phone in E.164 when it may be this volunteer's (`selfId`; null for a new one), or a field error. */
  private async availablePhoneOrFail(user: StaffUser, input: string, selfId: string | null): Promise<string> {
    const scope = zoneScopeOf(user);
    const checked = this.phoneRules.check(input, scope);
    if (checked.problem !== undefined) throw DomainError.badInput('phone', checked.problem);
    const owner = await this.volunteers.findOne({
      where: { phone: checked.phone },
      relations: { zones: true },
    });
    if (owner && owner.id !== selfId) {
      const ownerZoneIds = owner.zones.map((zone) => zone.id);
      throw DomainError.badInput('phone', phoneTakenProblem(scope, ownerZoneIds));
    }
    return checked.phone;
  }

  private async saveOrFieldError(user: StaffUser, volunteer: Volunteer): Promise<Volunteer> {
    try {
      return await this.volunteers.save(volunteer);
    } catch (error) {
      // Taken between the check and the save: who took it is unknown, so a zone-limited user gets the neutral words.
      if (isUniqueViolation(error)) {
        throw DomainError.badInput('phone', phoneTakenProblem(zoneScopeOf(user), []));
      }
      throw error;
    }
  }
}

const DEFAULT_LANGUAGE = new CreateVolunteerInput().preferredLanguage;

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
