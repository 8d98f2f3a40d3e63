// What every front end of one simulator instance shares: options, scenario, stores, faults,
// the request counter and the log.
import type { FaultSchedule } from './faults.js';
import type { NetworkProfile } from './profiles.js';
import type { RequestLog } from './requestLog.js';
import type { Scenario } from './scenario.js';
import type { ResponseStore } from './stateStores.js';

/** What the server does once it has reported `websocket_connection_limit_reached`. */
export type LimitCloseBehaviour = 'close' | 'keep' | 'drop';

export interface SimulatorSettings {
  /** Connection lifetime (ms); the real service uses 60 minutes. */
  limitMs: number;
  limitClose: LimitCloseBehaviour;
  /** Close code used when limitClose is `close` (unspecified by the API; 1000 by default). */
  limitCloseCode: number;
  /** Also send the limit error to a socket that is idle when its time is up. */
  limitNotifyIdle: boolean;
  /** Which field carries the HTTP status in socket error events (both occur in the wild). */
  errorStatusField: 'status' | 'status_code';
  /** Append `data: [DONE]` after the terminal SSE event (Open Responses servers do). */
  sseDone: boolean;
  /** Required `Authorization: Bearer` key; null accepts anything. */
  apiKey: string | null;
  /** Read the key from this header, verbatim (Azure's `api-key`), instead of `Authorization: Bearer`. */
  apiKeyHeader: string | null;
  /** Query parameters every request and upgrade must carry (Azure's `api-version`); else a 404. */
  requireQuery: Record<string, string>;
  /**
   * When reasoning items carry `encrypted_content`: `include` (only when the request's `include`
   * asks for `reasoning.encrypted_content`, as protocol.md says) or `always` (as the SDK's newest
   * comments describe the service).
   */
  encryptedReasoning: 'include' | 'always';
  /**
   * The streaming `error` event: `flat` (`{type, code, message, param, sequence_number}`, the SDK's
   * ResponseErrorEvent and protocol.md's shape 2) or `nested` (`{type, sequence_number, error:
   * {type, code, message, param}}`, Open Responses' ErrorStreamingEvent).
   */
  streamErrorShape: 'flat' | 'nested';
  /** Without a scenario: how many responses of each user turn call a tool before the answer. */
  rounds: number;
  /**
   * WebSocket lanes (protocol.md §9): `stream_id` accepted, lanes run concurrently. False: a
   * classic server, which rejects `stream_id` as an unknown parameter.
   */
  lanes: boolean;
  /**
   * Mid-turn steering (protocol.md §11). False: a server from before it, to which `response.steer`
   * is an unknown event (ignored, or an error with `unknownEvents: 'error'`).
   */
  steering: boolean;
  /** Responses in flight at once per connection, across lanes (more are queued). The guide: 16. */
  laneMaxInFlight: number;
  /** Distinct named lanes per connection (the default lane does not count). The guide: 32. */
  laneMaxStreams: number;
  /** The models served: `GET /v1/models` lists them, and any other name is `model_not_found`. */
  models: readonly string[];
  /** Take any model name (local experiments); `GET /v1/models` still lists `models`. */
  anyModel: boolean;
  /**
   * Input tokens a request may hold, for every model (tests reach it in a few turns); null: each
   * model's real window (protocol/contextWindows.ts), none for a name it does not know. Over it the
   * response fails with `context_length_exceeded`, as the service's does.
   */
  contextWindow: number | null;
  /**
   * A socket event of a type other than `response.create` / `response.steer` (unspecified by the
   * API; Codex once sent an optional `response.processed`): `ignore` it (logged), or answer it with
   * a 400 `invalid_event_type` error event.
   */
  unknownEvents: 'ignore' | 'error';
  /** Models that take `response.steer` (protocol.md §11): globs, `*` matching any run of characters. */
  steerableModels: string[];
  /** Steers accepted and not yet committed per response; one more is `too_many_pending_steers`. */
  steerMaxPending: number;
  /** The automatic successor's `previous_response_id` (unspecified): the parent's id, or null. */
  steerSuccessorPrevious: 'parent' | 'null';
  /**
   * Where a steer ends the response (unspecified beyond "the item being written is finished"):
   * `item` writes that item to its end; `token` closes a message or reasoning item at the next
   * token (status `incomplete`). A tool call is always written to its end.
   */
  steerBoundary: 'item' | 'token';
}

export interface SimulatorState {
  settings: SimulatorSettings;
  /** The scripted model, or null for the model that uses whatever tools a request offers. */
  scenario: Scenario | null;
  profile: NetworkProfile;
  store: ResponseStore;
  faults: FaultSchedule;
  log: RequestLog;
  /** performance.now() when the simulator started. */
  startedAt: number;
  nextRequestNo(): number;
  nextConnectionNo(): number;
  /** Counts the requests of a named lane across all connections (lane-targeted faults use it). */
  nextLaneRequestNo(streamId: string): number;
  /** Counts every `response.steer` received (steer faults and the log's steer entries use it). */
  nextSteerNo(): number;
  /** Counts the steers aimed at a named lane's responses (lane-targeted steer faults use it). */
  nextLaneSteerNo(streamId: string): number;
  /** Milliseconds since start. */
  elapsed(): number;
}
