import { jest } from '@jest/globals';
import { pino } from 'pino';
import type { AppConfig } from '../config/config.js';
import { loggerParams, pinoOptions } from './logging.js';

const CONFIG = { logLevel: 'info', defaultPhoneRegion: 'US', nodeEnv: 'production' } as AppConfig;

/** A pino logger with the app's options, writing its lines here. */
function capturing(config: AppConfig) {
  const lines: Record<string, unknown>[] = [];
  const logger = pino(pinoOptions(config), { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { logger, lines };
}

describe('log settings', () => {
  afterEach(() => jest.restoreAllMocks());

  it('puts Nest’s per-module and per-route start-up lines at debug, and keeps other info lines', () => {
    const quiet = capturing(CONFIG);
    quiet.logger.info({ context: 'InstanceLoader' }, 'AppModule dependencies initialized');
    quiet.logger.info({ context: 'RouterExplorer' }, 'Mapped {/graphql, POST} route');
    quiet.logger.info({ context: 'Api' }, 'GraphQL on http://localhost:3000/graphql');
    expect(quiet.lines.map((line) => line.msg)).toEqual(['GraphQL on http://localhost:3000/graphql']);

    const verbose = capturing({ ...CONFIG, logLevel: 'debug' });
    verbose.logger.info({ context: 'InstanceLoader' }, 'AppModule dependencies initialized');
    expect(verbose.lines).toEqual([expect.objectContaining({ level: 20, context: 'InstanceLoader' })]);
  });

  it('logs a calendar feed request without its token', () => {
    const { logger, lines } = capturing(CONFIG);
    const token = 'Xq3'.repeat(14) + 'Z';
    logger.info({ req: { id: '1', method: 'GET', url: `/calendar/${token}.ics?x=1` } }, 'request completed');
    expect(lines[0]).toMatchObject({ req: { url: '/calendar/[token]' } });
    expect(JSON.stringify(lines)).not.toContain(token);
  });

  it('names a logged error by its class and code when no message is given, never by its own message', () => {
    const { logger, lines } = capturing(CONFIG);
    logger.error(Object.assign(new Error('Key (phone)=(+14145550101) already exists'), { code: '23505' }));
    expect(lines[0]).toMatchObject({ msg: 'Error (23505)', err: { type: 'Error', code: '23505' } });
    expect(JSON.stringify(lines)).not.toContain('4145550101');
  });

  it('keeps the caller’s own text of Nest’s error(message, stack), never the message of the stack’s error', () => {
    const { logger, lines } = capturing(CONFIG);
    const failure = new Error('invalid input syntax for type uuid: "+14145550101"');
    // What nestjs-pino makes of Logger.error(message, stack): an error of the message, with the stack given.
    const asNestLogsIt = (message: string) => Object.assign(new Error(message), { stack: failure.stack });
    logger.error({ context: 'ExceptionsHandler', err: asNestLogsIt(failure.message) });
    logger.error({
      context: 'TypeOrmModule',
      err: asNestLogsIt('Unable to connect to the database. Retrying (1)...'),
    });
    expect(lines.map((line) => line.msg)).toEqual([
      'Error',
      'Unable to connect to the database. Retrying (1)...',
    ]);
    expect(JSON.stringify(lines)).not.toContain('4145550101');
  });

  it('drops a stack logged where the context name goes (Nest’s shutdown errors), keeping the error safe', () => {
    const { logger, lines } = capturing(CONFIG);
    const failure = new Error('Key (phone)=(+14145550101) already exists');
    logger.error({ context: failure.stack, err: failure }, 'Error');
    logger.error({ context: 'Api', err: failure }, 'Error');
    expect(lines[0]).not.toHaveProperty('context');
    expect(lines[0]).toMatchObject({ err: { type: 'Error' } });
    expect(lines[1]).toMatchObject({ context: 'Api' });
    expect(JSON.stringify(lines)).not.toContain('4145550101');
  });

  it('writes JSON outside development, and lines a person reads in development', async () => {
    expect(Array.isArray((await loggerParams(CONFIG)).pinoHttp)).toBe(false);

    const { pinoHttp } = await loggerParams({ ...CONFIG, nodeEnv: 'development' });
    const [options, stream] = pinoHttp as [object, { write: (line: string) => void }];
    const written: string[] = [];
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    pino(options, stream).info({ context: 'Api' }, 'GraphQL on http://localhost:3000/graphql');
    expect(written).toHaveLength(1);
    expect(written[0]).toMatch(
      /^\[\d\d:\d\d:\d\d\] INFO: \[Api\] GraphQL on http:\/\/localhost:3000\/graphql\n$/,
    );
  });
});
