// A reader that stops reading: `wsagent --help | head -1`, `wsagent sessions | head -5`, `wsagent
// exec --json … | head -2`. Node ignores SIGPIPE, so the next write to standard output fails with
// EPIPE, emitted as an 'error' event that would crash the process with a stack trace. Instead the
// program ends quietly: a listing just stops (exit 0); a running exec or -p cancels its turn, lets
// the session close cleanly, and leaves with 141 (128 + SIGPIPE, what a shell reports for a command
// killed by a closed pipe) so a script does not take an unfinished run for a finished one.
import { EXIT } from './exitCodes.js';

export const CLOSED_OUTPUT_EXIT = EXIT.closedOutput;

let closed = false;
let onClose: (() => void) | null = null;

/**
 * Installs the handler (once, at startup) on standard output and standard error: with `2>&1 | head`
 * both are the same closed pipe.
 */
export function watchStandardOutput(streams: NodeJS.WriteStream[] = [process.stdout, process.stderr]): void {
  for (const stream of streams) stream.on('error', (err: NodeJS.ErrnoException) => onWriteError(stream, err));
}

function onWriteError(stream: NodeJS.WriteStream, err: NodeJS.ErrnoException): void {
  if (err.code !== 'EPIPE' && err.code !== 'ERR_STREAM_DESTROYED') {
    if (stream !== process.stderr) process.stderr.write(`wsagent: cannot write to standard output: ${err.message}\n`);
    process.exit(EXIT.taskFailed);
  }
  if (closed) return;
  closed = true;
  // Nothing running to wind down: leave now, with whatever code the command has decided (0 unless it failed).
  if (onClose) onClose();
  else process.exit();
}

/** True once the reader of standard output went away: nothing more should be written anywhere. */
export function standardOutputClosed(): boolean {
  return closed;
}

/**
 * While `handler` is installed, a closed standard output calls it instead of exiting at once (a run
 * that must cancel its turn and close its session first). Returns the uninstaller.
 */
export function whenStandardOutputCloses(handler: () => void): () => void {
  onClose = handler;
  if (closed) queueMicrotask(handler);
  return () => {
    if (onClose === handler) onClose = null;
  };
}
