// One hook command as a process: `sh -c COMMAND` in the workspace root, the event's JSON on stdin,
// stdout and stderr collected, killed with everything it started when its timeout passes or the
// turn is cancelled. It runs with the environment commands get (no API key, no secret-looking
// variables: tools/commandEnvironment.ts) but outside the sandbox, as Claude Code's and Codex's
// hooks do: hooks are the user's own programs (or a trusted repository's).
import { execa } from 'execa';
import { commandEnv } from '../../tools/commandEnvironment.js';
import { killTree, trackGroup, untrackGroup } from '../../tools/processTree.js';

export interface HookProcessResult {
  /** null when it was killed (timeout, cancel) or could not start. */
  exitCode: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  /** Why it could not start (a missing shell, a bad cwd). */
  spawnError: string | null;
}

export interface HookProcessOptions {
  cwd: string;
  timeoutMs: number;
  signal: AbortSignal;
  /** Project-directory variables hooks written for the others read. */
  extraEnv?: Record<string, string>;
}

/** Output kept per stream: a hook that floods its pipe still ends, and only this much reaches the model. */
const MAX_OUTPUT_CHARS = 64 * 1024;

export async function runHookProcess(command: string, input: unknown, options: HookProcessOptions): Promise<HookProcessResult> {
  const posix = process.platform !== 'win32';
  const subprocess = execa(command, [], {
    shell: true,
    cwd: options.cwd,
    env: commandEnv({ ...(options.extraEnv && { extra: options.extraEnv }) }),
    extendEnv: false,
    input: `${JSON.stringify(input)}\n`,
    reject: false,
    stripFinalNewline: false,
    maxBuffer: MAX_OUTPUT_CHARS,
    // Its own process group, so a hook's children die with it.
    detached: posix,
    cleanup: !posix,
    windowsHide: true,
  });
  const pid = subprocess.pid;
  if (pid !== undefined && posix) trackGroup(pid);
  let timedOut = false;
  let killing: Promise<void> | null = null;
  const kill = (): void => {
    if (killing || pid === undefined) return;
    killing = posix ? killTree(pid, 0) : Promise.resolve(void subprocess.kill('SIGKILL'));
  };
  const timer = setTimeout(() => {
    timedOut = true;
    kill();
  }, options.timeoutMs);
  const onAbort = (): void => kill();
  options.signal.addEventListener('abort', onAbort, { once: true });
  if (options.signal.aborted) kill();
  const result = await subprocess;
  clearTimeout(timer);
  options.signal.removeEventListener('abort', onAbort);
  if (killing) await killing;
  if (pid !== undefined) untrackGroup(pid);
  const text = (value: unknown): string => (typeof value === 'string' ? value : '').slice(0, MAX_OUTPUT_CHARS);
  const spawnFailed = pid === undefined;
  return {
    exitCode: killing || typeof result.exitCode !== 'number' ? null : result.exitCode,
    stdout: text(result.stdout),
    stderr: text(result.stderr),
    timedOut,
    spawnError: spawnFailed ? (result.message ?? 'could not start') : null,
  };
}
