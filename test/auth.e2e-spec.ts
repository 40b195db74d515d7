import { StaffRole } from '../src/auth/staff-user.entity.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const LOGIN = `mutation Login($email: String!, $password: String!) {
  login(email: $email, password: $password) { token user { id email role } }
}`;

describe('staff authentication', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp();
    await app.tokenFor(StaffRole.COORDINATOR, { email: 'coord@vecino.test' });
  });
  afterAll(() => app.close());

  it('logs in with the right password and answers `me` with the token', async () => {
    const login = await app.graphql<{ login: { token: string; user: { email: string; role: string } } }>(
      LOGIN,
      {
        email: 'Coord@Vecino.test ',
        password: 'correct horse battery staple',
      },
    );
    expect(login.errors).toBeUndefined();
    expect(login.data?.login.user).toMatchObject({ email: 'coord@vecino.test', role: 'COORDINATOR' });

    const me = await app.graphql<{ me: { email: string } }>(
      '{ me { email role } }',
      {},
      login.data?.login.token,
    );
    expect(me.data?.me).toEqual({ email: 'coord@vecino.test', role: 'COORDINATOR' });
  });

  it('refuses a wrong password with UNAUTHENTICATED and no token', async () => {
    const login = await app.graphql(LOGIN, {
      email: 'coord@vecino.test',
      password: 'not the password at all',
    });
    expect(login.data).toBeNull();
    expect(login.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses an unknown email exactly like a wrong password', async () => {
    const login = await app.graphql(LOGIN, {
      email: 'nobody@vecino.test',
      password: 'correct horse battery staple',
    });
    expect(login.errors?.[0]).toMatchObject({
      message: 'Wrong email or password',
      extensions: { code: 'UNAUTHENTICATED' },
    });
  });

  it('answers an operation without a token with UNAUTHENTICATED', async () => {
    const response = await app.graphql('{ zones { id } }');
    expect(response.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('answers a forged token with UNAUTHENTICATED', async () => {
    const response = await app.graphql('{ zones { id } }', {}, 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.AAAA');
    expect(response.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('answers FORBIDDEN when a coordinator creates a zone (admins only)', async () => {
    const token = await app.tokenFor(StaffRole.COORDINATOR);
    const response = await app.graphql(
      'mutation { createZone(input: { code: "NORTH", name: "North" }) { id } }',
      {},
      token,
    );
    expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('limits login attempts from one address', async () => {
    const attempts = [];
    for (let attempt = 0; attempt < 12; attempt++) {
      attempts.push(await app.graphql(LOGIN, { email: 'coord@vecino.test', password: 'guessing guessing' }));
    }
    const codes = attempts.map((response) => response.errors?.[0]?.extensions?.code);
    expect(codes).toContain('TOO_MANY_REQUESTS');
    // Earlier attempts were judged on their merits before the limit kicked in.
    expect(codes[0]).toBe('UNAUTHENTICATED');
  });
});
