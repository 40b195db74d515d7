import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { Redis } from 'ioredis';
import { freePort } from './free-port.js';
import { waitFor } from './wait.js';

/**
 * A redis-server of one test file's own, on a free port, for tests that flush or stop Redis: the shared one must
 * never be. Nothing is saved to disk.
 */
export class PrivateRedis {
  private server: ChildProcess | null = null;
  private spawnError: Error | null = null;

  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts the server on its port unless it is up; resolves once it answers PING. */
  async start(): Promise<void> {
    if (this.isUp()) return;
    this.spawnError = null;
    const server = spawn(
      'redis-server',
      [
        '--port',
        String(this.port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--daemonize',
        'no',
      ],
      { stdio: 'ignore' },
    );
    server.once('error', (error) => (this.spawnError = error));
    this.server = server;
    await waitFor(
      () => {
        if (this.spawnError) throw this.spawnError;
        if (!this.isUp()) throw new Error(`redis-server exited with ${server.exitCode ?? server.signalCode}`);
        return ping(this.url);
      },
      (answer) => answer === 'PONG',
      { timeoutMs: 10_000, intervalMs: 50 },
    );
  }

  /** Kills the server, as a crash would, and waits for it to exit; does nothing if it is down. */
  async stop(): Promise<void> {
    if (!this.server || !this.isUp()) return;
    const exited = once(this.server, 'exit');
    this.server.kill('SIGKILL');
    await exited;
  }

  /** SIGSTOP: Redis hangs — connections stay open, and commands get no answer — until `resume()`. */
  pause(): void {
    this.server?.kill('SIGSTOP');
  }

  resume(): void {
    this.server?.kill('SIGCONT');
  }

  /** FLUSHALL: Redis losing its data. */
  async flushAll(): Promise<void> {
    const client = new Redis(this.url, { maxRetriesPerRequest: 1 });
    try {
      await client.flushall();
    } finally {
      client.disconnect();
    }
  }

  private isUp(): boolean {
    return this.server !== null && this.server.exitCode === null && this.server.signalCode === null;
  }
}

/** A private redis-server on a free port, answering PING. Call `stop()` in afterAll. */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const redis = new PrivateRedis(await freePort());
  await redis.start();
  return redis;
}

/** PONG, or null while nothing answers. */
async function ping(url: string): Promise<string | null> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return await client.ping();
  } catch {
    return null;
  } finally {
    client.disconnect();
  }
}
