// A steer's state as the session file and the session's events record it (see Steering).

/**
 * queued: held, goes with the next request · riding: in the next request's input, not yet created ·
 * sent: `response.steer` written, no answer yet · accepted / pending: the server holds it ·
 * committed: the model has seen it (never sent again) · failed: refused or handed back (goes by
 * the queue path) · unknown: the connection died while the server held it (goes by the queue path).
 */
export type SteerState = 'queued' | 'riding' | 'sent' | 'accepted' | 'pending' | 'committed' | 'failed' | 'unknown';
export type SteerVia = 'native' | 'continuation' | 'queued';

export interface SteerStatus {
  /** Ours (`st_…`), stable across the whole life of the steer, resume included. */
  id: string;
  text: string;
  state: SteerState;
  via?: SteerVia;
  /** The server's `steer_…` id once accepted. */
  serverId?: string;
  /** Why it failed (the server's code, or `connection_lost`). */
  code?: string;
  message?: string;
}
