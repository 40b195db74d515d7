import { DataSource } from 'typeorm';
import { loadConfig } from '../config/config.js';
import { FieldCipher } from '../protected-data/field-cipher.js';
import { rotateProtectedData } from '../protected-data/key-rotation.js';
import { ProtectedDataModule } from '../protected-data/protected-data.module.js';
import { withAppContext } from './app-context.js';
import { EXIT_BAD_INPUT, EXIT_FAILURE, EXIT_OK, type CliIo, type CommandInput } from './command.js';

const DEFAULT_BATCH_SIZE = 500;

/** `rotate-key [--batch-size <n>]`: every protected value under DATA_ENCRYPTION_KEY_ID's key. */
export async function rotateKey({ options }: CommandInput, io: CliIo): Promise<number> {
  const config = loadConfig(io.env);
  const batchSize = options.batchSize === undefined ? DEFAULT_BATCH_SIZE : Number(options.batchSize);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) {
    io.warn('batch-size: must be a whole number from 1 to 10000');
    return EXIT_BAD_INPUT;
  }
  const results = await withAppContext(config, [ProtectedDataModule], (app) =>
    rotateProtectedData(app.get(DataSource), app.get(FieldCipher), batchSize, io.warn),
  );
  let unreadable = 0;
  for (const result of results) {
    io.print(
      `${result.table}: ${result.reencrypted} values re-encrypted under ${config.dataEncryptionKeyId}`,
    );
    for (const problem of result.unreadable) {
      io.warn(
        `${result.table}.${problem.column} of ${problem.id} is unreadable (${problem.code}); left as it is`,
      );
    }
    unreadable += result.unreadable.length;
  }
  if (unreadable > 0) {
    io.warn(
      `${unreadable} values could not be read: keep their old key in DATA_ENCRYPTION_OLD_KEYS, or investigate`,
    );
    return EXIT_FAILURE;
  }
  return EXIT_OK;
}
