// Exit codes (design.md): scripts and CI depend on them, so they never change meaning. Defined in
// the lowest layer so the CLI, the TUI and the headless runner all leave with the same numbers.
export const EXIT = {
  ok: 0,
  taskFailed: 1,
  usage: 2,
  config: 3,
  network: 4,
  interrupted: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
