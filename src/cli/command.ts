/** Where a command reads its environment and writes its output, so tests can run commands in-process. */
export interface CliIo {
  env: Record<string, string | undefined>;
  /** Results, one line each (stdout). */
  print: (line: string) => void;
  /** Progress and problems (stderr). */
  warn: (line: string) => void;
}

/** What the command line gave a command, as its parser read it. */
export interface CommandInput {
  /** Its arguments, in order; a variadic last argument is spread. */
  args: string[];
  /** Its options by long name (camelCase, as the parser names them). */
  options: Record<string, string | undefined>;
}

/** Runs a command; resolves with the process exit code. */
export type CommandHandler = (input: CommandInput, io: CliIo) => Promise<number>;

export interface CliOption {
  /** As the parser takes it, e.g. `--email <email>`. */
  flags: string;
  description: string;
}

export interface CliArgument {
  /** As the parser takes it: `<from>` required, `[action]` optional, `<body...>` the rest of the words. */
  name: string;
  description: string;
  /** The only values allowed, when there is such a list. */
  choices?: string[];
  default?: string;
}

export interface CliCommand {
  name: string;
  arguments?: CliArgument[];
  options?: CliOption[];
  summary: string;
  /** Command lines `help <command>` shows, after `npm run cli -- `. */
  examples: string[];
  /**
   * The servers whose URLs it reads: under NODE_ENV=development, an empty URL means the server `npm run dev` uses.
   * `database`: DATABASE_URL only (migrations); `all`: DATABASE_URL and REDIS_URL.
   */
  servers: 'none' | 'database' | 'all';
  /** Imports the handler only when the command runs, so `help` stays instant and no command loads more than it needs. */
  load: () => Promise<CommandHandler>;
}

export const EXIT_OK = 0;
/** Bad input: a message names the field. */
export const EXIT_BAD_INPUT = 1;
/** The command failed (e.g. the database is unreachable): reported on one line. */
export const EXIT_FAILURE = 1;
/** Wrong usage: unknown command or option, missing argument. */
export const EXIT_USAGE = 2;
/** Invalid configuration (EX_CONFIG, as the servers use). */
export const EXIT_CONFIG = 78;
