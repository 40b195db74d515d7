import { spawn } from 'node:child_process';
import { REPOSITORY_ROOT } from './built-process.js';

export interface ProcessRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node dist/src/cli.js <argv>` (dist/ is brought up to date by the tests' global setup) with exactly `env` (plus PATH), as a deployment would. */
export function runBuiltCli(argv: string[], env: Record<string, string>): Promise<ProcessRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['dist/src/cli.js', ...argv], {
      cwd: REPOSITORY_ROOT,
      env: { PATH: process.env.PATH ?? '', ...env },
    });
    const run: ProcessRun = { code: null, stdout: '', stderr: '' };
    child.stdout.on('data', (chunk: Buffer) => (run.stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (run.stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ ...run, code }));
  });
}
