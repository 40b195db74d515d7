import { ConfigError } from '../config/config.js';
import {
  EXIT_CONFIG,
  EXIT_OK,
  EXIT_USAGE,
  UsageError,
  type CliCommand,
  type CliIo,
  type CommandHandler,
} from './command.js';
import { useDevServicesWhenUnset } from './dev-services.js';

/** Every command: its name, its one-line help, and where its handler lives (`src/cli/<name>.command.ts`). */
export const COMMANDS: readonly CliCommand[] = [
  {
    name: 'create-admin',
    needsServers: true,
    usage: '--email <email> --password <password>',
    summary: 'create an ADMIN staff user, or reset the password and role of an existing email',
    load: async () => (await import('./create-admin.command.js')).createAdmin,
  },
  {
    name: 'migrate',
    needsServers: true,
    usage: '',
    summary: 'apply pending database migrations (the servers do this on start unless NODE_ENV=production)',
    load: async () => (await import('./migrate.command.js')).migrate,
  },
  {
    name: 'migrate:revert',
    needsServers: true,
    usage: '',
    summary: 'revert the last applied migration',
    load: async () => (await import('./migrate-revert.command.js')).revertLastMigration,
  },
  {
    name: 'seed',
    needsServers: true,
    usage: '',
    summary: 'add the demo (an admin, two zones, eight volunteers); safe to repeat; never in production',
    load: async () => (await import('./seed.command.js')).seed,
  },
  {
    name: 'services',
    needsServers: false,
    usage: '[start|stop]',
    summary: 'find or start PostgreSQL and Redis for development (data in .data/), or stop the local pair',
    load: async () => (await import('./services.command.js')).services,
  },
  {
    name: 'print-schema',
    needsServers: false,
    usage: '[--out <file>]',
    summary: 'write the GraphQL schema of the API to schema.gql (or <file>)',
    load: async () => (await import('./print-schema.command.js')).writeSchema,
  },
  {
    name: 'sms',
    needsServers: true,
    usage: '<from phone> "<body>"',
    summary: 'feed a text through the inbound SMS path (log transport only) and print the replies',
    load: async () => (await import('../messaging/inbound/sms.cli.js')).runSmsCommand,
  },
  {
    name: 'help',
    needsServers: false,
    usage: '',
    summary: 'list the commands',
    load: async () => help,
  },
];

const help: CommandHandler = async (_args, io) => {
  printHelp(io.print);
  return EXIT_OK;
};

function synopsis(command: CliCommand): string {
  return `${command.name} ${command.usage}`.trim();
}

function printHelp(print: (line: string) => void): void {
  const width = Math.max(...COMMANDS.map((command) => synopsis(command).length));
  print('Usage: npm run cli -- <command> [options]');
  print('');
  for (const command of COMMANDS) print(`  ${synopsis(command).padEnd(width)}  ${command.summary}`);
}

/** Runs `argv` (the words after `cli`); resolves with the exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name = 'help', ...args] = argv;
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (!command) {
    io.warn(`unknown command "${name}"`);
    printHelp(io.warn);
    return EXIT_USAGE;
  }
  try {
    if (command.needsServers) await useDevServicesWhenUnset(io.env, io.warn);
    const handler = await command.load();
    return await handler(args, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.warn(`${command.name}: ${error.message}`);
      io.warn(`usage: npm run cli -- ${synopsis(command)}`);
      return EXIT_USAGE;
    }
    if (error instanceof ConfigError) {
      io.warn(`${error.message}\nSee .env.example for every variable.`);
      return EXIT_CONFIG;
    }
    throw error;
  }
}
