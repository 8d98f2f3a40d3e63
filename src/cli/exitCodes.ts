// Exit codes (design.md): scripts and CI depend on them, so they never change meaning.
export const EXIT = {
  ok: 0,
  taskFailed: 1,
  usage: 2,
  config: 3,
  network: 4,
  interrupted: 130,
} as const;

/** An error whose message is meant for the user as it is, with the exit code to leave with. */
export class UserFacingError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.usage,
  ) {
    super(message);
  }
}
