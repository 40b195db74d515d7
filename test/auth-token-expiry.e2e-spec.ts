import { JwtService } from '@nestjs/jwt';
import { StaffRole } from '../src/auth/staff-user.entity.js';
import { startTestApp, type GraphQLResponse, type TestApp } from './support/test-app.js';

describe('staff token lifetime', () => {
  let app: TestApp;
  let userId: string;

  beforeAll(async () => {
    app = await startTestApp();
    const token = await app.tokenFor(StaffRole.ADMIN, { email: 'admin@vecino.test' });
    userId = (await app.graphql<{ me: { id: string } }>('{ me { id } }', {}, token)).data?.me.id ?? '';
  });
  afterAll(() => app.close());

  /** Signs claims with the deployment's real secret, as only the server (or a leaked key) could. */
  const signWithRealSecret = (claims: object, options: { expiresIn?: number; noTimestamp?: boolean } = {}) =>
    new JwtService({ secret: app.config.jwtSecret }).sign(claims, { issuer: 'vecino', ...options });

  const me = async (token: string) => {
    const response = await app
      .http()
      .post('/graphql')
      .set('authorization', `Bearer ${token}`)
      .send({ query: '{ me { id } }' });
    const body = response.body as GraphQLResponse<{ me: { id: string } }>;
    return { status: response.status, code: body.errors?.[0]?.extensions?.code, data: body.data };
  };

  it('accepts a token with an expiry, signed with the real secret', async () => {
    const answer = await me(signWithRealSecret({ sub: userId, role: 'ADMIN' }, { expiresIn: 600 }));
    expect(answer).toEqual({ status: 200, code: undefined, data: { me: { id: userId } } });
  });

  it('refuses a token without `exp`, even signed with the real secret', async () => {
    const answer = await me(signWithRealSecret({ sub: userId, role: 'ADMIN' }));
    expect(answer).toEqual({ status: 200, code: 'UNAUTHENTICATED', data: null });
  });

  it('refuses a token living longer than JWT_TTL_SECONDS, whatever its own `exp` says', async () => {
    const now = Math.floor(Date.now() / 1000);
    const tenYears = 10 * 365 * 86_400;
    const issuedLongAgo = {
      sub: userId,
      role: 'ADMIN',
      iat: now - app.config.jwtTtlSeconds - 60,
      exp: now + 600,
    };
    expect((await me(signWithRealSecret(issuedLongAgo))).code).toBe('UNAUTHENTICATED');
    const issuedInTheFuture = { sub: userId, role: 'ADMIN', iat: now + tenYears - 600, exp: now + tenYears };
    expect((await me(signWithRealSecret(issuedInTheFuture))).code).toBe('UNAUTHENTICATED');
    const withoutIssueTime = signWithRealSecret(
      { sub: userId, role: 'ADMIN', exp: now + 600 },
      { noTimestamp: true },
    );
    expect((await me(withoutIssueTime)).code).toBe('UNAUTHENTICATED');
  });

  it('refuses an expired token', async () => {
    const expired = signWithRealSecret({
      sub: userId,
      role: 'ADMIN',
      exp: Math.floor(Date.now() / 1000) - 60,
    });
    expect((await me(expired)).code).toBe('UNAUTHENTICATED');
  });
});
