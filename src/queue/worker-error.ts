import { errorName } from '../observability/safe-error.js';

/**
 * The message line for a BullMQ worker's `error` event. BullMQ's own job-state errors (a job's key or lock gone, as
 * when Redis loses its data) carry a negative code and a message naming only the job and the command: kept, since
 * the job id is what an operator needs. Anything else (a connection, a driver) is named by its class and code.
 */
export function workerErrorMessage(queue: string, error: Error): string {
  const { code } = error as { code?: unknown };
  return `${queue} worker: ${typeof code === 'number' && code < 0 ? error.message : errorName(error)}`;
}
