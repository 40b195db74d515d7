import type { ApolloServerPlugin } from '@apollo/server';
import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { RedisAvailability } from '../redis/redis-availability.js';

/** One registry per app instance, so several apps in one process (tests) never clash over metric names. */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  readonly httpRequests = new Counter({
    name: 'vecino_http_requests_total',
    help: 'HTTP requests by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });

  readonly httpDuration = new Histogram({
    name: 'vecino_http_request_duration_seconds',
    help: 'HTTP request duration by method and route',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly graphqlRequests = new Counter({
    name: 'vecino_graphql_operations_total',
    help: 'GraphQL operations by name, type and outcome',
    labelNames: ['operation', 'type', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly graphqlDuration = new Histogram({
    name: 'vecino_graphql_operation_duration_seconds',
    help: 'GraphQL operation duration by name and type',
    labelNames: ['operation', 'type'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  constructor(redis: RedisAvailability) {
    collectDefaultMetrics({ register: this.registry, prefix: 'vecino_' });
    new Gauge({
      name: 'vecino_redis_degraded',
      help: '1 while this process cannot reach Redis (queues, subscriptions and shared rate limits wait), else 0',
      registers: [this.registry],
      collect() {
        this.set(redis.isReachable ? 0 : 1);
      },
    });
  }

  graphqlPlugin(): ApolloServerPlugin {
    const { graphqlRequests, graphqlDuration } = this;
    return {
      async requestDidStart() {
        const started = performance.now();
        return {
          async willSendResponse({ operationName, operation, errors }) {
            const labels = {
              operation: operationName ?? 'anonymous',
              type: operation?.operation ?? 'unknown',
            };
            graphqlRequests.inc({ ...labels, outcome: errors?.length ? 'error' : 'ok' });
            graphqlDuration.observe(labels, (performance.now() - started) / 1000);
          },
        };
      },
    };
  }
}
