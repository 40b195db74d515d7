import { Argument, Command, CommanderError } from 'commander';
import { ConfigError } from '../config/config.js';
import { errorName } from '../observability/safe-error.js';
import {
  EXIT_CONFIG,
  EXIT_FAILURE,
  EXIT_OK,
  EXIT_USAGE,
  type CliCommand,
  type CliIo,
  type CommandInput,
} from './command.js';
import { useDevServicesWhenUnset } from './dev-services.js';

/** How the commands are invoked from a checkout; in the image it is `node dist/src/cli.js`. */
const PROGRAM = 'npm run cli --';

/** Every command: its name, arguments, options, help and examples, and where its handler lives. */
export const COMMANDS: readonly CliCommand[] = [
  {
    name: 'create-admin',
    servers: 'all',
    options: [
      { flags: '--email <email>', description: 'the staff user’s email (compared without case)' },
      { flags: '--password <password>', description: 'at least 12 characters' },
    ],
    summary:
      'create an ADMIN staff user, or reset the password and role of an existing email (and reactivate it)',
    examples: ["create-admin --email you@example.org --password 'a long passphrase'"],
    load: async () => (await import('./create-staff.command.js')).createAdmin,
  },
  {
    name: 'create-staff',
    servers: 'all',
    options: [
      { flags: '--email <email>', description: 'the staff user’s email (compared without case)' },
      { flags: '--password <password>', description: 'at least 12 characters' },
      { flags: '--role <role>', description: 'ADMIN, COORDINATOR or TRAINER' },
      { flags: '--name <name>', description: 'how colleagues know them' },
      {
        flags: '--zones <codes>',
        description: 'zone codes it is limited to, comma-separated (default: every zone)',
      },
    ],
    summary:
      'create a staff user, or reset the password, role and zones of an existing email (and reactivate it)',
    examples: [
      "create-staff --email ana@example.org --password 'a long passphrase' --role COORDINATOR --zones SOUTHSIDE",
    ],
    load: async () => (await import('./create-staff.command.js')).createStaff,
  },
  {
    name: 'migrate',
    servers: 'database',
    summary:
      'apply pending database migrations (the servers do this on start unless NODE_ENV=production); ' +
      'needs DATABASE_URL only',
    examples: ['migrate', 'DATABASE_URL=postgres://vecino:…@db:5432/vecino node dist/src/cli.js migrate'],
    load: async () => (await import('./migrate.command.js')).migrate,
  },
  {
    name: 'migrate:revert',
    servers: 'database',
    summary: 'revert the last applied migration (one per call); needs DATABASE_URL only',
    examples: ['migrate:revert'],
    load: async () => (await import('./migrate-revert.command.js')).revertLastMigration,
  },
  {
    name: 'seed',
    servers: 'all',
    summary: 'add the demo (an admin, two zones, eight volunteers); safe to repeat; never in production',
    examples: ['seed'],
    load: async () => (await import('./seed.command.js')).seed,
  },
  {
    name: 'services',
    servers: 'none',
    arguments: [
      { name: '[action]', description: 'what to do', choices: ['start', 'stop'], default: 'start' },
    ],
    summary: 'find or start PostgreSQL and Redis for development (data in .data/), or stop the local pair',
    examples: ['services', 'services stop'],
    load: async () => (await import('./services.command.js')).services,
  },
  {
    name: 'print-schema',
    servers: 'none',
    options: [{ flags: '--out <file>', description: 'where to write it (default: schema.gql)' }],
    summary: 'write the GraphQL schema of the API to schema.gql (or <file>)',
    examples: ['print-schema', 'print-schema --out /tmp/schema.gql'],
    load: async () => (await import('./print-schema.command.js')).writeSchema,
  },
  {
    name: 'rotate-key',
    servers: 'all',
    options: [{ flags: '--batch-size <n>', description: 'rows per transaction (default 500)' }],
    summary:
      're-encrypt every protected value (addresses, family phones, notes) under DATA_ENCRYPTION_KEY_ID; ' +
      'old keys from DATA_ENCRYPTION_OLD_KEYS; safe to repeat',
    examples: ['rotate-key', 'rotate-key --batch-size 100'],
    load: async () => (await import('./rotate-key.command.js')).rotateKey,
  },
  {
    name: 'sms',
    servers: 'all',
    arguments: [
      { name: '<from>', description: 'the sender’s phone number' },
      { name: '<body...>', description: 'the text (quoted, or as words)' },
    ],
    summary: 'feed a text through the inbound SMS path (log transport only) and print the replies',
    examples: ['sms +14145550101 "AYUDA"', 'sms +14145550101 LANG ES'],
    load: async () => (await import('../messaging/inbound/sms.cli.js')).runSmsCommand,
  },
];

