// Over HTTP a finished run stayed alive 100-400 ms on a busy machine (40 ms over the socket).
// Node's fetch parses HTTP with a WebAssembly build of llhttp; V8 first compiles it quickly
// (Liftoff), then optimises it again on background threads, and before exiting Node waits for those
// background jobs. The quick compile is plenty for an agent's few requests, so the second one is
// never started. (A V8 flag set at run time: it must come before the first fetch compiles the parser.)
import { setFlagsFromString } from 'node:v8';

export function quickExitAfterHttp(): void {
  setFlagsFromString('--liftoff-only');
}
