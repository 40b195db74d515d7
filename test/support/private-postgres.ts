import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureLocalServices, stopLocalServices } from '../../src/dev/local-services.js';
import { freePort } from './free-port.js';

/**
 * A PostgreSQL server of one test file's own (initdb and pg_ctl, as for `npm run dev`'s project-local server, on
 * a free port with its data in a temporary folder), for tests that stop it: the shared one must never be.
 */
export class PrivatePostgres {
  private constructor(
    private readonly dataDir: string,
    private readonly port: number,
    private readonly redisUrl: string,
    /** postgres://…/vecino on this server. */
    readonly databaseUrl: string,
  ) {}

  /** Creates the cluster and starts it. `redisUrl` is only checked: no Redis is started beside it. */
  static async start(redisUrl: string): Promise<PrivatePostgres> {
    const dataDir = await mkdtemp(join(tmpdir(), 'vecino-private-pg-'));
    // Run as root, the server runs as the postgres user, who must reach the cluster folder inside.
    await chmod(dataDir, 0o755);
    const port = await freePort();
    const { databaseUrl } = await ensureLocalServices(PrivatePostgres.options(dataDir, port, redisUrl));
    return new PrivatePostgres(dataDir, port, redisUrl, databaseUrl);
  }

  /** `pg_ctl stop -m fast`: open connections are cut, new ones refused, until `start()`. */
  async stop(): Promise<void> {
    await stopLocalServices(this.dataDir);
  }

  /** Starts the stopped server again on the same port, with its data. */
  async start(): Promise<void> {
    await ensureLocalServices(PrivatePostgres.options(this.dataDir, this.port, this.redisUrl));
  }

  /** Stops the server and deletes its data. */
  async remove(): Promise<void> {
    await this.stop();
    await rm(this.dataDir, { recursive: true, force: true });
  }

  private static options(dataDir: string, port: number, redisUrl: string) {
    return {
      dataDir,
      localPgPort: port,
      redisUrl,
      skipConventionalDefaults: true,
      log: () => undefined,
    };
  }
}
