import { setTimeout as delay } from 'node:timers/promises';
import { Inject, Injectable, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { DomainError } from '../common/domain-error.js';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { errorName } from '../observability/safe-error.js';
import { RedisAvailability } from '../redis/redis-availability.js';
import { REDIS, redisKey } from '../redis/redis.module.js';

/** A subscription Redis has not confirmed by then is refused, well within a client's patience. */
const SUBSCRIBE_TIMEOUT_MS = 1500;

/**
 * The events of one topic as an async iterator, the shape GraphQL subscriptions consume. `return()` (the
 * client unsubscribed) ends it at once, even while a `next()` is waiting, and releases the Redis channel.
 */
export class EventStream<T> implements AsyncIterableIterator<T> {
  private readonly buffered: T[] = [];
  private readonly waiting: ((result: IteratorResult<T>) => void)[] = [];
  private closed = false;

  constructor(private readonly onClose: () => Promise<void>) {}

  /** Delivers a value to the consumer: the next waiting `next()`, else the buffer. */
  push(value: T): void {
    if (this.closed) return;
    const waiter = this.waiting.shift();
    if (waiter) waiter({ value, done: false });
    else this.buffered.push(value);
  }

  next(): Promise<IteratorResult<T>> {
    if (this.buffered.length > 0) return Promise.resolve({ value: this.buffered.shift() as T, done: false });
    if (this.closed) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  async return(): Promise<IteratorResult<T>> {
    if (!this.closed) {
      this.closed = true;
      this.buffered.length = 0;
      for (const waiter of this.waiting.splice(0)) waiter({ value: undefined, done: true });
      await this.onClose();
    }
    return { value: undefined, done: true };
  }

  async throw(error: unknown): Promise<IteratorResult<T>> {
    await this.return();
    throw error;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}

/**
 * Publish/subscribe for GraphQL subscriptions over Redis, so an event published by a worker reaches clients
 * connected to any API process. Topics live under the deployment's key prefix. Each process opens one
 * subscriber connection, on its first subscription (workers, which only publish, never open one).
 */
@Injectable()
export class PubSub implements OnApplicationShutdown {
  private readonly logger = new Logger(PubSub.name);
  private subscriber: Redis | null = null;
  /** Local listeners by Redis channel; the channel is subscribed while it has at least one. */
  private readonly listeners = new Map<string, Set<(message: string) => void>>();

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly availability: RedisAvailability,
  ) {}

  async publish(topic: string, payload: unknown): Promise<void> {
    await this.redis.publish(this.channelOf(topic), JSON.stringify(payload));
  }

  /**
   * Resolves once Redis confirmed the subscription, so nothing published afterwards is missed. Each message is
   * JSON-parsed and passed through `revive` (JSON has no dates, for one). SERVICE_UNAVAILABLE at once while Redis
   * is unreachable, or when Redis does not confirm within SUBSCRIBE_TIMEOUT_MS. With `keep`, only the events it
   * accepts reach the stream (a zone-limited coordinator's, say).
   */
  async subscribe<T>(
    topic: string,
    revive: (payload: unknown) => T,
    keep: (event: T) => boolean = () => true,
  ): Promise<EventStream<T>> {
    if (!this.availability.isReachable) throw subscriptionsUnavailable();
    const channel = this.channelOf(topic);
    const stream: EventStream<T> = new EventStream(() => this.removeListener(channel, listener));
    const listener = (message: string) => {
      try {
        const event = revive(JSON.parse(message));
        if (keep(event)) stream.push(event);
      } catch (error) {
        this.logger.warn(`dropped an unreadable event on ${topic}: ${errorName(error)}`);
      }
    };
    let channelListeners = this.listeners.get(channel);
    if (!channelListeners) {
      channelListeners = new Set();
      this.listeners.set(channel, channelListeners);
    }
    channelListeners.add(listener);
    try {
      // Subscribing to a channel this process already listens to is a no-op for Redis, and confirms it.
      const timeout = new AbortController();
      await Promise.race([
        this.subscriberConnection().subscribe(channel),
        delay(SUBSCRIBE_TIMEOUT_MS, undefined, { signal: timeout.signal }).then(() => {
          throw subscriptionsUnavailable();
        }),
      ]).finally(() => timeout.abort());
    } catch (error) {
      // Not awaited: against a hung Redis, releasing the channel would wait as long as subscribing did.
      void stream.return();
      throw error;
    }
    return stream;
  }

  async onApplicationShutdown(): Promise<void> {
    const subscriber = this.subscriber;
    this.subscriber = null;
    this.listeners.clear();
    await subscriber?.quit().catch(() => subscriber.disconnect());
  }

  private channelOf(topic: string): string {
    return redisKey(this.config, 'pubsub', topic);
  }

  private subscriberConnection(): Redis {
    if (!this.subscriber) {
      // A connection in subscriber mode can do nothing else; ioredis re-subscribes after a reconnect. No ready
      // check: its INFO, sent once connected, is refused when subscriptions opened at once (a dashboard's) already
      // put the connection in subscriber mode, and that subscription failed.
      const subscriber = new Redis(this.config.redisUrl, {
        maxRetriesPerRequest: null,
        enableReadyCheck: false,
      });
      subscriber.on('message', (channel: string, message: string) => {
        for (const listener of this.listeners.get(channel) ?? []) listener(message);
      });
      this.availability.handleErrors(subscriber, 'subscriber connection');
      this.subscriber = subscriber;
    }
    return this.subscriber;
  }

  private async removeListener(channel: string, listener: (message: string) => void): Promise<void> {
    const channelListeners = this.listeners.get(channel);
    if (!channelListeners?.delete(listener) || channelListeners.size > 0) return;
    this.listeners.delete(channel);
    await this.subscriber?.unsubscribe(channel).catch(() => undefined);
  }
}

function subscriptionsUnavailable(): DomainError {
  return DomainError.serviceUnavailable('Live updates are unavailable right now; try again shortly');
}

/** Import where events are published or subscribed to; one PubSub per process. */
@Module({ providers: [PubSub], exports: [PubSub] })
export class PubSubModule {}
