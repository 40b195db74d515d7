import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access, chmod, chown, mkdir, readdir, readFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join, resolve } from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';

/**
 * PostgreSQL and Redis for `npm run dev` and the test suite: the URLs given, else the conventional local servers,
 * else a project-local pair started from the machine's PostgreSQL and Redis binaries, with data in `dataDir`.
 */

export interface ServiceUrls {
  databaseUrl: string;
  redisUrl: string;
}

export interface LocalServicesOptions {
  /** DATABASE_URL; when given it must answer, nothing else is tried. */
  databaseUrl?: string;
  /** REDIS_URL; when given it must answer, nothing else is tried. */
  redisUrl?: string;
  /** Where the project-local servers keep their data (`pg/`, `redis/`). */
  dataDir: string;
  log: (line: string) => void;
  /** Port of the project-local PostgreSQL (default 54329). */
  localPgPort?: number;
  /** Port of the project-local Redis (default 63799). */
  localRedisPort?: number;
  /** Go straight to the project-local servers, without trying 127.0.0.1:5432 and :6379. */
  skipConventionalDefaults?: boolean;
}

const DATABASE_NAME = 'vecino';
const CONVENTIONAL_PG_PORT = 5432;
const CONVENTIONAL_REDIS_PORT = 6379;
const DEFAULT_LOCAL_PG_PORT = 54329;
const DEFAULT_LOCAL_REDIS_PORT = 63799;
const HOST = '127.0.0.1';
const PG_INSTALL_ROOT = '/usr/lib/postgresql';
const CONNECT_TIMEOUT_MS = 3000;
const REDIS_START_TIMEOUT_MS = 10_000;
const LOG_TAIL_LINES = 20;

export async function ensureLocalServices(opts: LocalServicesOptions): Promise<ServiceUrls> {
  const paths = layout(resolve(opts.dataDir));
  const { log } = opts;
  const pgPort = opts.localPgPort ?? DEFAULT_LOCAL_PG_PORT;
  const redisPort = opts.localRedisPort ?? DEFAULT_LOCAL_REDIS_PORT;

  const runningDatabaseUrl = await findRunningPostgres(opts);
  const runningRedisUrl = await findRunningRedis(opts);
  const binaries = await ensureBinaries({ postgres: !runningDatabaseUrl, redis: !runningRedisUrl }, log);

  return {
    databaseUrl: runningDatabaseUrl ?? (await startLocalPostgres(paths, pgPort, log)),
    redisUrl: runningRedisUrl ?? (await startLocalRedis(paths, redisPort, binaries.redisServer!, log)),
  };
}

/** Stops the project-local servers of `dataDir`, if they run; its data stays for the next start. */
export async function stopLocalServices(
  dataDir: string,
): Promise<{ stoppedPostgres: boolean; stoppedRedis: boolean }> {
  const paths = layout(resolve(dataDir));
  return { stoppedPostgres: await stopLocalPostgres(paths), stoppedRedis: await stopLocalRedis(paths) };
}

interface Layout {
  dataDir: string;
  pgDir: string;
  pgLog: string;
  redisDir: string;
  redisPidFile: string;
  redisLog: string;
}

function layout(dataDir: string): Layout {
  const pgDir = join(dataDir, 'pg');
  const redisDir = join(dataDir, 'redis');
  return {
    dataDir,
    pgDir,
    pgLog: join(pgDir, 'server.log'),
    redisDir,
    redisPidFile: join(redisDir, 'redis.pid'),
    redisLog: join(redisDir, 'redis.log'),
  };
}

// ---------------------------------------------------------------- already running

async function findRunningPostgres(opts: LocalServicesOptions): Promise<string | undefined> {
  if (opts.databaseUrl) {
    const problem = await postgresProblem(opts.databaseUrl);
    if (problem) {
      throw new Error(
        `DATABASE_URL (${redactUrl(opts.databaseUrl)}) is not reachable: ${problem}. ` +
          'Start that server, fix DATABASE_URL, or unset it to use a local PostgreSQL.',
      );
    }
    opts.log(`PostgreSQL: using DATABASE_URL (${redactUrl(opts.databaseUrl)})`);
    return opts.databaseUrl;
  }
  if (opts.skipConventionalDefaults) return undefined;

  const serverUrl = `postgres://postgres@${HOST}:${CONVENTIONAL_PG_PORT}/postgres`;
  const problem = await postgresProblem(serverUrl);
  if (problem) {
    opts.log(`PostgreSQL: not using ${HOST}:${CONVENTIONAL_PG_PORT} (${problem})`);
    return undefined;
  }
  await createDatabaseIfMissing(serverUrl, opts.log);
  const databaseUrl = `postgres://postgres@${HOST}:${CONVENTIONAL_PG_PORT}/${DATABASE_NAME}`;
  opts.log(`PostgreSQL: using ${databaseUrl}`);
  return databaseUrl;
}

