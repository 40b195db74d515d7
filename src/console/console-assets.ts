import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import type { AppConfig } from '../config/config.js';

/** Where `npm run build` puts the console (Vite, `web/`); relative to the working directory, as dist/ is. */
export const CONSOLE_BUILD_DIR = resolve('dist/console');

/** The URL path the coordinator console is served under (Vite's `base`). */
export const CONSOLE_PATH = '/console';

/** What the console reads at start-up: settings it must not hard-code. */
export interface ConsoleSettings {
  /** IANA zone every date in the console is shown in (NETWORK_TIMEZONE). */
  networkTimezone: string;
}

export function consoleSettings(config: AppConfig): ConsoleSettings {
  return { networkTimezone: config.networkTimezone };
}

/** A Host header fit to be echoed into a header value: name or address, optional port, nothing else. */
const SAFE_HOST = /^[a-z0-9.-]+(:\d{1,5})?$|^\[[0-9a-f:.]+\](:\d{1,5})?$/i;

/**
 * Content-Security-Policy of every built-console response: scripts, styles and data from this origin only (no
 * inline code), subscriptions over WebSocket to this host, no framing. Browsers differ on whether 'self' covers
 * ws: and wss:, so the host is named explicitly.
 */
export function consoleContentSecurityPolicy(host: string | undefined): string {
  const sockets = host && SAFE_HOST.test(host) ? ` ws://${host} wss://${host}` : '';
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    `connect-src 'self'${sockets}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

function securityHeaders(req: Request, res: Response, next: NextFunction): void {
  res.setHeader('Content-Security-Policy', consoleContentSecurityPolicy(req.headers.host));
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  next();
}

/**
 * The built console: files from `dir` (hashed assets cached for a year), and index.html for every other path
 * under /console/ so deep links (/console/deliveries/…) load the app, which routes them itself.
 */
export function builtConsole(dir: string = CONSOLE_BUILD_DIR): RequestHandler {
  const router = express.Router();
  router.use(securityHeaders);
  router.use(
    '/assets',
    express.static(resolve(dir, 'assets'), { immutable: true, maxAge: '365d', fallthrough: false }),
  );
  router.use(express.static(dir, { index: false }));
  router.get('/{*path}', (_req, res) => {
    const index = resolve(dir, 'index.html');
    if (!existsSync(index)) {
      res.status(404).type('text/plain').send('The console is not built: run `npm run build`.\n');
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  return router;
}

/**
 * Mounts the console on the API's Express app: `/console` redirects to `/console/`, `/console/config.json` gives
 * the settings, and `assets` (the built files, or Vite's dev middleware in `npm run dev`) serves the rest.
 */
export function mountConsole(
  app: { use: (handler: RequestHandler) => unknown },
  settings: ConsoleSettings,
  assets: RequestHandler,
): void {
  const router = express.Router({ strict: true });
  router.get(CONSOLE_PATH, (_req, res) => res.redirect(301, `${CONSOLE_PATH}/`));
  router.get(`${CONSOLE_PATH}/config.json`, (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json(settings);
  });
  router.use(CONSOLE_PATH, assets);
  app.use(router);
}
