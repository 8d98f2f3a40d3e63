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
}

export interface SimulatorState {
  settings: SimulatorSettings;
  scenario: Scenario;
  profile: NetworkProfile;
  store: ResponseStore;
  faults: FaultSchedule;
  log: RequestLog;
  /** performance.now() when the simulator started. */
  startedAt: number;
  nextRequestNo(): number;
  nextConnectionNo(): number;
  /** Milliseconds since start. */
  elapsed(): number;
}
