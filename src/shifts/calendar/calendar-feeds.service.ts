import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { FieldCipher } from '../../protected-data/field-cipher.js';

/** 256 random bits, base64url: 43 characters. */
const TOKEN_BYTES = 32;

const hashOf = (token: string): string => createHash('sha256').update(token).digest('hex');

/**
 * Each volunteer's iCalendar feed link, `PUBLIC_BASE_URL/calendar/<token>.ics`. The token is 256 random bits; the
 * database finds it by its SHA-256 (a unique index: the lookup compares digests, so its timing says nothing about
 * how close a guess came), and keeps it encrypted for coordinators to read. A new token replaces the old at once.
 */
@Injectable()
export class CalendarFeeds {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly cipher: FieldCipher,
  ) {}

  /** The volunteer's link, made on first use (CAL). */
  async linkFor(manager: EntityManager, volunteerId: string): Promise<string> {
    const existing = await this.storedToken(manager, volunteerId);
    return this.urlOf(existing ?? (await this.issue(manager, volunteerId, false)));
  }

  /**
   * Each volunteer's link, or null while they have none (they have never texted CAL, nor had one issued): a page
   * of volunteers in one statement.
   */
  async existingLinks(volunteerIds: readonly string[]): Promise<(string | null)[]> {
    const rows: { volunteer_id: string; token_ciphertext: string }[] = await this.dataSource.query(
      `SELECT volunteer_id, token_ciphertext FROM calendar_feeds WHERE volunteer_id = ANY($1::uuid[])`,
      [volunteerIds],
    );
    const cipherById = new Map(rows.map((row) => [row.volunteer_id, row.token_ciphertext]));
    return volunteerIds.map((id) => {
      const ciphertext = cipherById.get(id);
      return ciphertext === undefined ? null : this.urlOf(this.cipher.decrypt(ciphertext));
    });
  }

  /** A new token for the volunteer: the old link stops working at once. */
  async revoke(volunteerId: string): Promise<void> {
    await this.issue(this.dataSource.manager, volunteerId, true);
  }

  /** The volunteer a token belongs to, or null; any string may be asked about. */
  async volunteerOf(token: string): Promise<string | null> {
    const rows: { volunteer_id: string }[] = await this.dataSource.query(
      `SELECT volunteer_id FROM calendar_feeds WHERE token_hash = $1`,
      [hashOf(token)],
    );
    return rows[0]?.volunteer_id ?? null;
  }

  private urlOf(token: string): string {
    return `${this.config.publicBaseUrl}/calendar/${token}.ics`;
  }

  private async storedToken(manager: EntityManager, volunteerId: string): Promise<string | null> {
    const rows: { token_ciphertext: string }[] = await manager.query(
      `SELECT token_ciphertext FROM calendar_feeds WHERE volunteer_id = $1`,
      [volunteerId],
    );
    return rows[0] ? this.cipher.decrypt(rows[0].token_ciphertext) : null;
  }

  /**
   * Stores a fresh token; with `replace`, over the volunteer's current one. Without, a token stored meanwhile by
   * a concurrent CAL wins, and is the one returned.
   */
  private async issue(manager: EntityManager, volunteerId: string, replace: boolean): Promise<string> {
    const token = randomBytes(TOKEN_BYTES).toString('base64url');
    const rows: { token_ciphertext: string }[] = await manager.query(
      `INSERT INTO calendar_feeds (volunteer_id, token_hash, token_ciphertext) VALUES ($1, $2, $3)
       ON CONFLICT (volunteer_id) DO UPDATE
         SET token_hash = ${replace ? 'EXCLUDED.token_hash' : 'calendar_feeds.token_hash'},
             token_ciphertext = ${replace ? 'EXCLUDED.token_ciphertext' : 'calendar_feeds.token_ciphertext'},
             created_at = ${replace ? 'now()' : 'calendar_feeds.created_at'}
       RETURNING token_ciphertext`,
      [volunteerId, hashOf(token), this.cipher.encrypt(token)],
    );
    return this.cipher.decrypt(rows[0].token_ciphertext);
  }
}
