import { randomBytes } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuthModule } from '../src/auth/auth.module.js';
import { AuthService } from '../src/auth/auth.service.js';
import { withAppContext } from '../src/cli/app-context.js';
import { COMMANDS, runCli } from '../src/cli/commands.js';
import { printApiSchema } from '../src/cli/print-schema.command.js';
import { loadConfig, type AppConfig } from '../src/config/config.js';
import { MIGRATIONS } from '../src/database/migrations.js';
import { DEMO_ADMIN } from '../src/seed/demo-seed.js';
import { dropDatabase, isolatedEnv, type Env } from './support/test-app.js';

interface CliRun {
  code: number;
  out: string[];
  err: string[];
}

describe('cli', () => {
  let env: Env;
  let config: AppConfig;

  const cli = async (argv: string[], overrides: Env = {}): Promise<CliRun> => {
    const run: CliRun = { code: -1, out: [], err: [] };
    run.code = await runCli(argv, {
      env: { ...env, ...overrides },
      print: (line) => run.out.push(line),
      warn: (line) => run.err.push(line),
    });
    return run;
  };
  const canLogIn = (email: string, password: string) =>
    withAppContext(config, [AuthModule], (app) =>
      app
        .get(AuthService)
        .login(email, password)
        .then(
          () => true,
          () => false,
        ),
    );

  beforeAll(async () => {
    env = await isolatedEnv();
    config = loadConfig(env);
  });
  afterAll(() => dropDatabase(config));

  it('lists every command in help, and exits with 2 and the help for an unknown one', async () => {
    const help = await cli(['help']);
    expect(help.code).toBe(0);
    for (const command of COMMANDS) {
      expect(help.out).toContainEqual(expect.stringMatching(new RegExp(`^  ${command.name} `)));
    }
    const unknown = await cli(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.err[0]).toBe('unknown command "frobnicate"');
    expect(unknown.err).toContain('Usage: npm run cli -- <command> [options]');
  });

  it('create-admin creates the admin once, then resets its password', async () => {
    const email = 'First.Admin@Example.org';
    const created = await cli(['create-admin', '--email', email, '--password', 'first password 123']);
    expect(created).toMatchObject({ code: 0, err: [] });
    expect(created.out).toEqual([expect.stringMatching(/^created admin first\.admin@example\.org \(id /)]);

    const updated = await cli(['create-admin', `--email=${email}`, '--password=second password 456']);
    expect(updated.code).toBe(0);
    expect(updated.out).toEqual([expect.stringMatching(/^updated admin first\.admin@example\.org .*reset$/)]);

    expect(await canLogIn(email, 'second password 456')).toBe(true);
    expect(await canLogIn(email, 'first password 123')).toBe(false);
  });

  it('create-admin names the field of bad input and exits with 1', async () => {
    expect(await cli(['create-admin', '--email', 'a@b.org'])).toMatchObject({
      code: 1,
      err: ['password: is required (--password <password>)'],
    });
    expect(
      await cli(['create-admin', '--email', 'not-an-email', '--password', 'long enough 123']),
    ).toMatchObject({
      code: 1,
      err: ['email: is not an email address'],
    });
    expect(await cli(['create-admin', '--email', 'a@b.org', '--password', 'short'])).toMatchObject({
      code: 1,
      err: ['password: must be at least 12 characters'],
    });
    const usage = await cli(['create-admin', '--email', 'a@b.org', '--role', 'ADMIN']);
    expect(usage.code).toBe(2);
    expect(usage.err[0]).toBe('create-admin: unknown option --role');
  });

  it('exits with 78 and names the variable when the configuration is bad', async () => {
    const run = await cli(['migrate'], { JWT_SECRET: undefined });
    expect(run.code).toBe(78);
    expect(run.err.join('\n')).toContain('JWT_SECRET is required');
  });

  it('seed adds the demo once, and repeating it changes nothing', async () => {
    const first = await cli(['seed']);
    expect(first.code).toBe(0);
    expect(first.out).toEqual([
      `demo admin ${DEMO_ADMIN.email} created`,
      'demo zones created: SOUTHSIDE, NORTHSIDE',
      'demo volunteers: 8 created, 0 updated, 0 unchanged',
      `log in as ${DEMO_ADMIN.email} with the password ${DEMO_ADMIN.password}`,
    ]);
    const again = await cli(['seed']);
    expect(again.out.slice(0, 3)).toEqual([
      `demo admin ${DEMO_ADMIN.email} already there (password reset)`,
      'demo zones already there: SOUTHSIDE, NORTHSIDE',
      'demo volunteers: 0 created, 0 updated, 8 unchanged',
    ]);
    expect(await canLogIn(DEMO_ADMIN.email, DEMO_ADMIN.password)).toBe(true);
  });

  it('seed refuses to run in production', async () => {
    const run = await cli(['seed'], { NODE_ENV: 'production' });
    expect(run.code).toBe(1);
    expect(run.err[0]).toMatch(/^NODE_ENV: is production/);
  });

  it('migrate:revert undoes the last migration and migrate applies it again', async () => {
    expect((await cli(['migrate'])).out).toEqual(['migrations: up to date']);
    const reverted = await cli(['migrate:revert']);
    expect(reverted.code).toBe(0);
    const name = /^migration reverted: (\w+)$/.exec(reverted.out[0] ?? '')?.[1];
    expect(MIGRATIONS.map((migration) => new migration().name)).toContain(name);
    expect((await cli(['migrate'])).out).toEqual([`migration applied: ${name}`]);
  });

  it('services start reports the servers it was given', async () => {
    const run = await cli(['services', 'start']);
    expect(run.code).toBe(0);
    expect(run.out).toEqual([`DATABASE_URL=${env.DATABASE_URL}`, `REDIS_URL=${env.REDIS_URL}`]);
    expect((await cli(['services', 'restart'])).code).toBe(2);
  });

  it('print-schema writes the API schema to the file given', async () => {
    const file = join(tmpdir(), `vecino-schema-${randomBytes(4).toString('hex')}.gql`);
    try {
      const run = await cli(['print-schema', '--out', file]);
      expect(run).toMatchObject({ code: 0, out: [`wrote ${file}`] });
      expect(await readFile(file, 'utf8')).toBe(await printApiSchema());
    } finally {
      await rm(file, { force: true });
    }
  });
});
