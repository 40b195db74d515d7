import { EventEmitter } from 'node:events';
import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import type { AppConfig } from '../config/config.js';
import { isRedisConnectionError, RedisAvailability, redisEndpoint } from './redis-availability.js';

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

  it('logs other errors by class, unless their owner has a handler of its own', () => {
    const redis = availability();
    const unheard = new EventEmitter();
    redis.handleErrors(unheard, 'queue broadcasts');
    unheard.emit('error', new TypeError('Missing key for job 42'));
    expect(error).toHaveBeenCalledWith('queue broadcasts: TypeError');

    const heard = new EventEmitter();
    heard.on('error', () => undefined);
    redis.handleErrors(heard, 'worker broadcasts');
    heard.emit('error', new Error('Missing key for job 43'));
    expect(error).toHaveBeenCalledTimes(1);
    expect(redis.isReachable).toBe(true);
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
