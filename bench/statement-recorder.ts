import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { DataSource, QueryRunner } from 'typeorm';

export interface Statement {
  sql: string;
  parameters: Parameters<QueryRunner['query']>[1];
}

type RequestListener = (request: IncomingMessage, response: ServerResponse) => void;

/**
 * Records the SQL statements TypeORM sends, per unit of work: a function (`record`), or each HTTP request a server
 * handles (`recordRequests`). Work is told apart by its async context, so the statements of timers (periodic
 * tasks) and of other requests are not counted. Benches and tests use it; it patches TypeORM's query runner
 * (its only reach into TypeORM's internals) until `uninstall`.
 */
export class StatementRecorder {
  private readonly current = new AsyncLocalStorage<Statement[]>();
  private readonly uninstallers: (() => void)[] = [];

  constructor(dataSource: DataSource) {
    const runner = dataSource.createQueryRunner();
    const prototype = Object.getPrototypeOf(runner) as QueryRunner;
    void runner.release();
    const original = prototype.query;
    const current = this.current;
    prototype.query = function (this: QueryRunner, ...args: Parameters<QueryRunner['query']>) {
      current.getStore()?.push({ sql: args[0], parameters: args[1] });
      return original.apply(this, args);
    } as QueryRunner['query'];
    this.uninstallers.push(() => (prototype.query = original));
  }

  /** Runs `work`, recording the statements it sends. */
  async record<T>(work: () => Promise<T>): Promise<{ result: T; statements: Statement[] }> {
    const statements: Statement[] = [];
    const result = await this.current.run(statements, work);
    return { result, statements };
  }

  /**
   * From now on, the statements of each request `server` handles are pushed to `requests` (one array each, in
   * the order the requests arrived) until `uninstall`.
   */
  recordRequests(server: Server, requests: Statement[][]): void {
    const listeners = server.listeners('request') as RequestListener[];
    server.removeAllListeners('request');
    const recorded: RequestListener = (request, response) => {
      const statements: Statement[] = [];
      requests.push(statements);
      this.current.run(statements, () => {
        for (const listener of listeners) listener.call(server, request, response);
      });
    };
    server.on('request', recorded);
    this.uninstallers.push(() => {
      server.off('request', recorded);
      for (const listener of listeners) server.on('request', listener);
    });
  }

  uninstall(): void {
    for (const uninstall of this.uninstallers.splice(0).reverse()) uninstall();
  }
}
