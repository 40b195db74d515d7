import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { MetricsService } from './metrics.service.js';

// Nest mounts middleware on this wildcard route; it stays in req.route when no route of a controller replaces it.
const MIDDLEWARE_WILDCARD = /\{\/\*splat\}$/;

/** Counts and times every HTTP request by its route pattern (never the raw path, to keep labels few). */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  constructor(private readonly metrics: MetricsService) {}

  use(req: Request, res: Response, next: NextFunction): void {
    const started = performance.now();
    res.on('finish', () => {
      const routePath = (req.route as { path?: string } | undefined)?.path?.replace(MIDDLEWARE_WILDCARD, '');
      const route = `${req.baseUrl}${routePath ?? ''}` || 'unmatched';
      const labels = { method: req.method, route };
      this.metrics.httpRequests.inc({ ...labels, status: String(res.statusCode) });
      this.metrics.httpDuration.observe(labels, (performance.now() - started) / 1000);
    });
    next();
  }
}
