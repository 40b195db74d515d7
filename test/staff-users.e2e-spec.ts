import { StaffRole } from '../src/auth/staff-user.entity.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const PASSWORD = 'correct horse battery staple';

const STAFF_FIELDS = 'id email name role active deactivatedAt zones { id code }';
const CREATE = `mutation Create($input: CreateStaffUserInput!) { createStaffUser(input: $input) { ${STAFF_FIELDS} } }`;
const UPDATE = `mutation Update($id: ID!, $input: UpdateStaffUserInput!) {
  updateStaffUser(id: $id, input: $input) { ${STAFF_FIELDS} }
}`;
const DEACTIVATE = `mutation Deactivate($id: ID!) { deactivateStaffUser(id: $id) { ${STAFF_FIELDS} } }`;
const RESET = `mutation Reset($id: ID!, $password: String!) {
  resetStaffPassword(id: $id, password: $password) { id }
}`;
const LOGIN = `mutation Login($email: String!, $password: String!) { login(email: $email, password: $password) { token } }`;

interface StaffUserView {
  id: string;
  email: string;
  name: string | null;
  role: StaffRole;
  active: boolean;
  deactivatedAt: string | null;
  zones: { id: string; code: string }[];
}

describe('staff management', () => {
  let app: TestApp;
  let admin: string;
  let adminId: string;
  let north: string;
  let south: string;

  const create = async (input: Record<string, unknown>) =>
    app.graphql<{ createStaffUser: StaffUserView }>(
      CREATE,
      {
        input: { name: 'Ana Ruiz', role: 'COORDINATOR', password: PASSWORD, ...input },
      },
      admin,
    );
  const login = async (email: string, password = PASSWORD) =>
    (await app.graphql<{ login: { token: string } }>(LOGIN, { email, password })).data?.login.token;

  beforeAll(async () => {
    app = await startTestApp();
    admin = await app.tokenFor(StaffRole.ADMIN, { email: 'first.admin@vecino.test' });
    adminId = (await app.graphql<{ me: { id: string } }>('{ me { id } }', {}, admin)).data!.me.id;
    const zone = async (code: string) =>
      (
        await app.graphql<{ createZone: { id: string } }>(
          `mutation { createZone(input: { code: "${code}", name: "${code}" }) { id } }`,
          {},
          admin,
        )
      ).data!.createZone.id;
    north = await zone('NORTH');
    south = await zone('SOUTH');
  });
  afterAll(() => app.close());

  it('creates a staff user who can sign in, with the email normalised, and audits it', async () => {
    const created = await create({ email: '  Ana.Ruiz@Vecino.TEST ', zoneIds: [north] });
    expect(created.errors).toBeUndefined();
    expect(created.data?.createStaffUser).toMatchObject({
      email: 'ana.ruiz@vecino.test',
      name: 'Ana Ruiz',
      role: 'COORDINATOR',
      active: true,
      deactivatedAt: null,
      zones: [{ id: north, code: 'NORTH' }],
    });
    const token = await login('ANA.RUIZ@vecino.test');
    const me = await app.graphql<{ me: { email: string; zones: { id: string }[] } }>(
      '{ me { email zones { id } } }',
      {},
      token,
    );
    expect(me.data?.me).toEqual({ email: 'ana.ruiz@vecino.test', zones: [{ id: north }] });

    const audit = await app.graphql<{ auditLog: { edges: { node: Record<string, unknown> }[] } }>(
      `query ($subjectId: ID!) { auditLog(filter: { subjectId: $subjectId }) {
         edges { node { action subjectType field actor { id } } } } }`,
      { subjectId: created.data?.createStaffUser.id },
      admin,
    );
    expect(audit.data?.auditLog.edges.map((edge) => edge.node)).toEqual([
      {
        action: 'CREATE',
        subjectType: 'staff_user',
        field: 'email,name,role,zoneIds',
        actor: { id: adminId },
      },
    ]);
  });

  it('lists staff users by email, filtered by role and activity, with their zones', async () => {
    await create({ email: 'trainer.list@vecino.test', role: 'TRAINER', zoneIds: [north, south] });
    const list = await app.graphql<{
      staffUsers: { totalCount: number; edges: { node: StaffUserView }[] };
    }>(
      `{ staffUsers(filter: { roles: [TRAINER], active: true }, first: 10) {
          totalCount edges { node { email role zones { code } } } } }`,
      {},
      admin,
    );
    expect(list.errors).toBeUndefined();
    expect(list.data?.staffUsers.edges.map((edge) => edge.node)).toEqual([
      { email: 'trainer.list@vecino.test', role: 'TRAINER', zones: [{ code: 'NORTH' }, { code: 'SOUTH' }] },
    ]);
    const all = await app.graphql<{ staffUsers: { edges: { node: { email: string } }[] } }>(
      '{ staffUsers(first: 100) { edges { node { email } } } }',
      {},
      admin,
    );
    const emails = all.data!.staffUsers.edges.map((edge) => edge.node.email);
    expect(emails).toEqual([...emails].sort());
    expect(emails).toContain('first.admin@vecino.test');
  });

  it('shows coordinators the active trainers to pick from, and no one else', async () => {
    await create({ email: 'trainer.picked@vecino.test', name: 'Beatriz Trainer', role: 'TRAINER' });
    const gone = (await create({ email: 'trainer.gone@vecino.test', name: 'Carla Gone', role: 'TRAINER' }))
      .data!.createStaffUser.id;
    await app.graphql(DEACTIVATE, { id: gone }, admin);
    const coordinator = await app.tokenFor(StaffRole.COORDINATOR);
    const listed = await app.graphql<{ trainers: { email: string; role: string }[] }>(
      '{ trainers { email role } }',
      {},
      coordinator,
    );
    expect(listed.errors).toBeUndefined();
    const emails = listed.data!.trainers.map((trainer) => trainer.email);
    expect(emails).toContain('trainer.picked@vecino.test');
    expect(emails).not.toContain('trainer.gone@vecino.test');
    expect(listed.data!.trainers.every((trainer) => trainer.role === 'TRAINER')).toBe(true);
    const asTrainer = await app.graphql('{ trainers { id } }', {}, await app.tokenFor(StaffRole.TRAINER));
    expect(asTrainer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('lets ADMIN alone manage staff: others get FORBIDDEN', async () => {
    const coordinator = await app.tokenFor(StaffRole.COORDINATOR);
    const trainer = await app.tokenFor(StaffRole.TRAINER);
    for (const token of [coordinator, trainer]) {
      const operations = [
        app.graphql('{ staffUsers { totalCount } }', {}, token),
        app.graphql(
          CREATE,
          { input: { email: 'x@vecino.test', name: 'X', role: 'ADMIN', password: PASSWORD } },
          token,
        ),
        app.graphql(UPDATE, { id: adminId, input: { role: 'TRAINER' } }, token),
        app.graphql(DEACTIVATE, { id: adminId }, token),
        app.graphql(RESET, { id: adminId, password: PASSWORD }, token),
      ];
      for (const response of await Promise.all(operations)) {
        expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      }
    }
  });

  it('names the field of bad input and writes nothing', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ email: 'not an email' }, 'email'],
      [{ email: 'short.pw@vecino.test', password: 'too short' }, 'password'],
      [{ email: 'zones@vecino.test', zoneIds: ['4b0c5c52-8a44-4f3b-9a43-0d1c5f1b2a11'] }, 'zoneIds'],
      [{ email: 'blank.name@vecino.test', name: '   ' }, 'name'],
      [{ email: 'ana.ruiz@vecino.test' }, 'email'],
    ];
    for (const [input, field] of cases) {
      const response = await create(input);
      expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    const badRole = await app.graphql(
      CREATE,
      { input: { email: 'r@vecino.test', name: 'R', role: 'BOSS', password: PASSWORD } },
      admin,
    );
    expect(badRole.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const list = await app.graphql<{ staffUsers: { edges: { node: { email: string } }[] } }>(
      '{ staffUsers(first: 100) { edges { node { email } } } }',
      {},
      admin,
    );
    const emails = list.data!.staffUsers.edges.map((edge) => edge.node.email);
    for (const email of [
      'short.pw@vecino.test',
      'zones@vecino.test',
      'blank.name@vecino.test',
      'r@vecino.test',
    ])
      expect(emails).not.toContain(email);
  });

  it('updates only the fields given, and refuses null for each', async () => {
    const { id } = (await create({ email: 'partial@vecino.test', zoneIds: [north] })).data!.createStaffUser;
    const renamed = await app.graphql<{ updateStaffUser: StaffUserView }>(
      UPDATE,
      { id, input: { name: 'Bea' } },
      admin,
    );
    expect(renamed.data?.updateStaffUser).toMatchObject({
      name: 'Bea',
      role: 'COORDINATOR',
      zones: [{ id: north }],
    });
    const moved = await app.graphql<{ updateStaffUser: StaffUserView }>(
      UPDATE,
      { id, input: { role: 'TRAINER', zoneIds: [south] } },
      admin,
    );
    expect(moved.data?.updateStaffUser).toMatchObject({
      name: 'Bea',
      role: 'TRAINER',
      zones: [{ id: south }],
    });
    for (const field of ['name', 'role', 'zoneIds']) {
      const response = await app.graphql(UPDATE, { id, input: { [field]: null } }, admin);
      expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    const missing = await app.graphql(
      UPDATE,
      { id: '4b0c5c52-8a44-4f3b-9a43-0d1c5f1b2a11', input: { name: 'X' } },
      admin,
    );
    expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('stops a deactivated user’s existing token at the next request, and their sign-in', async () => {
    const { id } = (await create({ email: 'leaving@vecino.test' })).data!.createStaffUser;
    const token = await login('leaving@vecino.test');
    expect((await app.graphql('{ me { id } }', {}, token)).errors).toBeUndefined();

    const deactivated = await app.graphql<{ deactivateStaffUser: StaffUserView }>(DEACTIVATE, { id }, admin);
    expect(deactivated.data?.deactivateStaffUser).toMatchObject({
      active: false,
      deactivatedAt: expect.any(String),
    });

    const next = await app.graphql('{ me { id } }', {}, token);
    expect(next.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const again = await app.graphql(LOGIN, { email: 'leaving@vecino.test', password: PASSWORD });
    expect(again.errors?.[0]).toMatchObject({
      message: 'Wrong email or password',
      extensions: { code: 'UNAUTHENTICATED' },
    });
    const twice = await app.graphql<{ deactivateStaffUser: StaffUserView }>(DEACTIVATE, { id }, admin);
    expect(twice.data?.deactivateStaffUser.deactivatedAt).toBe(
      deactivated.data?.deactivateStaffUser.deactivatedAt,
    );
  });

  it('voids the tokens issued before a password reset; the new password signs in', async () => {
    const { id } = (await create({ email: 'forgetful@vecino.test' })).data!.createStaffUser;
    const old = await login('forgetful@vecino.test');
    const reset = await app.graphql(RESET, { id, password: 'a brand new passphrase' }, admin);
    expect(reset.errors).toBeUndefined();
    expect((await app.graphql('{ me { id } }', {}, old)).errors?.[0]?.extensions?.code).toBe(
      'UNAUTHENTICATED',
    );
    expect(await login('forgetful@vecino.test')).toBeUndefined();
    const fresh = await login('forgetful@vecino.test', 'a brand new passphrase');
    expect((await app.graphql('{ me { id } }', {}, fresh)).errors).toBeUndefined();
    const short = await app.graphql(RESET, { id, password: 'short' }, admin);
    expect(short.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'password' });
  });

  it('keeps one active admin: no self-deactivation, no demoting the last admin', async () => {
    const self = await app.graphql(DEACTIVATE, { id: adminId }, admin);
    expect(self.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
    const demoteSelf = await app.graphql(UPDATE, { id: adminId, input: { role: 'COORDINATOR' } }, admin);
    expect(demoteSelf.errors?.[0]).toMatchObject({
      message: 'role: the network needs at least one active ADMIN',
      extensions: { code: 'BAD_USER_INPUT', field: 'role' },
    });

    // With a second admin, either may step down, but not both.
    const second = (await create({ email: 'second.admin@vecino.test', role: 'ADMIN' })).data!.createStaffUser;
    const secondToken = await login('second.admin@vecino.test');
    const demoted = await app.graphql<{ updateStaffUser: StaffUserView }>(
      UPDATE,
      { id: second.id, input: { role: 'COORDINATOR' } },
      admin,
    );
    expect(demoted.data?.updateStaffUser.role).toBe('COORDINATOR');
    expect(
      (await app.graphql(UPDATE, { id: adminId, input: { role: 'TRAINER' } }, admin)).errors?.[0]?.extensions
        ?.field,
    ).toBe('role');
    // The demoted admin's token now carries a COORDINATOR: FORBIDDEN for staff management.
    const forbidden = await app.graphql('{ staffUsers { totalCount } }', {}, secondToken);
    expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    // Two admins deactivating each other at once: exactly one succeeds.
    await app.graphql(UPDATE, { id: second.id, input: { role: 'ADMIN' } }, admin);
    const [first, other] = await Promise.all([
      app.graphql(DEACTIVATE, { id: second.id }, admin),
      app.graphql(DEACTIVATE, { id: adminId }, secondToken),
    ]);
    const failures = [first, other].filter((response) => response.errors);
    expect(failures).toHaveLength(1);
  });
});
