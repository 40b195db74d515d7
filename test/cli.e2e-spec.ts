import { randomBytes } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { AuthModule } from '../src/auth/auth.module.js';
import { AuthService } from '../src/auth/auth.service.js';
import { withAppContext } from '../src/cli/app-context.js';
import { COMMANDS, runCli } from '../src/cli/commands.js';
import { printApiSchema } from '../src/cli/print-schema.command.js';
import { loadConfig, type AppConfig } from '../src/config/config.js';
import { MIGRATIONS } from '../src/database/migrations.js';
import { FieldCipher } from '../src/protected-data/field-cipher.js';
import { ProtectedDataModule } from '../src/protected-data/protected-data.module.js';
import { DEMO_ADMIN } from '../src/seed/demo-seed.js';
import { ZonesService } from '../src/zones/zones.service.js';
import { dropDatabase, isolatedEnv, type Env } from './support/test-app.js';
import { runBuiltCli } from './support/built-cli.js';

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

  it('lists every command in help, and exits with 2 and a hint for an unknown one', async () => {
    for (const argv of [['help'], ['--help'], []]) {
      const help = await cli(argv);
      expect(help.code).toBe(0);
      expect(help.out[0]).toBe('Usage: npm run cli -- <command> [options]');
      for (const command of COMMANDS) {
        expect(help.out).toContainEqual(expect.stringMatching(new RegExp(`^  ${command.name} `)));
      }
    }
    const unknown = await cli(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toEqual(["unknown command 'frobnicate'", '(npm run cli -- help lists the commands)']);
  });

  it.each(COMMANDS.map((command) => command.name))(
    '%s documents itself, with examples, under --help and help <command>',
    async (name) => {
      const help = await cli(['help', name]);
      expect(help.code).toBe(0);
      expect(help.out[0]).toMatch(new RegExp(`^Usage: npm run cli -- ${name} `));
      const examples = help.out.slice(help.out.indexOf('Examples:') + 1);
      expect(examples.length).toBeGreaterThan(0);
      for (const line of examples) expect(line).toMatch(/^ {2}(npm run cli -- \S|DATABASE_URL=)/);
      expect((await cli([name, '--help'])).out).toEqual(help.out);
    },
  );

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
    expect(usage.err).toEqual([
      "unknown option '--role'",
      '(npm run cli -- help create-admin for its usage)',
    ]);
  });

  it('create-staff creates a coordinator limited to zones given by code, naming a bad role or zone', async () => {
    const missing = await cli([
      'create-staff',
      '--email',
      'ana@example.org',
      '--password',
      'long enough 123',
    ]);
    expect(missing).toMatchObject({ code: 1, err: ['role: is required (--role <role>)'] });
    const badRole = await cli([
      'create-staff',
      '--email',
      'ana@example.org',
      '--password',
      'long enough 123',
      '--role',
      'BOSS',
    ]);
    expect(badRole).toMatchObject({ code: 1, err: ['role: must be one of ADMIN, COORDINATOR, TRAINER'] });
    const badZone = await cli([
      'create-staff',
      '--email',
      'ana@example.org',
      '--password',
      'long enough 123',
      '--role',
      'coordinator',
      '--zones',
      'NOWHERE',
    ]);
    expect(badZone).toMatchObject({ code: 1, err: ['zones: unknown zone NOWHERE'] });

    const zone = await withAppContext(config, [AuthModule], (app) =>
      app.get(ZonesService).create({ code: 'CLIZONE', name: 'CLI zone' }),
    );
    const created = await cli([
      'create-staff',
      '--email',
      'Ana@Example.org',
      '--password',
      'long enough 123',
      '--role',
      'coordinator',
      '--name',
      'Ana',
      '--zones',
      'clizone',
    ]);
    expect(created).toMatchObject({ code: 0, err: [] });
    expect(created.out).toEqual([expect.stringMatching(/^created coordinator ana@example\.org \(id /)]);
    const user = await withAppContext(
      config,
      [AuthModule],
      async (app) => (await app.get(AuthService).login('ana@example.org', 'long enough 123')).user,
    );
    expect(user).toMatchObject({ name: 'Ana', role: 'COORDINATOR', zones: [{ id: zone.id }] });
  });

  it('exits with 78 and names the variable when the configuration is bad', async () => {
    const run = await cli(['seed'], { JWT_SECRET: undefined });
    expect(run.code).toBe(78);
    expect(run.err.join('\n')).toContain('JWT_SECRET is required');
  });

  it('migrate needs DATABASE_URL only', async () => {
    const onlyDatabase = { REDIS_URL: undefined, JWT_SECRET: undefined, DATA_ENCRYPTION_KEY: undefined };
    expect(await cli(['migrate'], onlyDatabase)).toEqual({
      code: 0,
      out: ['migrations: up to date'],
      err: [],
    });
    // In development an empty REDIS_URL would mean "find or start the dev Redis": migrate does not look for one.
    const development = await cli(['migrate'], { ...onlyDatabase, NODE_ENV: 'development' });
    expect(development).toEqual({ code: 0, out: ['migrations: up to date'], err: [] });
    const none = await cli(['migrate'], { ...onlyDatabase, DATABASE_URL: undefined });
    expect(none.code).toBe(78);
    const problems = none.err.join('\n').match(/^ {2}- .*$/gm);
    expect(problems).toEqual([expect.stringContaining('DATABASE_URL is required')]);
  });

  it('seed adds the demo once, and repeating it changes nothing', async () => {
    const first = await cli(['seed']);
    expect(first.code).toBe(0);
    expect(first.out).toEqual([
      `demo admin ${DEMO_ADMIN.email} created`,
      'demo zones created: SOUTHSIDE, NORTHSIDE',
      'demo volunteers: 8 created, 0 updated, 0 unchanged',
      'demo delivery requests: 4 created',
      'demo training sessions published (with shifts) in: SOUTHSIDE, NORTHSIDE',
      `log in as ${DEMO_ADMIN.email} with the password ${DEMO_ADMIN.password}`,
    ]);
    const again = await cli(['seed']);
    expect(again.out.slice(0, 5)).toEqual([
      `demo admin ${DEMO_ADMIN.email} already there (password reset)`,
      'demo zones already there: SOUTHSIDE, NORTHSIDE',
      'demo volunteers: 0 created, 0 updated, 8 unchanged',
      'demo delivery requests: 0 created',
      'demo training sessions already upcoming in every demo zone',
    ]);
    expect(await canLogIn(DEMO_ADMIN.email, DEMO_ADMIN.password)).toBe(true);
    // The demo requests are open, in both zones, and encrypted as real ones are, each readable under the key.
    const requests = await withAppContext(config, [ProtectedDataModule], async (app) => {
      const rows: { zone: string; status: string; address_ciphertext: string }[] = await app
        .get(DataSource)
        .query(
          `SELECT z.code AS zone, r.status, r.address_ciphertext FROM delivery_requests r JOIN zones z ON z.id = r.zone_id`,
        );
      const cipher = app.get(FieldCipher);
      return rows.map((row) => ({ ...row, address: cipher.decrypt(row.address_ciphertext) }));
    });
    expect(requests.map((row) => `${row.zone} ${row.status}`).sort()).toEqual([
      'NORTHSIDE OPEN',
      'NORTHSIDE OPEN',
      'SOUTHSIDE OPEN',
      'SOUTHSIDE OPEN',
    ]);
    for (const row of requests) {
      expect(row.address_ciphertext).toMatch(/^v1:k1:/);
      expect(row.address_ciphertext).not.toContain(row.address);
    }
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
    const restart = await cli(['services', 'restart']);
    expect(restart.code).toBe(2);
    expect(restart.err[0]).toContain('Allowed choices are start, stop');
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

  describe('as a process (node dist/src/cli.js)', () => {
    const closedPort = async (): Promise<number> => {
      const server = createServer();
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as AddressInfo;
      await new Promise((resolve) => server.close(resolve));
      return port;
    };

    it('migrate with the database on a closed port prints one JSON line in production and exits 1', async () => {
      const port = await closedPort();
      const started = Date.now();
      const run = await runBuiltCli(['migrate'], {
        NODE_ENV: 'production',
        DATABASE_URL: `postgres://vecino:secret-password@127.0.0.1:${port}/vecino`,
      });
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      const lines = run.stderr.trimEnd().split('\n');
      expect(lines).toHaveLength(1);
      expect(JSON.parse(lines[0]!)).toMatchObject({
        level: 50,
        command: 'migrate',
        msg: `migrate failed: cannot reach 127.0.0.1:${port} (ECONNREFUSED)`,
      });
      expect(run.stderr).not.toContain('secret-password');
    });

    it('migrate without DATABASE_URL in production prints one JSON line naming it and exits 78', async () => {
      const run = await runBuiltCli(['migrate'], { NODE_ENV: 'production', DATABASE_URL: '' });
      expect(run.code).toBe(78);
      const lines = run.stderr.trimEnd().split('\n');
      expect(lines).toHaveLength(1);
      expect(JSON.parse(lines[0]!)).toMatchObject({
        level: 50,
        command: 'migrate',
        msg: expect.stringContaining('DATABASE_URL is required'),
      });
    });

    it('migrate outside production prints the same on one plain line', async () => {
      const port = await closedPort();
      const run = await runBuiltCli(['migrate'], {
        NODE_ENV: 'test',
        DATABASE_URL: `postgres://vecino@127.0.0.1:${port}/vecino`,
      });
      expect(run).toMatchObject({
        code: 1,
        stderr: `migrate failed: cannot reach 127.0.0.1:${port} (ECONNREFUSED)\n`,
      });
    });

    it('--help documents the commands and exits 0', async () => {
      const run = await runBuiltCli(['--help'], {});
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('Usage: npm run cli -- <command> [options]');
      expect(run.stdout).toContain('create-admin [options]');
    });
  });
});
