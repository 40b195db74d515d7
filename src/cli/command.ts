/** Where a command reads its environment and writes its output, so tests can run commands in-process. */
export interface CliIo {
  env: Record<string, string | undefined>;
  /** Results, one line each (stdout). */
  print: (line: string) => void;
  /** Progress and problems (stderr). */
  warn: (line: string) => void;
}

/** Runs a command with the words after its name; resolves with the process exit code. */
export type CommandHandler = (args: string[], io: CliIo) => Promise<number>;

export interface CliCommand {
  name: string;
  /** Arguments after the name, as `help` shows them. */
  usage: string;
  summary: string;
  /** Needs PostgreSQL and Redis: under NODE_ENV=development, empty URLs mean the servers `npm run dev` uses. */
  needsServers: boolean;
  /** Imports the handler only when the command runs, so `help` stays instant and no command loads more than it needs. */
  load: () => Promise<CommandHandler>;
}

export const EXIT_OK = 0;
/** Bad input: a message names the field. */
export const EXIT_BAD_INPUT = 1;
/** Wrong usage: unknown command or option. */
export const EXIT_USAGE = 2;
/** Invalid configuration (EX_CONFIG, as the servers use). */
export const EXIT_CONFIG = 78;

/** A command line the command cannot use; `runCli` prints it with the command's usage and exits with 2. */
export class UsageError extends Error {}

/**
 * Reads `--name value` and `--name=value` options. Every option takes a value; an unknown option or a stray
 * argument is a UsageError. Missing options are left out, for the command to name.
 */
export function parseOptions<Name extends string>(
  args: string[],
  names: readonly Name[],
): Partial<Record<Name, string>> {
  const options: Partial<Record<Name, string>> = {};
  for (let index = 0; index < args.length; index++) {
    const match = /^--([a-z][a-z-]*)(?:=(.*))?$/s.exec(args[index]!);
    if (!match) throw new UsageError(`unexpected argument "${args[index]}"`);
    const name = match[1] as Name;
    if (!names.includes(name)) throw new UsageError(`unknown option --${name}`);
    const value = match[2] ?? args[++index];
    if (value === undefined) throw new UsageError(`--${name} needs a value`);
    options[name] = value;
  }
  return options;
}
