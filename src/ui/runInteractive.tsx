// Entry point of the interactive front end: renders <App> with Ink on a terminal and resolves with
// the exit code when the user quits (/quit, Ctrl-D and Ctrl-C twice alike: 0, or 1 when the last
// turn failed; with exitAfterFirstTurn, the first turn's outcome). The controller is closed (controller.close())
// before it resolves.
import { render } from 'ink';
import type { AgentController, PromptHistoryStore } from './AgentController.js';
import { App } from './App.js';
import { preloadMarkdown } from './markdown.js';
import { colorFromEnv } from './theme.js';
import { DISABLE_BRACKETED_PASTE, ENABLE_BRACKETED_PASTE } from './typedInput.js';
import { DEFAULT_THROTTLE_MS } from './useAgentState.js';

export { renderStats, resetRenderStats } from './renderStats.js';

export interface RunInteractiveOptions {
  /** Submitted as the first turn (e.g. `wsagent "fix the tests"`). */
  initialPrompt?: string;
  /** Default process.stdout. Must be a terminal for a usable UI (columns/rows are read from it). */
  stdout?: NodeJS.WriteStream;
  /** Default process.stdin. Must be a TTY: the UI reads keys in raw mode. */
  stdin?: NodeJS.ReadStream;
  /** Default process.stderr. */
  stderr?: NodeJS.WriteStream;
  /** Colour on or off; default: on unless NO_COLOR is set (and not empty). */
  color?: boolean;
  /** Minimum interval between re-renders while text streams (default 64 ms). */
  throttleMs?: number;
  /** Let Ink route console.* output above the UI (default true). */
  patchConsole?: boolean;
  /** Exit when the first turn is over (the demo): resolves 0 completed, 1 failed or stopped, 130 cancelled. */
  exitAfterFirstTurn?: boolean;
  /** Resolves with an exit code when the UI must stop from outside (a termination signal). */
  stop?: Promise<number>;
  /** Prompt history kept across runs. */
  history?: PromptHistoryStore;
  /** Called once the first frame is on screen: work the first frame must not wait for (assembling the agent). */
  afterFirstFrame?: () => void;
}

export class NotATerminalError extends Error {
  constructor() {
    super('the interactive UI needs a terminal on stdin; use -p/--prompt or `wsagent exec` without one');
    this.name = 'NotATerminalError';
  }
}

export async function runInteractive(controller: AgentController, options: RunInteractiveOptions = {}): Promise<number> {
  const stdin = options.stdin ?? process.stdin;
  const stdout = options.stdout ?? process.stdout;
  if (!stdin.isTTY) throw new NotATerminalError();
  let exitCode: number = 0;
  // Bracketed paste lets the prompt tell a pasted line break from Enter; always turned off again.
  const paste = stdout.isTTY === true;
  const pasteOff = (): void => {
    stdout.write(DISABLE_BRACKETED_PASTE);
  };
  if (paste) {
    stdout.write(ENABLE_BRACKETED_PASTE);
    process.once('exit', pasteOff);
  }
  const instance = render(
    <App
      controller={controller}
      color={options.color ?? colorFromEnv()}
      throttleMs={options.throttleMs ?? DEFAULT_THROTTLE_MS}
      onExit={(code) => {
        exitCode = code;
      }}
      {...(options.initialPrompt !== undefined && { initialPrompt: options.initialPrompt })}
      {...(options.exitAfterFirstTurn && { exitAfterFirstTurn: true })}
      {...(options.history && { history: options.history })}
    />,
    {
      stdin,
      stdout,
      ...(options.stderr && { stderr: options.stderr }),
      exitOnCtrlC: false,
      patchConsole: options.patchConsole ?? true,
    },
  );
  void options.stop?.then(async (code) => {
    exitCode = code;
    // Cancel the turn and close the session first, then unmount: Ink restores the terminal.
    await Promise.race([controller.close().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 5000).unref())]);
    instance.unmount();
  });
  try {
    // Once the first frame is on screen: the agent (and its connection), then the markdown
    // renderer, long before the first answer.
    setImmediate(() => {
      options.afterFirstFrame?.();
      setImmediate(() => void preloadMarkdown());
    });
    await instance.waitUntilExit();
  } finally {
    if (paste) {
      process.off('exit', pasteOff);
      pasteOff();
    }
  }
  return exitCode;
}
