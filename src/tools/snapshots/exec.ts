// A minimal child-process runner for git plumbing: binary-safe stdout, stdin input, no shell.
import { spawn } from 'node:child_process';
import { SnapshotError } from './types.js';

export interface RunResult {
  code: number;
  stdout: Buffer;
  stderr: string;
}

export interface RunOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  input?: string | Buffer;
  /** Resolve with a non-zero code instead of rejecting. */
  allowFail?: boolean;
}

export function run(cmd: string, args: string[], opts: RunOptions): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e) => reject(new SnapshotError(`could not run ${cmd}: ${e.message}`)));
    child.stdin.on('error', () => {
      /* the process exited before reading all input: its exit code tells */
    });
    child.on('close', (code, signal) => {
      const result: RunResult = { code: code ?? (signal ? 128 : 1), stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8') };
      if (result.code !== 0 && !opts.allowFail) {
        const msg = result.stderr.trim().split('\n').slice(-3).join(' ') || `exit code ${result.code}`;
        const shown = `${cmd} ${args.join(' ')}`;
        reject(new SnapshotError(`${shown.length > 120 ? `${shown.slice(0, 117)}...` : shown} failed: ${msg}`));
      } else {
        resolve(result);
      }
    });
    child.stdin.end(opts.input ?? '');
  });
}

/** Runs async tasks one at a time, in call order. */
export class Serial {
  private tail: Promise<unknown> = Promise.resolve();
  run<T>(fn: () => Promise<T>): Promise<T> {
    const p = this.tail.then(fn, fn);
    this.tail = p.catch(() => undefined);
    return p;
  }
}
