import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import request from 'supertest';
import { builtConsole, consoleContentSecurityPolicy, mountConsole } from './console-assets.js';

describe('the built console under /console/', () => {
  let dir: string;
  let app: express.Express;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vecino-console-'));
    await mkdir(join(dir, 'assets'));
    await writeFile(join(dir, 'index.html'), '<!doctype html><div id="root"></div>');
    await writeFile(join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
    app = express();
    mountConsole(app, { networkTimezone: 'America/Chicago' }, builtConsole(dir));
  });

  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('serves index.html for deep links, with the strict CSP and no caching', async () => {
    for (const path of ['/console/', '/console/deliveries/3f1c', '/console/shifts/new']) {
      const response = await request(app).get(path).set('host', 'vecino.example:8443');
      expect(response.status).toBe(200);
      expect(response.text).toContain('<div id="root">');
      expect(response.headers['cache-control']).toBe('no-cache');
      expect(response.headers['content-security-policy']).toBe(
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; " +
          "connect-src 'self' ws://vecino.example:8443 wss://vecino.example:8443; object-src 'none'; " +
          "base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
      );
    }
  });

  it('serves hashed assets for a year, and a missing asset is a 404, not the app', async () => {
    const asset = await request(app).get('/console/assets/index-abc123.js');
    expect(asset.status).toBe(200);
    expect(asset.headers['cache-control']).toContain('immutable');
    expect(asset.headers['content-security-policy']).toContain("default-src 'self'");
    expect((await request(app).get('/console/assets/gone.js')).status).toBe(404);
  });

  it('redirects /console to /console/ and serves the network time zone', async () => {
    const bare = await request(app).get('/console');
    expect(bare.status).toBe(301);
    expect(bare.headers.location).toBe('/console/');
    const config = await request(app).get('/console/config.json');
    expect(config.body).toEqual({ networkTimezone: 'America/Chicago' });
  });

  it('says how to build it when it is not built', async () => {
    const unbuilt = express();
    mountConsole(unbuilt, { networkTimezone: 'UTC' }, builtConsole(join(dir, 'nothing-here')));
    const response = await request(unbuilt).get('/console/');
    expect(response.status).toBe(404);
    expect(response.text).toContain('npm run build');
  });

  it('never echoes a Host header that could break out of the policy', () => {
    expect(consoleContentSecurityPolicy("evil.example; script-src 'unsafe-inline'")).not.toContain('evil');
    expect(consoleContentSecurityPolicy(undefined)).toContain("connect-src 'self';");
  });
});
