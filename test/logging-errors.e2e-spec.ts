import { Logger } from '@nestjs/common';
import { GraphQLError } from 'graphql';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { StaffRole } from '../src/auth/staff-user.entity.js';
import { formatGraphQLError } from '../src/common/graphql-errors.js';
import { PeriodicTask } from '../src/common/periodic-task.js';
import { BroadcastFanOutProcessor } from '../src/messaging/broadcasts/broadcast-fan-out.processor.js';
import { OutboundSmsProcessor } from '../src/messaging/outbound/outbound-sms.processor.js';
import { REDIS } from '../src/redis/redis.module.js';
import { Volunteer } from '../src/volunteers/volunteer.entity.js';
import { captureLogs } from './support/log-capture.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { waitFor } from './support/wait.js';

/** What a failing row would quote: none of it may reach the log, in any format. */
const PHONE = '+14145557701';
const NAME = 'Plantedname Leakcheck';
const BODY = 'LEAKBODY about the family at 12 Elm St';
const TRACES = [PHONE, '4145557701', '414) 555-7701', 'Plantedname', 'LEAKBODY', 'Elm St'];

/** The SQLSTATE each statement below fails with. */
const EXPECTED_CODES = ['23505', '23502', '23514', '23503', '22P02', '22021'];

/** A housekeeping task whose run fails with the error it is given. */
class FailingTask extends PeriodicTask {
  constructor(
    redis: Redis,
    private readonly failure: unknown,
  ) {
    super('FailingTask', 50, redis, `failing-task-${Math.random()}`);
  }

  protected runOnce(): Promise<unknown> {
    return Promise.reject(this.failure);
  }
}

