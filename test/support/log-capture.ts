import type { TestingModuleBuilder } from '@nestjs/testing';
import { PARAMS_PROVIDER_TOKEN } from 'nestjs-pino';
import type { AppConfig } from '../../src/config/config.js';
import { APP_CONFIG } from '../../src/config/config.module.js';
import { loggerParams } from '../../src/observability/logging.js';

export interface LogCapture {
  /** Every line the apps logged so far, as written (JSON). */
  readonly lines: string[];
  text: () => string;
  /** For `startTestApp({ override })`: the app's own logger settings, writing here instead of to stdout. */
  override: (builder: TestingModuleBuilder) => TestingModuleBuilder;
}

export function captureLogs(): LogCapture {
  const lines: string[] = [];
  const capture = { write: (line: string) => void lines.push(line) };
  return {
    lines,
    text: () => lines.join(''),
    override: (builder) =>
      builder.overrideProvider(PARAMS_PROVIDER_TOKEN).useFactory({
        inject: [APP_CONFIG],
        factory: async (config: AppConfig) => {
          const { pinoHttp } = await loggerParams(config);
          return { pinoHttp: [Array.isArray(pinoHttp) ? pinoHttp[0] : pinoHttp, capture] };
        },
      }),
  };
}
