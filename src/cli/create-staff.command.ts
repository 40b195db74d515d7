import { AuthModule } from '../auth/auth.module.js';
import { AuthService } from '../auth/auth.service.js';
import { StaffRole } from '../auth/staff-user.entity.js';
import { DomainError } from '../common/domain-error.js';
import { loadConfig } from '../config/config.js';
import { ZonesService } from '../zones/zones.service.js';
import { withAppContext } from './app-context.js';
import { EXIT_BAD_INPUT, EXIT_OK, type CliIo, type CommandHandler, type CommandInput } from './command.js';

/**
 * `create-staff --email <e> --password <p> --role <ROLE> [--name <n>] [--zones <CODE,…>]`, and `create-admin`, the
 * same with the role ADMIN: idempotent through AuthService.upsertUser (an existing email gets the password, role and
 * zones given, and is reactivated).
 */
function staffCreator(fixedRole: StaffRole | null): CommandHandler {
  return async ({ options }: CommandInput, io: CliIo): Promise<number> => {
    const required = fixedRole ? (['email', 'password'] as const) : (['email', 'password', 'role'] as const);
    const missing = required.filter((name) => !options[name]);
    if (missing.length > 0) {
      for (const name of missing) io.warn(`${name}: is required (--${name} <${name}>)`);
      return EXIT_BAD_INPUT;
    }
    const role = fixedRole ?? (options.role!.toUpperCase() as StaffRole);
    if (!Object.values(StaffRole).includes(role)) {
      io.warn(`role: must be one of ${Object.values(StaffRole).join(', ')}`);
      return EXIT_BAD_INPUT;
    }
    const zoneCodes = (options.zones ?? '')
      .split(',')
      .map((code) => code.trim().toUpperCase())
      .filter(Boolean);
    const config = loadConfig(io.env);
    try {
      const { user, created } = await withAppContext(config, [AuthModule], async (app) => {
        const zones = await app.get(ZonesService).findByCodes(zoneCodes);
        const unknown = zoneCodes.find((code) => !zones.some((zone) => zone.code === code));
        if (unknown) throw DomainError.badInput('zones', `unknown zone ${unknown}`);
        return app.get(AuthService).upsertUser({
          email: options.email!,
          password: options.password!,
          role,
          name: options.name,
          zoneIds: zones.map((zone) => zone.id),
        });
      });
      const what = role.toLowerCase();
      io.print(
        created
          ? `created ${what} ${user.email} (id ${user.id})`
          : `updated ${what} ${user.email} (id ${user.id}): password and role reset`,
      );
      return EXIT_OK;
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'BAD_USER_INPUT') throw error;
      for (const problem of error.fields) io.warn(`${problem.field}: ${problem.message}`);
      return EXIT_BAD_INPUT;
    }
  };
}

export const createAdmin = staffCreator(StaffRole.ADMIN);
export const createStaff = staffCreator(null);