describe('logging errors', () => {
  const logs = captureLogs();
  let app: TestApp;
  let dataSource: DataSource;
  let coordinator: string;
  let volunteer: Volunteer;

  /** The error PostgreSQL answers `statement` with (through TypeORM, as the services see it). */
  const failureOf = async (statement: () => Promise<unknown>): Promise<Error> => {
    try {
      await statement();
    } catch (error) {
      return error as Error;
    }
    throw new Error('the statement was expected to fail');
  };

  beforeAll(async () => {
    app = await startTestApp({ worker: true, env: { LOG_LEVEL: 'warn' }, override: logs.override });
    dataSource = app.api.get(DataSource);
    coordinator = await app.tokenFor(StaffRole.COORDINATOR);
    volunteer = await dataSource
      .getRepository(Volunteer)
      .save({ name: NAME, phone: PHONE, preferredLanguage: 'en', languages: ['en'] });
    // No table of the schema has a CHECK constraint yet; this database is the test's own.
    await dataSource.query(`CREATE TABLE log_check (phone text CHECK (length(phone) < 5))`);
  });
  afterAll(() => app.close());

  const databaseErrors = async (): Promise<Error[]> => {
    const volunteers = dataSource.getRepository(Volunteer);
    const rowOf = (index: number) => ({
      name: `${NAME} ${index}`,
      phone: `+1414555${String(index).padStart(4, '0')}`,
      preferredLanguage: 'en',
    });
    return [
      await failureOf(() => volunteers.insert({ name: NAME, phone: PHONE, preferredLanguage: 'en' })),
      await failureOf(() =>
        volunteers.insert({ name: null as never, phone: `${PHONE}9`, preferredLanguage: 'en' }),
      ),
      await failureOf(() => dataSource.query('INSERT INTO log_check (phone) VALUES ($1)', [PHONE])),
      await failureOf(() =>
        dataSource.query(
          'INSERT INTO volunteer_zones (volunteers_id, zones_id) VALUES ($1, gen_random_uuid())',
          [volunteer.id],
        ),
      ),
      await failureOf(() => volunteers.findOneBy({ id: `${PHONE} ${NAME}` })),
      await failureOf(() => volunteers.update(volunteer.id, { name: `${BODY} \u0000 ${NAME}` })),
      // One bad cell in a bulk insert: the statement and its parameters carry every row.
      await failureOf(() =>
        volunteers.insert([
          ...Array.from({ length: 999 }, (_, index) => rowOf(index)),
          { ...rowOf(999), name: `${BODY}\u0000` },
        ]),
      ),
    ];
  };

  it('logs every kind of database error by class, code, constraint and table, never its values', async () => {
    const errors = await databaseErrors();
    const codes = errors.map((error) => (error as { driverError?: { code?: string } }).driverError?.code);
    expect(codes).toEqual([...EXPECTED_CODES, '22021']);

    const logger = new Logger('LoggingDatabaseErrors');
    const outbound = app.worker!.get(OutboundSmsProcessor);
    const fanOut = app.worker!.get(BroadcastFanOutProcessor);
    for (const error of errors) {
      // The GraphQL error formatter, as Apollo calls it for a resolver that threw.
      formatGraphQLError(
        { message: error.message, path: ['sendMessage'], extensions: { code: 'INTERNAL_SERVER_ERROR' } },
        new GraphQLError(error.message, { originalError: error }),
      );
      // Nest's exception handlers (plain HTTP routes) log `error(message, stack)`; others log the error itself.
      logger.error(error.message, error.stack);
      logger.error(error);
      logger.warn({ msg: 'while doing something', err: error });
      // BullMQ's worker error events.
      outbound.worker.emit('error', error);
      fanOut.worker.emit('error', error);
    }
    const task = new FailingTask(app.worker!.get<Redis>(REDIS), errors[0]);
    task.start();
    await waitFor(
      () => logs.text(),
      (text) => text.includes('FailingTask failed'),
    );
    await task.stop();

    // And through the API itself: a text with a NUL byte (the database refuses it), and an import whose one bad
    // cell fails the bulk insert. Either may be refused at the edge instead; the log must be clean both ways.
    await app.graphql(
      `mutation($id: ID!, $body: String!) { sendMessage(volunteerId: $id, body: $body) { id } }`,
      { id: volunteer.id, body: `${BODY} \u0000 here` },
      coordinator,
    );
    const rows = Array.from(
      { length: 200 },
      (_, index) => `${NAME} ${index},+1414556${String(index).padStart(4, '0')},en,,`,
    );
    rows[150] = `${BODY}\u0000,+14145569999,en,,`;
    await app.graphql(
      `mutation($csv: String!) { importVolunteers(csv: $csv) { created errors { row } } }`,
      { csv: `name,phone,languages,zones,skills\n${rows.join('\n')}\n` },
      coordinator,
    );

    const output = logs.text();
    // The errors were logged, so the absence of their values below means something.
    for (const code of EXPECTED_CODES) expect(output).toContain(`"code":"${code}"`);
    expect(output).toContain('"type":"QueryFailedError"');
    expect(output).toContain('"constraint":"UQ_volunteers_phone"');
    expect(output).toContain('"table":"volunteers"');
    expect(output).toContain('FailingTask failed: QueryFailedError (23505)');
    for (const trace of TRACES) expect(output).not.toContain(trace);
    expect(output).not.toMatch(/"(parameters|detail|query)"/);
    expect(output).not.toMatch(/INSERT INTO|Failing row/);
  });

  it('reports a job lost with Redis’s data as a warning naming the job (the outbox reconciler sends its text)', () => {
    const jobId = '34486020-9bf4-4e1c-a3d3-125558675309';
    // As BullMQ builds it (finishedErrors): a negative code, a message naming the job.
    const lostJob = Object.assign(new Error(`Missing key for job ${jobId}. moveToFinished`), { code: -1 });
    app.worker!.get(OutboundSmsProcessor).worker.emit('error', lostJob);

    const lost = logs.lines.map((line) => JSON.parse(line)).filter((line) => line.msg?.includes(jobId));
    expect(lost).toEqual([
      expect.objectContaining({
        level: 40,
        msg: `worker sms-outbound: Missing key for job ${jobId}. moveToFinished`,
      }),
    ]);
  });
});
