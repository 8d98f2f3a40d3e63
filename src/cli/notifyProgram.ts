// The user's `notify` program (Codex's setting of that name): run with one JSON argument, detached,
// never awaited, so a slow or broken program cannot hold up the TUI. Its environment is the user's
// without the API key or anything else secret-looking (`shellEnvironment.keep` keeps named ones);
// what goes wrong is written to a log file, never to the screen.
import { spawn } from 'node:child_process';
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { redactSecrets, redactSecretsDeep } from '../config/secretRedactor.js';
import { withheldNames } from '../tools/commandEnvironment.js';

export interface NotifyProgramOptions {
  argv: readonly string[];
  cwd: string;
  /** Where failures are written (one line each). */
  logFile: string;
  keepEnv?: readonly string[];
  env?: NodeJS.ProcessEnv;
}

export type NotifyRunner = (payload: Record<string, unknown>) => void;

export function notifyProgram(options: NotifyProgramOptions): NotifyRunner {
  const source = options.env ?? process.env;
  const withheld = new Set(withheldNames(source, options.keepEnv ?? []));
  const env = Object.fromEntries(Object.entries(source).filter(([name, value]) => value !== undefined && !withheld.has(name)));
  const log = (line: string): void => {
    try {
      mkdirSync(dirname(options.logFile), { recursive: true, mode: 0o700 });
      appendFileSync(options.logFile, `${new Date().toISOString()} ${redactSecrets(line)}\n`, { mode: 0o600 });
    } catch {
      // Nowhere left to say it; a notification is not worth disturbing the session for.
    }
  };
  const [program, ...args] = options.argv;
  return (payload) => {
    if (!program) return;
    try {
      const child = spawn(program, [...args, JSON.stringify(redactSecretsDeep(payload))], { cwd: options.cwd, env, detached: true, stdio: 'ignore' });
      child.on('error', (err) => log(`notify: cannot run ${program}: ${err.message}`));
      child.on('exit', (code, signal) => {
        if (code !== 0) log(`notify: ${program} ${signal ? `was killed by ${signal}` : `exited with ${code}`} (${String(payload.type)})`);
      });
      child.unref();
    } catch (err) {
      log(`notify: cannot run ${program}: ${(err as Error).message}`);
    }
  };
}
