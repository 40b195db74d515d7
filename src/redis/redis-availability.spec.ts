import { EventEmitter } from 'node:events';
import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import type { AppConfig } from '../config/config.js';
import {
  isRedisConnectionError,
  logUnlessOutage,
  RedisAvailability,
  redisEndpoint,
} from './redis-availability.js';

const refused = () =>
  Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:6380'), { code: 'ECONNREFUSED' });

describe('RedisAvailability', () => {
  let warn: jest.SpiedFunction<Logger['warn']>;
  let log: jest.SpiedFunction<Logger['log']>;
  let error: jest.SpiedFunction<Logger['error']>;

  beforeEach(() => {
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  const availability = () =>
    new RedisAvailability({ redisUrl: 'redis://vecino:s3cret-pw@10.0.0.5:6380/0' } as AppConfig);

  it('logs an outage once when it starts and once when it ends, however often connections retry', () => {
    const redis = availability();
    const client = redis.follow(new EventEmitter());
    const worker = new EventEmitter();
    redis.handleErrors(worker, 'worker sms-outbound');

    for (let attempt = 0; attempt < 700; attempt++) {
      client.emit('error', refused());
      worker.emit('error', refused());
    }
    expect(redis.isReachable).toBe(false);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0]).toMatch(/^Redis at 10\.0\.0\.5:6380 is unreachable \(ECONNREFUSED\)/);

    client.emit('ready');
    client.emit('ready');
    expect(redis.isReachable).toBe(true);
    expect(log).toHaveBeenCalledTimes(1);
    expect(log.mock.calls[0][0]).toBe('Redis at 10.0.0.5:6380 is reachable again');

    client.emit('error', refused());
    expect(warn).toHaveBeenCalledTimes(2);
    const printed = JSON.stringify([...warn.mock.calls, ...log.mock.calls]);
    expect(printed).not.toContain('s3cret-pw');
  });

  it('warns of any other error itself, naming its owner and a lost job, even when the owner listens too', () => {
    const redis = availability();
    const queue = new EventEmitter();
    redis.handleErrors(queue, 'queue broadcasts');
    queue.emit('error', new TypeError('ERR value for 12 Elm St is not an integer'));
    expect(warn).toHaveBeenLastCalledWith(expect.objectContaining({ msg: 'queue broadcasts: TypeError' }));

    const worker = new EventEmitter();
    worker.on('error', () => undefined);
    redis.handleErrors(worker, 'worker broadcasts');
    // As BullMQ builds it (finishedErrors): a negative code, a message naming only the job and the command.
    const lostJob = Object.assign(new Error('Missing key for job 43. moveToFinished'), { code: -1 });
    worker.emit('error', lostJob);
    expect(warn).toHaveBeenLastCalledWith({
      msg: 'worker broadcasts: Missing key for job 43. moveToFinished',
      err: lostJob,
    });
    expect(warn).toHaveBeenCalledTimes(2);
    expect(error).not.toHaveBeenCalled();
    expect(redis.isReachable).toBe(true);
  });

  it('logs a failure at debug during an outage, else at the level asked', () => {
    const logger = new Logger('Caller');
    const debug = jest.spyOn(Logger.prototype, 'debug').mockImplementation(() => undefined);
    logUnlessOutage(logger, 'warn', 'could not enqueue: Error', refused());
    expect(debug).toHaveBeenCalledWith({ msg: 'could not enqueue: Error', err: expect.any(Error) });
    expect(warn).not.toHaveBeenCalled();

    const denied = new Error('NOPERM');
    logUnlessOutage(logger, 'warn', 'could not enqueue: Error', denied);
    logUnlessOutage(logger, 'error', 'task failed: Error', denied);
    expect(warn).toHaveBeenCalledWith({ msg: 'could not enqueue: Error', err: denied });
    expect(error).toHaveBeenCalledWith({ msg: 'task failed: Error', err: denied });
    expect(debug).toHaveBeenCalledTimes(1);
  });

  it('tells connection errors from others, and names an endpoint without credentials', () => {
    expect(isRedisConnectionError(refused())).toBe(true);
    expect(
      isRedisConnectionError(new Error("Stream isn't writeable and enableOfflineQueue options is false")),
    ).toBe(true);
    expect(isRedisConnectionError(new Error('Command timed out'))).toBe(true);
    expect(isRedisConnectionError(new Error('ERR unknown command'))).toBe(false);
    expect(isRedisConnectionError('ECONNREFUSED')).toBe(false);
    expect(redisEndpoint('rediss://:pw@cache.internal')).toBe('cache.internal:6379');
  });
});
