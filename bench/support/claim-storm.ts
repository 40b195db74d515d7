import pg from 'pg';
import type { AppConfig } from '../../src/config/config.js';
import type { RunningApi } from './vecino-stack.js';
import type { Text } from '../../test/support/signed-webhook-client.js';

const HOUR = 3600_000;

export interface StormShifts {
  ids: string[];
  codes: string[];
  seats: number;
}

/**
 * The claim storm's fixtures and checks, shared by the benches that run it: volunteers in one zone, rounds of
 * shifts created through `createShift` (each round a day later than the last, so no claim overlaps an earlier
 * one), one `CLAIM <code>` per volunteer spread evenly over a round's shifts, and the seats the database holds.
 */
export class ClaimStorm {
  private rounds = 0;

  private constructor(
    private readonly db: pg.Client,
    private readonly zoneId: string,
  ) {}

  /** A zone holding every one of `phones` (seeded volunteers). */
  static async open(config: AppConfig, phones: string[]): Promise<ClaimStorm> {
    const db = new pg.Client({ connectionString: config.databaseUrl });
    await db.connect();
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO zones (code, name) VALUES ('STORM', 'Claim storm') RETURNING id`,
    );
    await db.query(
      `INSERT INTO volunteer_zones (volunteers_id, zones_id)
       SELECT id, $2 FROM volunteers WHERE phone = ANY($1)`,
      [phones, rows[0].id],
    );
    return new ClaimStorm(db, rows[0].id);
  }

  async close(): Promise<void> {
    await this.db.end();
  }

  /** `count` new shifts of `seats` seats each, two days ahead plus one day per earlier round. */
  async newShifts(api: RunningApi, count: number, seats: number): Promise<StormShifts> {
    const day = Math.floor(Date.now() / HOUR) * HOUR + (48 + 24 * this.rounds++) * HOUR;
    const ids: string[] = [];
    const codes: string[] = [];
    for (let index = 0; index < count; index++) {
      const { createShift } = await api.graphql<{ createShift: { id: string; code: string } }>(
        'mutation($input: CreateShiftInput!) { createShift(input: $input) { id code } }',
        {
          input: {
            zoneId: this.zoneId,
            role: `storm greeter ${index + 1}`,
            startsAt: new Date(day).toISOString(),
            endsAt: new Date(day + 2 * HOUR).toISOString(),
            seats,
          },
        },
      );
      ids.push(createShift.id);
      codes.push(createShift.code);
    }
    return { ids, codes, seats };
  }

  /** One `CLAIM <code>` per phone, phone i claiming shift i mod the round's count. */
  claims(phones: string[], shifts: StormShifts): Text[] {
    return phones.map((from, index) => ({
      from,
      body: `CLAIM ${shifts.codes[index % shifts.codes.length]}`,
    }));
  }

  /** Resolves once every inbound text from `phones` since `since` has been processed; false on timeout. */
  async waitProcessed(phones: string[], since: Date, expected: number, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const { rows } = await this.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM messages
          WHERE direction = 'INBOUND' AND processed_at IS NOT NULL AND phone = ANY($1) AND created_at >= $2`,
        [phones, since],
      );
      if (rows[0].n >= expected) return true;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return false;
  }

  /** Confirmed signups beyond the seats, summed over the shifts, counted from the signup rows. */
  async overbookedSeats(shifts: StormShifts): Promise<number> {
    const { rows } = await this.db.query<{ over: number }>(
      `SELECT coalesce(sum(greatest(0, confirmed - seats)), 0)::int AS over FROM (
         SELECT s.seats, count(g.id) FILTER (WHERE g.status = 'CONFIRMED') AS confirmed
           FROM shifts s LEFT JOIN signups g ON g.shift_id = s.id
          WHERE s.id = ANY($1::uuid[]) GROUP BY s.id) per_shift`,
      [shifts.ids],
    );
    return rows[0].over;
  }

  /** Signups on the shifts (any status): every claimant has one when every claim ran. */
  async signups(shifts: StormShifts): Promise<number> {
    const { rows } = await this.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM signups WHERE shift_id = ANY($1::uuid[])`,
      [shifts.ids],
    );
    return rows[0].n;
  }
}
