import { AuthModule } from '../auth/auth.module.js';
import { AuthService } from '../auth/auth.service.js';
import { StaffRole } from '../auth/staff-user.entity.js';
import { DomainError } from '../common/domain-error.js';
import { loadConfig } from '../config/config.js';
import { withAppContext } from './app-context.js';
import { EXIT_BAD_INPUT, EXIT_OK, type CliIo, type CommandInput } from './command.js';

/** `create-admin --email <e> --password <p>`: idempotent through AuthService.upsertUser. */
export async function createAdmin({ options }: CommandInput, io: CliIo): Promise<number> {
  const missing = (['email', 'password'] as const).filter((name) => !options[name]);
  if (missing.length > 0) {
    for (const name of missing) io.warn(`${name}: is required (--${name} <${name}>)`);
    return EXIT_BAD_INPUT;
  }
  const config = loadConfig(io.env);
  try {
    const { user, created } = await withAppContext(config, [AuthModule], (app) =>
      app.get(AuthService).upsertUser({
        email: options.email!,
        password: options.password!,
        role: StaffRole.ADMIN,
      }),
    );
    io.print(
      created
        ? `created admin ${user.email} (id ${user.id})`
        : `updated admin ${user.email} (id ${user.id}): password and role reset`,
    );
    return EXIT_OK;
  } catch (error) {
    if (!(error instanceof DomainError) || error.code !== 'BAD_USER_INPUT') throw error;
    for (const problem of error.fields) io.warn(`${problem.field}: ${problem.message}`);
    return EXIT_BAD_INPUT;
  }
}
