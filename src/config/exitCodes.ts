// Exit codes (README, "Exit codes"): scripts and CI depend on them, so they never change meaning.
// Defined in the lowest layer so the CLI, the TUI and the headless runner all leave with the same numbers.
export const EXIT = {
  ok: 0,
  taskFailed: 1,
  usage: 2,
  config: 3,
  network: 4,
  /** SIGHUP (128 + 1): the terminal went away. */
  hangup: 129,
  /** SIGINT (128 + 2): Ctrl-C. */
  interrupted: 130,
  /** 128 + SIGPIPE (13): standard output was closed by its reader (`| head`) while a run was under way. */
  closedOutput: 141,
  /** SIGTERM (128 + 15): a CI timeout, `kill`. */
  terminated: 143,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The signals that end wsagent from outside, and the code each leaves with (128 + its number, as shells report it). */
export const SIGNAL_EXIT_CODES = { SIGINT: EXIT.interrupted, SIGTERM: EXIT.terminated, SIGHUP: EXIT.hangup } as const;
