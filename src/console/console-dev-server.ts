import type { RequestHandler } from 'express';

export interface ConsoleDevServer {
  /** Serves /console/ from web/ sources, with hot reload. */
  middleware: RequestHandler;
  close: () => Promise<void>;
}

/**
 * `npm run dev`: Vite in middleware mode inside the API, so the console is on the API's origin as in production.
 * No Content-Security-Policy here: the React hot-reload preamble is an inline script. Vite is a development
 * dependency, loaded only here.
 */
export async function consoleDevServer(): Promise<ConsoleDevServer> {
  const { createServer } = await import('vite');
  const vite = await createServer({
    configFile: 'web/vite.config.ts',
    server: { middlewareMode: true },
    appType: 'spa',
  });
  return {
    // Mounted under /console, Express strips the prefix; Vite routes by the full path (its `base`).
    middleware: (req, res, next) => {
      req.url = req.originalUrl;
      vite.middlewares(req, res, next);
    },
    close: () => vite.close(),
  };
}