async function findRunningRedis(opts: LocalServicesOptions): Promise<string | undefined> {
  if (opts.redisUrl) {
    const problem = await redisProblem(opts.redisUrl);
    if (problem) {
      throw new Error(
        `REDIS_URL (${redactUrl(opts.redisUrl)}) is not reachable: ${problem}. ` +
          'Start that server, fix REDIS_URL, or unset it to use a local Redis.',
      );
    }
    opts.log(`Redis: using REDIS_URL (${redactUrl(opts.redisUrl)})`);
    return opts.redisUrl;
  }
  if (opts.skipConventionalDefaults) return undefined;

  const redisUrl = `redis://${HOST}:${CONVENTIONAL_REDIS_PORT}`;
  const problem = await redisProblem(redisUrl);
  if (problem) {
    opts.log(`Redis: not using ${HOST}:${CONVENTIONAL_REDIS_PORT} (${problem})`);
    return undefined;
  }
  opts.log(`Redis: using ${redisUrl}`);
  return redisUrl;
}

/** Why the server behind `url` cannot be used, or undefined when it answers `SELECT 1`. */
async function postgresProblem(url: string): Promise<string | undefined> {
  const unreachable = await tcpProblem(url, CONVENTIONAL_PG_PORT);
  if (unreachable) return unreachable;
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    return errorMessage(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Why the server behind `url` cannot be used, or undefined when it answers PING. */
async function redisProblem(url: string): Promise<string | undefined> {
  const unreachable = await tcpProblem(url, CONVENTIONAL_REDIS_PORT);
  if (unreachable) return unreachable;
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: CONNECT_TIMEOUT_MS,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  // The failure is reported by connect()/ping(); without a listener ioredis would also print it.
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
    return undefined;
  } catch (error) {
    return errorMessage(error);
  } finally {
    client.disconnect();
  }
}

/** A quick TCP connect, so that a closed port fails fast and plainly. URLs without a host (sockets) pass. */
async function tcpProblem(url: string, defaultPort: number): Promise<string | undefined> {
  let host: string;
  let port: number;
  try {
    const parsed = new URL(url);
    host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
    port = parsed.port ? Number(parsed.port) : defaultPort;
  } catch {
    return 'not a valid URL';
  }
  if (!host) return undefined;
  return (await isPortOpen(host, port)) ? undefined : `nothing answers on ${host}:${port}`;
}

function isPortOpen(host: string, port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ host, port });
    const finish = (open: boolean) => {
      socket.destroy();
      done(open);
    };
    socket.setTimeout(CONNECT_TIMEOUT_MS, () => finish(false));
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}

async function createDatabaseIfMissing(serverUrl: string, log: (line: string) => void): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  await client.connect();
  try {
    const existing = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE_NAME]);
    if (existing.rowCount) return;
    log(`PostgreSQL: creating database ${DATABASE_NAME}`);
    await client.query(`CREATE DATABASE ${DATABASE_NAME}`);
  } catch (error) {
    // Another process created it between the check and CREATE DATABASE.
    const code = (error as { code?: string }).code;
    if (code !== '42P04' && code !== '23505') throw error;
  } finally {
    await client.end();
  }
}

// ---------------------------------------------------------------- binaries

interface Binaries {
  pgBinDirs: string[];
  redisServer?: string;
}

