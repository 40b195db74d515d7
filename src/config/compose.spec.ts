import { readFileSync } from 'node:fs';
import { load } from 'js-yaml';

/** No Docker engine in CI: the compose file is checked as YAML and by what it promises. */
interface ComposeService {
  env_file?: string | string[];
  environment?: Record<string, string>;
  command?: string[];
}

const compose = load(readFileSync(new URL('../../docker/compose.yml', import.meta.url), 'utf8')) as {
  name?: string;
  services: Record<string, ComposeService>;
};
const APP_SERVICES = ['migrate', 'api', 'worker'];

describe('docker/compose.yml', () => {
  it('parses, with the three application roles beside postgres and redis', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['api', 'migrate', 'postgres', 'redis', 'worker']);
  });

  it.each(APP_SERVICES)('%s gets its settings from app.env and the database only as DATABASE_URL', (name) => {
    const service = compose.services[name]!;
    expect(service.env_file).toBe('app.env');
    expect(Object.keys(service.environment ?? {})).not.toContain('POSTGRES_PASSWORD');
    expect(service.environment?.DATABASE_URL).toMatch(
      /^postgres:\/\/vecino:\$\{POSTGRES_PASSWORD:\?.*\}@postgres:5432/,
    );
  });

  it('gives the database password to the postgres container only', () => {
    expect(compose.services.postgres!.environment?.POSTGRES_PASSWORD).toMatch(/^\$\{POSTGRES_PASSWORD:\?/);
    expect(compose.services.postgres!.env_file).toBeUndefined();
  });
});
