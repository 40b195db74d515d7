/**
 * Console time-to-interactive benchmark: `npm run bench:console -- [requests=500] [rounds=5]`.
 *
 * Starts the API in this process (serving the built console at /console/) against a scratch database, seeds the
 * delivery requests (OPEN, ASSIGNED and a few overdue, over five zones) and opens the deliveries board in Debian's
 * Chromium through playwright-core, a fresh browser context (empty cache, signed in through sessionStorage as the
 * console keeps its session) per load. Each load measures, in the page's own clock from navigation start:
 *
 * - board: the board's columns rendered with their first card;
 * - answer: then a change of the console's language (a select, as a filter is) answered, every card re-rendered
 *   in Spanish: the page responds to input;
 * - interactive: board + answer, and the long tasks (over 50 ms, PerformanceObserver) up to then.
 *
 * The baseline is the same board, same server, for a coordinator limited to a zone with no requests (0 cards):
 * what the app, its bundle and the API cost without the load. Loads alternate (loaded, empty, loaded, …) and run
 * twice: as is, and with the CPU slowed 4× (CDP `Emulation.setCPUThrottlingRate`), as a cheap laptop.
 */
import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { DataSource } from 'typeorm';
import { AuthService } from '../src/auth/auth.service.js';
import { StaffRole } from '../src/auth/staff-user.entity.js';
import { createApi } from '../src/bootstrap.js';
import { tokenExpiry } from '../web/src/auth/token-expiry.js';
import { seedLists } from './list-fixtures.js';
import { withScratchDatabase } from './scratch-database.js';
import { count, interleaved, machineLine, ms, printTable, ratios, times } from './support/figures.js';

const REQUESTS = Number(process.argv[2] ?? 500);
const ROUNDS = Number(process.argv[3] ?? 5);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const say = (line: string) => process.stdout.write(`${line}\n`);

interface Load {
  boardMs: number;
  answerMs: number;
  longTasks: number;
  longTaskMs: number;
  cards: number;
}

interface Account {
  token: string;
  user: { id: string; email: string; role: string };
}

/** In the page before its scripts: the session where the console keeps it, and a long-task observer. */
const initScript = (account: Account) => `
  sessionStorage.setItem('vecino.session', ${JSON.stringify(
    JSON.stringify({ ...account, expiresAt: tokenExpiry(account.token) }),
  )});
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__longTasks.push({ start: entry.startTime, duration: entry.duration });
  }).observe({ type: 'longtask', buffered: true });
`;

async function loadBoard(
  browser: Browser,
  url: string,
  account: Account,
  cpuSlowdown: number,
  cards: boolean,
) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'en-US' });
  try {
    const page = await context.newPage();
    if (cpuSlowdown > 1) {
      const cdp = await context.newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpuSlowdown });
    }
    await page.addInitScript({ content: initScript(account) });
    await page.goto(url, { waitUntil: 'commit' });
    const ready = cards ? '.column .card' : '#column-OPEN';
    await page.waitForSelector(ready, { timeout: 120_000 });
    const boardMs = await page.evaluate(() => performance.now());
    // The language select re-renders every card; answered when the board's heading is in Spanish.
    await page.getByLabel('Console language').selectOption('es');
    await page.getByRole('heading', { name: 'Entregas', level: 1 }).waitFor({ timeout: 120_000 });
    const interactiveMs = await page.evaluate(() => performance.now());
    const tasks = (await page.evaluate('window.__longTasks')) as { start: number; duration: number }[];
    const upToInteractive = tasks.filter((task) => task.start <= interactiveMs);
    const load: Load = {
      boardMs,
      answerMs: interactiveMs - boardMs,
      longTasks: upToInteractive.length,
      longTaskMs: upToInteractive.reduce((sum, task) => sum + task.duration, 0),
      cards: await page.locator('.column .card').count(),
    };
    return load;
  } finally {
    await context.close();
  }
}