/** Lines of what the parser writes, each handed to `write`. */
function lineWriter(write: (line: string) => void): (text: string) => void {
  return (text) => {
    for (const line of text.replace(/\n$/, '').split('\n')) write(line);
  };
}

function addCommand(program: Command, spec: CliCommand, run: (input: CommandInput) => Promise<void>): void {
  const command = program.command(spec.name).description(spec.summary);
  for (const argument of spec.arguments ?? []) {
    const parsed = new Argument(argument.name, argument.description);
    if (argument.choices) parsed.choices(argument.choices);
    if (argument.default) parsed.default(argument.default);
    command.addArgument(parsed);
  }
  for (const option of spec.options ?? []) command.option(option.flags, option.description);
  command.addHelpText(
    'after',
    `\nExamples:\n${spec.examples.map((line) => `  ${PROGRAM} ${line}`).join('\n')}`,
  );
  command.showHelpAfterError(`(${PROGRAM} help ${spec.name} for its usage)`);
  command.action(async (...received: unknown[]) => {
    // Commander passes the arguments (a variadic one as an array), then the options, then the command.
    const args = received.slice(0, -2).flat() as string[];
    await run({ args, options: received.at(-2) as CommandInput['options'] });
  });
}

/** A failure whose message was written for the user and carries no secret (the dev servers' own messages). */
class ReportableFailure extends Error {}

/** Runs `argv` (the words after `cli`); resolves with the exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let exitCode = EXIT_OK;
  let running: CliCommand | null = null;
  const program = new Command()
    .name(PROGRAM)
    .usage('<command> [options]')
    .description('Administration commands of vecino.')
    .exitOverride()
    .configureOutput({
      writeOut: lineWriter(io.print),
      writeErr: lineWriter(io.warn),
      outputError: (text, write) => write(text.replace(/^error: /, '')),
    })
    .showHelpAfterError(`(${PROGRAM} help lists the commands)`)
    .helpCommand('help [command]', 'list the commands, or show the usage and examples of one');
  for (const spec of COMMANDS) {
    addCommand(program, spec, async (input) => {
      running = spec;
      if (spec.servers !== 'none') {
        await useDevServicesWhenUnset(io.env, spec.servers, io.warn).catch((error: Error) => {
          throw new ReportableFailure(error.message);
        });
      }
      exitCode = await (await spec.load())(input, io);
    });
  }
  try {
    await program.parseAsync(argv.length === 0 ? ['help'] : argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    if (error instanceof ConfigError) {
      const advice = 'See .env.example for every variable.';
      // In production one JSON line, as every other failure: the list of problems joined.
      if (isProduction(io))
        await writeProductionLine(running, `${error.message.replace(/\n\s*/g, ' ')} ${advice}`, io);
      else io.warn(`${error.message}\n${advice}`);
      return EXIT_CONFIG;
    }
    await reportFailure(running, error, io);
    return EXIT_FAILURE;
  }
}

/**
 * One line for a command that failed: its name and what went wrong, by error class and code (never a message that
 * could carry data), or the host and port it could not reach. JSON (pino) in production, like the servers' logs.
 */
async function reportFailure(command: CliCommand | null, error: unknown, io: CliIo): Promise<void> {
  const message = `${command?.name ?? 'cli'} failed: ${describeFailure(error)}`;
  if (isProduction(io)) await writeProductionLine(command, message, io);
  else io.warn(message);
}

function isProduction(io: CliIo): boolean {
  return io.env.NODE_ENV?.trim() === 'production';
}

/** One pino JSON line on stderr, naming the command. */
async function writeProductionLine(command: CliCommand | null, message: string, io: CliIo): Promise<void> {
  const { pino } = await import('pino');
  pino({ base: undefined }, { write: (line: string) => io.warn(line.replace(/\n$/, '')) }).error(
    { command: command?.name ?? 'cli' },
    message,
  );
}

interface SystemError {
  code?: unknown;
  address?: unknown;
  hostname?: unknown;
  port?: unknown;
}

function describeFailure(error: unknown): string {
  // A refused connection to a host with several addresses arrives as an AggregateError of one error each.
  if (error instanceof ReportableFailure) return error.message;
  const first = (error instanceof AggregateError ? error.errors[0] : error) as SystemError | undefined;
  const host = first?.address ?? first?.hostname;
  if (typeof first?.code === 'string' && typeof host === 'string') {
    return `cannot reach ${host}${typeof first.port === 'number' ? `:${first.port}` : ''} (${first.code})`;
  }
  return errorName(error);
}
