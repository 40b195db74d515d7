// Builds dist/ (`nest build`) only when a source is newer than the last successful build, so `npm run cli`,
// `migration:*`, `schema:print`, `bench:*` and `dev` start at once on an up-to-date checkout. Plain JavaScript:
// it runs before anything is compiled.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const STAMP = 'dist/.build-stamp';
/** What `tsconfig.build.json` compiles, and the files that change how it is compiled. */
const SOURCE_DIRS = ['src', 'migrations', 'bench', 'test/fake-twilio', 'test/support'];
const BUILD_FILES = [
  'tsconfig.json',
  'tsconfig.build.json',
  'nest-cli.json',
  'package.json',
  'package-lock.json',
];

/** Newest modification time of the build inputs; directories count too, so a deleted file is a change. */
function newestInput() {
  let newest = 0;
  for (const dir of SOURCE_DIRS) {
    newest = Math.max(newest, statSync(dir).mtimeMs);
    for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
      if (entry.isFile() && entry.name.endsWith('.spec.ts')) continue;
      newest = Math.max(newest, statSync(join(entry.parentPath ?? entry.path, entry.name)).mtimeMs);
    }
  }
  for (const file of BUILD_FILES) if (existsSync(file)) newest = Math.max(newest, statSync(file).mtimeMs);
  return newest;
}

const started = Date.now();
if (!existsSync(STAMP) || statSync(STAMP).mtimeMs < newestInput()) {
  process.stderr.write('[build] sources changed since the last build: nest build\n');
  execFileSync(process.execPath, ['node_modules/@nestjs/cli/bin/nest.js', 'build'], { stdio: 'inherit' });
  // Stamped with the time the build started: a source saved during the build makes the next run build again.
  writeFileSync(STAMP, '');
  utimesSync(STAMP, started / 1000, started / 1000);
}
