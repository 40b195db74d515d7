import { Controller, Get, Header, Res } from '@nestjs/common';
import { SkipRateLimit } from '../rate-limit/rate-limit.js';
import type { Response } from 'express';
import { MetricsService } from './metrics.service.js';

@SkipRateLimit()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  async scrape(@Res() res: Response): Promise<void> {
    res.type(this.metrics.registry.contentType).send(await this.metrics.registry.metrics());
  }
}
