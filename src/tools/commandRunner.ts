// Runs a shell command for run_command and run_tests: in the workspace root, stdout and stderr
// interleaved as a terminal shows them, output streamed to the UI while the model gets a bounded
// head and tail, a timeout, and cancellation that kills the whole process tree.
import { StringDecoder } from 'node:string_decoder';

import { execa } from 'execa';

import { commandEnv } from './commandEnvironment.js';
import { HeadTailBuffer, stripAnsi } from './HeadTailBuffer.js';
import { killTree, trackGroup, untrackGroup } from './processTree.js';

export const DEFAULT_TIMEOUT_MS = 120_000;
export const MAX_TIMEOUT_MS = 600_000;
/** How long the tree gets between SIGTERM and SIGKILL. */
const KILL_GRACE_MS = 2_000;
/**
 * After the shell exits, how long background processes may keep its output open before they
 * are stopped: a command is over when its shell is, or run_command would wait for a server
 * started with `&` until the timeout.
 */
const LINGER_MS = 500;

export interface RunCommandOptions {
  cwd: string;
  timeoutMs: number;
  signal: AbortSignal;
  onOutput?: (chunk: string) => void;
  headBytes?: number;
  tailBytes?: number;
  /** The environment; default: the user's, scrubbed of secrets (commandEnvironment.ts). */
  env?: Record<string, string>;
  /** Runs `/bin/sh -c SCRIPT` through this program and its leading arguments (the sandbox). */
  wrapper?: { file: string; args: string[] };
}

export interface CommandOutcome {
  /** Combined output, ANSI escapes stripped, middle cut when long. */
  output: string;
  exitCode: number | null;
  /** The signal that ended the command, when one did. */
  signal: string | null;
  timedOut: boolean;
  cancelled: boolean;
  /** Background processes still holding the output when the shell exited were stopped. */
  stoppedBackground: boolean;
  /** The command could not be started at all. */
  spawnError: string | null;
  totalBytes: number;
  durationMs: number;
}

export async function runShellCommand(command: string, options: RunCommandOptions): Promise<CommandOutcome> {
  const started = Date.now();
  const buffer = new HeadTailBuffer(options.headBytes, options.tailBytes);
  const outcome = (fields: Partial<CommandOutcome>): CommandOutcome => ({
    output: stripAnsi(buffer.text()),
    exitCode: null,
    signal: null,
    timedOut: false,
    cancelled: false,
    stoppedBackground: false,
    spawnError: null,
    totalBytes: buffer.totalBytes,
    durationMs: Date.now() - started,
    ...fields,
  });
  if (options.signal.aborted) return outcome({ cancelled: true });

  const posix = process.platform !== 'win32';
  // `exec 2>&1` first: one pipe for both streams keeps their order exactly as a terminal would.
  const script = posix ? `exec 2>&1\n${command}` : command;
  const wrapper = posix ? options.wrapper : undefined;
  const subprocess = execa(wrapper ? wrapper.file : script, wrapper ? [...wrapper.args, '/bin/sh', '-c', script] : [], {
    shell: !wrapper,
    cwd: options.cwd,
    env: options.env ?? commandEnv(),
    extendEnv: false,
    stdin: 'ignore',
    all: !posix,
    buffer: false,
    reject: false,
    // Its own process group, so the whole tree can be signalled at once.
    detached: posix,
    cleanup: !posix,
    windowsHide: true,
  });
  const pid = subprocess.pid;
  if (pid !== undefined && posix) trackGroup(pid);

  const decoder = new StringDecoder('utf8');
  const source = posix ? subprocess.stdout : subprocess.all;
  source?.on('data', (chunk: Buffer | string) => {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    buffer.push(bytes);
    if (options.onOutput) {
      const text = decoder.write(bytes);
      if (text) options.onOutput(text);
    }
  });

  let timedOut = false;
  let cancelled = false;
  let stoppedBackground = false;
  let killing: Promise<void> | null = null;
  const kill = (): void => {
    if (killing || pid === undefined) return;
    killing = posix ? killTree(pid, KILL_GRACE_MS) : Promise.resolve(void subprocess.kill('SIGKILL'));
  };
  const timer = setTimeout(() => {
    timedOut = true;
    kill();
  }, options.timeoutMs);
  const onAbort = (): void => {
    cancelled = true;
    kill();
  };
  options.signal.addEventListener('abort', onAbort, { once: true });
  let lingerTimer: NodeJS.Timeout | undefined;
  subprocess.on('exit', () => {
    lingerTimer = setTimeout(() => {
      // The shell is gone but something it started still holds the output open.
      if (!killing && pid !== undefined) {
        stoppedBackground = true;
        kill();
      }
    }, LINGER_MS);
  });

  const result = await subprocess;
  clearTimeout(timer);
  clearTimeout(lingerTimer);
  options.signal.removeEventListener('abort', onAbort);
  if (killing) await killing;
  if (pid !== undefined) untrackGroup(pid);
  if (options.onOutput) {
    const rest = decoder.end();
    if (rest) options.onOutput(rest);
  }

  const spawnFailed = pid === undefined || (result.exitCode === undefined && result.signal === undefined);
  return outcome({
    exitCode: result.exitCode ?? null,
    signal: result.signal ?? null,
    timedOut: timedOut && !cancelled,
    cancelled,
    stoppedBackground: stoppedBackground && !timedOut && !cancelled,
    spawnError: spawnFailed ? (result.originalMessage ?? result.shortMessage ?? 'the command could not be started') : null,
  });
}

/** `12 s`, `1.5 min`: durations for messages. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${Number((ms / 1000).toFixed(1))} s`;
  return `${Number((ms / 60_000).toFixed(1))} min`;
}

/**
 * The text the model reads: the output, then one status line in brackets: `[exit code N]`,
 * `[timed out after 2 min; …]`, `[cancelled …]` or `[killed by signal …]`.
 */
export function describeOutcome(
  outcome: CommandOutcome,
  timeoutMs: number,
  timeoutHint = `Pass a larger timeout_ms (at most ${MAX_TIMEOUT_MS}) or run a shorter command`,
): { ok: boolean; output: string } {
  const body = outcome.output;
  const sep = body === '' || body.endsWith('\n') ? '' : '\n';
  let status: string;
  let ok = false;
  if (outcome.spawnError !== null) {
    status = `[could not start the command: ${outcome.spawnError}]`;
  } else if (outcome.cancelled) {
    status = '[cancelled by the user; the command and its child processes were stopped]';
  } else if (outcome.timedOut) {
    status = `[timed out after ${formatDuration(timeoutMs)}; the command and its child processes were killed. ${timeoutHint}]`;
  } else if (outcome.exitCode !== null) {
    ok = outcome.exitCode === 0;
    status = `[exit code ${outcome.exitCode}]`;
    if (outcome.stoppedBackground) {
      status +=
        '\n[background processes were still writing to the output when the command ended and were stopped; ' +
        'redirect their output (e.g. `cmd > log.txt 2>&1 &`) to keep them running]';
    }
  } else {
    status = `[killed by signal ${outcome.signal ?? 'unknown'}]`;
  }
  return { ok, output: `${body}${sep}${status}` };
}
