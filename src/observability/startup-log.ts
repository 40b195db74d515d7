import type { LoggerService } from '@nestjs/common';
import { ConsoleLogger } from '@nestjs/common';
import { pino, type Logger as Pino } from 'pino';

type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

/**
 * Nest's LoggerService over a plain pino logger, for what is written before the app's own pino logger exists
 * (Nest's bootstrap lines, a failed start): one JSON line each, the same shape as the app's lines. A stack that
 * Nest passes along is dropped — the first line says what failed.
 */
class PinoStartupLogger implements LoggerService {
  constructor(private readonly pino: Pino) {}

  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }

  private write(level: Level, message: unknown, rest: unknown[]): void {
    // Nest passes the context last (after a stack, for errors).
    const context = typeof rest.at(-1) === 'string' ? rest.at(-1) : undefined;
    const text = message instanceof Error ? `${message.name}: ${message.message}` : String(message);
    this.pino[level]({ context }, text);
  }
}

/** Production: JSON lines (pino); elsewhere Nest's readable console lines. */
export function startupLogger(production: boolean, level = 'info'): LoggerService {
  if (!production) return new ConsoleLogger();
  // Synchronous, so a line written just before process.exit() is not lost.
  return new PinoStartupLogger(pino({ level }, pino.destination({ fd: 2, sync: true })));
}

/** Ends a process that cannot start: one line (JSON in production), then a non-zero exit code. */
export function exitOnStartupFailure(line: string, production: boolean, exitCode = 1): never {
  if (production) startupLogger(true).fatal?.(`vecino cannot start: ${line}`);
  else process.stderr.write(`vecino cannot start: ${line}\n`);
  process.exit(exitCode);
}
