// A failure the session could not recover from, in words a user can act on. `code` decides the
// exit code in the front ends (auth and config → 3, network → 4, the rest → 1).
export type SessionErrorCode =
  | 'auth'
  | 'network'
  | 'rate_limit'
  | 'server_error'
  | 'invalid_request'
  | 'context_length_exceeded'
  | 'aborted'
  | 'quota'
  | 'model_not_found';

export class SessionError extends Error {
  override readonly name = 'SessionError';

  constructor(
    readonly code: SessionErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