async function ensureBinaries(
  needed: { postgres: boolean; redis: boolean },
  log: (line: string) => void,
): Promise<Binaries> {
  let binaries = await findBinaries();
  const missingPackages = () => [
    ...(needed.postgres && binaries.pgBinDirs.length === 0 ? ['postgresql'] : []),
    ...(needed.redis && !binaries.redisServer ? ['redis-server'] : []),
  ];
  if (missingPackages().length === 0) return binaries;

  if (process.getuid?.() !== 0) {
    throw new Error(
      'No usable PostgreSQL or Redis is running and the programs to start one are not installed. ' +
        'Install the Debian packages ' +
        `${missingPackages().join(' ')} (sudo apt-get install -y ${missingPackages().join(' ')}), ` +
        'or set DATABASE_URL and REDIS_URL to running servers.',
    );
  }
  const packages = missingPackages();
  log(`Installing ${packages.join(' ')} from Debian's packages`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  await runChecked('apt-get', ['update'], { env, log });
  await runChecked('apt-get', ['install', '-y', ...packages], { env, log });
  binaries = await findBinaries();
  if (missingPackages().length > 0) {
    throw new Error(
      `apt-get installed ${packages.join(' ')} but ${missingPackages().join(' ')} is still missing`,
    );
  }
  return binaries;
}

async function findBinaries(): Promise<Binaries> {
  return { pgBinDirs: await findPgBinDirs(), redisServer: await findExecutable('redis-server') };
}

/** Installed PostgreSQL bin dirs (`/usr/lib/postgresql/<major>/bin`), newest first. */
async function findPgBinDirs(): Promise<string[]> {
  const majors = await readdir(PG_INSTALL_ROOT).catch(() => [] as string[]);
  const binDirs: string[] = [];
  for (const major of majors.filter((name) => /^\d+$/.test(name)).sort((a, b) => Number(b) - Number(a))) {
    const binDir = join(PG_INSTALL_ROOT, major, 'bin');
    if (await isExecutable(join(binDir, 'pg_ctl'))) binDirs.push(binDir);
  }
  return binDirs;
}

async function findExecutable(name: string): Promise<string | undefined> {
  const dirs = [
    ...(process.env.PATH ?? '').split(':').filter(Boolean),
    '/usr/local/bin',
    '/usr/bin',
    '/usr/sbin',
  ];
  for (const dir of dirs) {
    if (await isExecutable(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

function isExecutable(path: string): Promise<boolean> {
  return access(path, constants.X_OK).then(
    () => true,
    () => false,
  );
}

/** The bin dir matching the cluster's PG_VERSION, else the newest installed. */
async function pgBinDirFor(pgDir: string): Promise<string | undefined> {
  const binDirs = await findPgBinDirs();
  const clusterVersion = await readTrimmed(join(pgDir, 'PG_VERSION'));
  return (
    binDirs.find((dir) => clusterVersion && dir === join(PG_INSTALL_ROOT, clusterVersion, 'bin')) ??
    binDirs[0]
  );
}

// ---------------------------------------------------------------- project-local PostgreSQL

async function startLocalPostgres(paths: Layout, port: number, log: (line: string) => void): Promise<string> {
  const binDir = (await pgBinDirFor(paths.pgDir))!;
  const serverUrl = `postgres://postgres@${HOST}:${port}/postgres`;
  const databaseUrl = `postgres://postgres@${HOST}:${port}/${DATABASE_NAME}`;

  if (await isLocalPostgresRunning(binDir, paths)) {
    const problem = await postgresProblem(serverUrl);
    if (problem) {
      throw new Error(
        `The project-local PostgreSQL in ${paths.pgDir} runs but does not answer on port ${port} (${problem}); ` +
          'stop it (stopLocalServices) and start again.',
      );
    }
    log(`PostgreSQL: project-local server already running on ${HOST}:${port}`);
  } else {
    if (await isPortOpen(HOST, port)) {
      throw new Error(
        `Port ${port} on ${HOST} is taken by another program; choose another local PostgreSQL port.`,
      );
    }
    if (!(await readTrimmed(join(paths.pgDir, 'PG_VERSION')))) await initCluster(binDir, paths, log);
    log(`PostgreSQL: starting project-local server on ${HOST}:${port} (data in ${paths.pgDir})`);
    const [command, args] = asPgOwner(join(binDir, 'pg_ctl'), [
      '-D',
      paths.pgDir,
      '-l',
      paths.pgLog,
      '-o',
      // pg_ctl hands these to a shell; the socket goes into the cluster folder, away from /var/run/postgresql.
      `-p ${port} -k "${paths.pgDir}" -c listen_addresses=${HOST}`,
      '-w',
      '-t',
      '60',
      'start',
    ]);
    await runChecked(command, args, {
      cwd: paths.pgDir,
      failure: 'PostgreSQL did not start',
      logFile: paths.pgLog,
    });
  }
  await createDatabaseIfMissing(serverUrl, log);
  return databaseUrl;
}

async function initCluster(binDir: string, paths: Layout, log: (line: string) => void): Promise<void> {
  log(`PostgreSQL: creating a cluster in ${paths.pgDir}`);
  await mkdir(paths.dataDir, { recursive: true, mode: 0o755 });
  await mkdir(paths.pgDir, { recursive: true, mode: 0o700 });
  if (process.getuid?.() === 0) {
    // initdb refuses to run as root: the cluster belongs to the postgres user.
    const [uid, gid] = await Promise.all([postgresId('-u'), postgresId('-g')]);
    await chown(paths.pgDir, uid, gid);
  }
  await chmod(paths.pgDir, 0o700);
  const [command, args] = asPgOwner(join(binDir, 'initdb'), [
    '-D',
    paths.pgDir,
    '-U',
    'postgres',
    '--auth=trust',
    '-E',
    'UTF8',
    '--locale=C.UTF-8',
  ]);
  const hint =
    process.getuid?.() === 0 ? ' (it runs as the postgres user, who must be able to reach that folder)' : '';
  await runChecked(command, args, { cwd: paths.pgDir, failure: `initdb failed in ${paths.pgDir}${hint}` });
}

async function postgresId(flag: '-u' | '-g'): Promise<number> {
  const { output } = await runChecked('id', [flag, 'postgres']);
  return Number(output.trim());
}

async function isLocalPostgresRunning(binDir: string, paths: Layout): Promise<boolean> {
  if (!(await readTrimmed(join(paths.pgDir, 'PG_VERSION')))) return false;
  // pg_ctl status: 0 running, 3 not running (a stale postmaster.pid counts as not running).
  const [command, args] = asPgOwner(join(binDir, 'pg_ctl'), ['-D', paths.pgDir, 'status']);
  const { code } = await runCommand(command, args, { cwd: paths.pgDir });
  return code === 0;
}

async function stopLocalPostgres(paths: Layout): Promise<boolean> {
  const binDir = await pgBinDirFor(paths.pgDir);
  if (!binDir || !(await isLocalPostgresRunning(binDir, paths))) return false;
  const [command, args] = asPgOwner(join(binDir, 'pg_ctl'), ['-D', paths.pgDir, '-m', 'fast', '-w', 'stop']);
  await runChecked(command, args, {
    cwd: paths.pgDir,
    failure: 'PostgreSQL did not stop',
    logFile: paths.pgLog,
  });
  return true;
}

/** PostgreSQL programs refuse to run as root: as root they run as the postgres user. */
function asPgOwner(program: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', program, ...args]] : [program, args];
}

// ---------------------------------------------------------------- project-local Redis

async function startLocalRedis(
  paths: Layout,
  port: number,
  redisServer: string,
  log: (line: string) => void,
): Promise<string> {
  const url = `redis://${HOST}:${port}`;
  const pid = await runningRedisPid(paths);
  if (pid) {
    const problem = await redisProblem(url);
    if (problem) {
      throw new Error(
        `The project-local Redis in ${paths.redisDir} (pid ${pid}) does not answer on port ${port} (${problem}); ` +
          'stop it (stopLocalServices) and start again.',
      );
    }
    log(`Redis: project-local server already running on ${HOST}:${port}`);
    return url;
  }
  if (await isPortOpen(HOST, port)) {
    throw new Error(`Port ${port} on ${HOST} is taken by another program; choose another local Redis port.`);
  }
  await mkdir(paths.redisDir, { recursive: true });
  log(`Redis: starting project-local server on ${HOST}:${port} (data in ${paths.redisDir})`);
  await runChecked(
    redisServer,
    [
      '--port',
      String(port),
      '--bind',
      HOST,
      '--daemonize',
      'yes',
      '--dir',
      paths.redisDir,
      '--appendonly',
      'yes',
      // BullMQ loses jobs if Redis evicts keys.
      '--maxmemory-policy',
      'noeviction',
      '--pidfile',
      paths.redisPidFile,
      '--logfile',
      paths.redisLog,
    ],
    { failure: 'Redis did not start', logFile: paths.redisLog },
  );
  await waitForRedis(url, paths.redisLog);
  return url;
}

async function waitForRedis(url: string, logFile: string): Promise<void> {
  // With --daemonize the command returns before the server listens.
  const deadline = Date.now() + REDIS_START_TIMEOUT_MS;
  let problem = await redisProblem(url);
  while (problem && Date.now() < deadline) {
    await sleep(100);
    problem = await redisProblem(url);
  }
  if (problem) {
    throw new Error(
      `Redis did not answer within ${REDIS_START_TIMEOUT_MS / 1000} s (${problem})${await logTail(logFile)}`,
    );
  }
}

async function stopLocalRedis(paths: Layout): Promise<boolean> {
  const pid = await runningRedisPid(paths);
  if (!pid) return false;
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + REDIS_START_TIMEOUT_MS;
  while (await isRedisProcess(pid)) {
    if (Date.now() > deadline) {
      throw new Error(
        `Redis (pid ${pid}) did not stop within ${REDIS_START_TIMEOUT_MS / 1000} s${await logTail(paths.redisLog)}`,
      );
    }
    await sleep(100);
  }
  return true;
}

/** The pid in the pid file, when that process is still a Redis server (a crash can leave a stale pid file). */
async function runningRedisPid(paths: Layout): Promise<number | undefined> {
  const pid = Number(await readTrimmed(paths.redisPidFile));
  return Number.isInteger(pid) && pid > 0 && (await isRedisProcess(pid)) ? pid : undefined;
}

async function isRedisProcess(pid: number): Promise<boolean> {
  // "<pid> (<command>) <state> ..."; an exited but unreaped process is Z (zombie).
  const stat = /^\d+ \((.*)\) (\S)/.exec((await readTrimmed(`/proc/${pid}/stat`)) ?? '');
  return !!stat && stat[1]!.startsWith('redis-server') && stat[2] !== 'Z' && stat[2] !== 'X';
}

// ---------------------------------------------------------------- helpers

interface CommandResult {
  code: number;
  output: string;
}

interface CommandOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Receives each line of output as it comes. */
  log?: (line: string) => void;
}

/** Runs a program to its end; resolves with its exit code and its stdout and stderr, interleaved. */
function runCommand(command: string, args: string[], options: CommandOptions = {}): Promise<CommandResult> {
  options.log?.(`$ ${command} ${args.join(' ')}`);
  return new Promise((done, fail) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let pending = '';
    const collect = (chunk: Buffer) => {
      const text = chunk.toString();
      output += text;
      if (!options.log) return;
      const lines = (pending + text).split('\n');
      pending = lines.pop() ?? '';
      lines.forEach((line) => options.log!(line));
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.once('error', (error) => fail(new Error(`Cannot run ${command}: ${error.message}`)));
    child.once('close', (code, signal) => {
      if (pending) options.log?.(pending);
      done({ code: code ?? (signal ? 128 : 1), output });
    });
  });
}

/** Like runCommand, but a non-zero exit is an Error carrying the end of the output and of `logFile`. */
async function runChecked(
  command: string,
  args: string[],
  options: CommandOptions & { failure?: string; logFile?: string } = {},
): Promise<CommandResult> {
  const result = await runCommand(command, args, options);
  if (result.code !== 0) {
    const failure = options.failure ?? `${command} ${args.join(' ')} failed`;
    const logText = options.logFile ? await logTail(options.logFile) : '';
    throw new Error(`${failure} (exit code ${result.code})\n${tail(result.output)}${logText}`);
  }
  return result;
}

function tail(text: string): string {
  return text.trimEnd().split('\n').slice(-LOG_TAIL_LINES).join('\n');
}

async function logTail(logFile: string): Promise<string> {
  const text = await readTrimmed(logFile);
  return text ? `\n--- end of ${logFile} ---\n${tail(text)}` : `\n(no log in ${logFile})`;
}

async function readTrimmed(path: string): Promise<string | undefined> {
  return readFile(path, 'utf8').then(
    (text) => text.trim(),
    () => undefined,
  );
}

function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

function errorMessage(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // Node's connection errors to several addresses are AggregateErrors with an empty message.
  return error.message || (error as { code?: string }).code || error.name;
}

/** The URL without its password, fit for logs and error messages. */
function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'an unparsable URL';
  }
}
