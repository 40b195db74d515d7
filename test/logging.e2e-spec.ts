import { Logger, type FactoryProvider } from '@nestjs/common';
import { PARAMS_PROVIDER_TOKEN, type Params } from 'nestjs-pino';
import { StaffRole } from '../src/auth/staff-user.entity.js';
import type { AppConfig } from '../src/config/config.js';
import { APP_CONFIG } from '../src/config/config.module.js';
import { loggerModule } from '../src/observability/logging.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const CREATE = `mutation Create($input: CreateVolunteerInput!) { createVolunteer(input: $input) { id phone } }`;

/** Every way the test's phone number could show up: as typed, in E.164, or as bare digits. */
const PHONE_TRACES = [/555[\s.-]?0123/, /4145550123/];

describe('logging', () => {
  const output: string[] = [];
  let app: TestApp;
  let token: string;

  beforeAll(async () => {
    // The app's own logger settings, with the lines written here instead of to stdout.
    const params = loggerModule().providers!.find(
      (provider) => (provider as FactoryProvider).provide === PARAMS_PROVIDER_TOKEN,
    ) as FactoryProvider<Params>;
    const capture = { write: (line: string) => void output.push(line) };
    app = await startTestApp({
      env: { LOG_LEVEL: 'debug' },
      override: (builder) =>
        builder.overrideProvider(PARAMS_PROVIDER_TOKEN).useFactory({
          inject: [APP_CONFIG],
          factory: async (config: AppConfig) => {
            const real = await params.useFactory(config);
            return { ...real, pinoHttp: [real.pinoHttp as object, capture] };
          },
        }),
    });
    token = await app.tokenFor(StaffRole.COORDINATOR);
  });
  afterAll(() => app.close());

  it('carries neither phone numbers nor the Authorization header', async () => {
    const created = await app.graphql<{ createVolunteer: { phone: string } }>(
      CREATE,
      { input: { name: 'Logged Volunteer', phone: '(414) 555-0123' } },
      token,
    );
    expect(created.data?.createVolunteer.phone).toBe('+14145550123');

    const variables = encodeURIComponent(JSON.stringify({ search: '+14145550123' }));
    const query = encodeURIComponent(
      'query Find($search: String) { volunteers(filter: { search: $search }) { totalCount } }',
    );
    const viaGet = await app
      .http()
      .get(`/graphql?query=${query}&variables=${variables}`)
      .set('authorization', `Bearer ${token}`)
      .set('apollo-require-preflight', 'true');
    expect(viaGet.body.data?.volunteers.totalCount).toBe(1);

    expect(
      (await app.http().get('/volunteers/+1-414-555-0123').set('authorization', `Bearer ${token}`)).status,
    ).toBe(404);
    new Logger('LoggingTest').log('texting +1 (414) 555-0123 now');

    const logs = output.join('');
    // The requests were logged, so the absence below means something.
    expect(logs.match(/"url":"\/graphql"/g)).toHaveLength(2);
    expect(logs).toContain('"url":"/volunteers/[phone]"');
    expect(logs).toContain('texting [phone] now');
    for (const trace of PHONE_TRACES) expect(logs).not.toMatch(trace);
    expect(logs).not.toContain(token);
    expect(logs).not.toMatch(/bearer/i);
  });
});
