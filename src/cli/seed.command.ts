import { AuthModule } from '../auth/auth.module.js';
import { loadConfig } from '../config/config.js';
import { ProtectedDataModule } from '../protected-data/protected-data.module.js';
import { DomainError } from '../common/domain-error.js';
import { assertDemoAllowed, DEMO_ADMIN, describeDemoSeed, seedDemo } from '../seed/demo-seed.js';
import { VolunteersModule } from '../volunteers/volunteers.module.js';
import { ZonesModule } from '../zones/zones.module.js';
import { withAppContext } from './app-context.js';
import { EXIT_BAD_INPUT, EXIT_OK, type CliIo } from './command.js';

/** `seed`: the demo `npm run dev` adds, on its own. */
export async function seed(_input: unknown, io: CliIo): Promise<number> {
  const config = loadConfig(io.env);
  try {
    assertDemoAllowed(config.nodeEnv);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    io.warn(error.message);
    return EXIT_BAD_INPUT;
  }
  const result = await withAppContext(
    config,
    [AuthModule, ZonesModule, VolunteersModule, ProtectedDataModule],
    seedDemo,
  );
  for (const line of describeDemoSeed(result)) io.print(line);
  io.print(`log in as ${DEMO_ADMIN.email} with the password ${DEMO_ADMIN.password}`);
  return EXIT_OK;
}
