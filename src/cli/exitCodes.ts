// The CLI's exit codes (their table lives in config/, shared with the TUI and the headless
// runner) and the error type that carries one up to main().
import { EXIT } from '../config/exitCodes.js';

export { EXIT };

/** An error whose message is meant for the user as it is, with the exit code to leave with. */
export class UserFacingError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.usage,
  ) {
    super(message);
  }
}
