import dotenv from 'dotenv';
import { runCli } from './cli/commands.js';

// `.env` (if any) under the real environment, as the servers read it.
dotenv.config({ quiet: true });
process.exitCode = await runCli(process.argv.slice(2), {
  env: process.env,
  print: (line) => process.stdout.write(`${line}\n`),
  warn: (line) => process.stderr.write(`${line}\n`),
});