/** OPEN, ASSIGNED and overdue requests in five zones (the board shows OPEN, OFFERED, ASSIGNED, PICKED_UP). */
async function seed(dataSource: DataSource, createdById: string): Promise<void> {
  await seedLists((sql, parameters) => dataSource.query(sql, parameters), {
    volunteers: REQUESTS,
    deliveries: REQUESTS,
    createdById,
  });
  await dataSource.query(
    `UPDATE delivery_requests SET status = 'OPEN', assigned_volunteer_id = NULL,
            urgency = CASE WHEN code % 7 = 0 THEN 'HIGH' ELSE urgency END,
            deliver_by = CASE WHEN code % 5 = 0 THEN now() - interval '1 hour' ELSE deliver_by END
      WHERE code % 2 = 0`,
  );
  await dataSource.query(`INSERT INTO zones (code, name) VALUES ('EMPTY', 'No requests')`);
  await dataSource.query('ANALYZE');
}

await withScratchDatabase(async (scratch, database) => {
  const config = { ...scratch, logLevel: 'warn', queuePrefix: `vecino-bench-${database}` };
  const api = await createApi(config);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
    ],
  });
  try {
    await api.listen(0, '127.0.0.1');
    const { port } = api.getHttpServer().address() as AddressInfo;
    const board = `http://127.0.0.1:${port}/console/deliveries`;
    const dataSource = api.get(DataSource);
    const auth = api.get(AuthService);
    const password = 'bench passphrase 1234';
    const signIn = async (email: string, zoneIds?: string[]): Promise<Account> => {
      await auth.upsertUser({ email, password, role: StaffRole.COORDINATOR, zoneIds });
      const { token, user } = await auth.login(email, password);
      return { token, user: { id: user.id, email: user.email, role: user.role } };
    };
    const loaded = await signIn('bench.board@vecino.test');
    await seed(dataSource, loaded.user.id);
    const [{ id: emptyZone }] = (await dataSource.query(`SELECT id FROM zones WHERE code = 'EMPTY'`)) as {
      id: string;
    }[];
    const empty = await signIn('bench.empty@vecino.test', [emptyZone]);
    say(`${REQUESTS} delivery requests in ${database}; ${ROUNDS} rounds; Chromium ${browser.version()}`);
    say(await machineLine());

    for (const cpuSlowdown of [1, 4]) {
      await loadBoard(browser, board, loaded, cpuSlowdown, true); // warm-up: the server's first reads
      const withRequests: Load[] = [];
      const withNone: Load[] = [];
      await interleaved(ROUNDS, [
        async () => void withRequests.push(await loadBoard(browser, board, loaded, cpuSlowdown, true)),
        async () => void withNone.push(await loadBoard(browser, board, empty, cpuSlowdown, false)),
      ]);
      const interactive = (loads: Load[]) => loads.map((load) => load.boardMs + load.answerMs);
      printTable(
        `Deliveries board, ${REQUESTS} requests against 0 (${cpuSlowdown === 1 ? 'CPU as is' : `CPU ${cpuSlowdown}× slower`})`,
        [
          {
            label: `board rendered, ${REQUESTS} requests`,
            values: withRequests.map((l) => l.boardMs),
            format: ms,
          },
          { label: 'board rendered, 0 requests', values: withNone.map((l) => l.boardMs), format: ms },
          { label: `input answered, ${REQUESTS}`, values: withRequests.map((l) => l.answerMs), format: ms },
          { label: 'input answered, 0', values: withNone.map((l) => l.answerMs), format: ms },
          { label: `interactive, ${REQUESTS}`, values: interactive(withRequests), format: ms },
          { label: 'interactive, 0', values: interactive(withNone), format: ms },
          {
            label: `interactive ratio ${REQUESTS} / 0`,
            values: ratios(interactive(withRequests), interactive(withNone)),
            format: times,
          },
          { label: `cards rendered, ${REQUESTS}`, values: withRequests.map((l) => l.cards), format: count },
          { label: `long tasks, ${REQUESTS}`, values: withRequests.map((l) => l.longTasks), format: count },
          { label: `long-task time, ${REQUESTS}`, values: withRequests.map((l) => l.longTaskMs), format: ms },
          { label: 'long-task time, 0', values: withNone.map((l) => l.longTaskMs), format: ms },
        ],
      );
    }
  } finally {
    await browser.close();
    await api.close();
  }
});
