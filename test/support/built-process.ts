import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

/** The repository root, from `test/support/` (Jest) or `dist/test/support/` (benches). */
export const REPOSITORY_ROOT = fileURLToPath(
  new URL(import.meta.url.includes('/dist/') ? '../../../' : '../../', import.meta.url),
);

/**
 * A built entrypoint (`dist/src/main.js`, `dist/src/worker.js`, a `dist/bench/*.js` helper) in a process of its
 * own, with exactly the environment given (plus PATH), as a deployment runs it: for fault tests (kill it, stop it)
 * and benches (its peak memory).
 */
export class BuiltProcess {
  private output = '';

  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
  ) {
    const keep = (chunk: Buffer) => {
      // Enough to show why a process died, without holding every log line of a long run.
      this.output = (this.output + chunk.toString()).slice(-20_000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
  }

  static start(name: string, script: string, env: Record<string, string>, args: string[] = []): BuiltProcess {
    const child = spawn(process.execPath, [script, ...args], {
      cwd: REPOSITORY_ROOT,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new BuiltProcess(name, child);
  }

  get pid(): number {
    return this.child.pid ?? 0;
  }

  /** Resolves once `probe` holds; fails, with the process's last output, if it exits first or time runs out. */
  async waitUntil(probe: () => Promise<boolean> | boolean, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.exited()) {
        throw new Error(
          `${this.name} exited (${this.child.exitCode ?? this.child.signalCode}):\n${this.output}`,
        );
      }
      if (
        await Promise.resolve()
          .then(probe)
          .catch(() => false)
      )
        return;
      if (Date.now() > deadline)
        throw new Error(`${this.name} not ready after ${timeoutMs} ms:\n${this.output}`);
      await sleep(50);
    }
  }

  /** Whether the process has printed `text` (its log). */
  printed(text: string): boolean {
    return this.output.includes(text);
  }

  /** VmHWM from /proc/<pid>/status: the most resident memory the process ever had, in bytes. */
  peakRss(): number {
    return this.memoryStatus('VmHWM');
  }

  /** VmRSS from /proc/<pid>/status: resident memory now, in bytes. */
  rss(): number {
    return this.memoryStatus('VmRSS');
  }

  private memoryStatus(field: 'VmHWM' | 'VmRSS'): number {
    const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const kib = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status);
    if (!kib) throw new Error(`no ${field} in /proc/${this.pid}/status`);
    return Number(kib[1]) * 1024;
  }

  /** Sends `signal` and resolves with how the process ended once it is gone. */
  async signal(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (!this.exited()) {
      const exited = once(this.child, 'exit');
      this.child.kill(signal);
      await exited;
    }
    return { code: this.child.exitCode, signal: this.child.signalCode };
  }

  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
  async stop(graceMs = 15_000): Promise<void> {
    if (this.exited()) return;
    const exited = once(this.child, 'exit');
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }

  private exited(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }
}
