import { Logger } from '@nestjs/common';
import { StaffRole } from '../src/auth/staff-user.entity.js';
import { captureLogs } from './support/log-capture.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const CREATE = `mutation Create($input: CreateVolunteerInput!) { createVolunteer(input: $input) { id phone } }`;

/** Every way the test's phone number could show up: as typed, in E.164, or as bare digits. */
const PHONE_TRACES = [/555[\s.-]?0123/, /4145550123/];

describe('logging', () => {
  const logs = captureLogs();
  let app: TestApp;
  let token: string;

  beforeAll(async () => {
    app = await startTestApp({ env: { LOG_LEVEL: 'debug' }, override: logs.override });
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

    const output = logs.text();
    // The requests were logged, so the absence below means something.
    expect(output.match(/"url":"\/graphql"/g)).toHaveLength(2);
    expect(output).toContain('"url":"/volunteers/[phone]"');
    expect(output).toContain('texting [phone] now');
    for (const trace of PHONE_TRACES) expect(output).not.toMatch(trace);
    expect(output).not.toContain(token);
    expect(output).not.toMatch(/bearer/i);
  });

  it('masks phone numbers and nothing else: ids, job ids, timestamps, dates and ports stay readable', () => {
    // Ids the old pattern took for phones (`34486020-9bf4-…`, digit runs inside job ids).
    const kept = [
      'broadcast 34486020-9bf4-4e1c-a3d3-125558675309',
      'Missing key for job aa41455501-2345-455c-8123-4145550123f6d1. moveToFinished',
      'at 1796120874587',
      'since 2026-12-01T10:27:21.000Z',
      'ports 3000, 5432, 6379, 3917',
    ];
    const phones = ['+14145550188', '(414) 555-0188', '414-555-0188', '+1 414 555 0188', '+52 55 1234 5678'];
    new Logger('MaskingTest').warn(`${kept.join('; ')}; texting ${phones.join(' and ')}`);
    // After a number and a comma or semicolon, which libphonenumber would read as an extension mark.
    new Logger('MaskingAfterCountTest').warn(
      'row 12, 4145550188; 0,4145550188; 3;(414) 555-0188; 7#4145550188',
    );

    const line = logs.lines.find((candidate) => candidate.includes('"context":"MaskingTest"'));
    const { msg } = JSON.parse(line!) as { msg: string };
    expect(msg).toBe(`${kept.join('; ')}; texting ${phones.map(() => '[phone]').join(' and ')}`);
    const afterCount = logs.lines.find((candidate) =>
      candidate.includes('"context":"MaskingAfterCountTest"'),
    );
    expect((JSON.parse(afterCount!) as { msg: string }).msg).toBe(
      'row 12, [phone]; 0,[phone]; 3;[phone]; 7#[phone]',
    );
  });
});
