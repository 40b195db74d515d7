import dotenv from 'dotenv';
import { runCli } from './cli/commands.js';
import { describeError } from './observability/safe-error.js';

// `.env` (if any) under the real environment, as the servers read it.
dotenv.config({ quiet: true });
process.exitCode = await runCli(process.argv.slice(2), {
  env: process.env,
  print: (line) => process.stdout.write(`${line}\n`),
  warn: (line) => process.stderr.write(`${line}\n`),
}).catch((error: unknown) => {
  // Left to Node, a crash prints the whole error: a database error's parameters and detail quote the row.
  process.stderr.write(`${JSON.stringify(describeError(error))}\n`);
  return 1;
});
