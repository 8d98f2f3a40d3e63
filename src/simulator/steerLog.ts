// Request-log entries for the life of a steer: received (accepted or refused), committed,
// failed after acceptance, lost with its connection. Tests read them to see what went over the
// wire and what became of it, without trusting the client's account.
import type { LogEntryKind, RequestLogEntry, SteerLogDetails } from './requestLog.js';
import type { SimulatorState } from './simulatorState.js';
import type { LaneId } from './stateStores.js';

export interface SteerLogFacts {
  kind: Extract<LogEntryKind, 'steer' | 'steer_committed' | 'steer_failed' | 'steer_lost'>;
  /** The steer's number. */
  no: number;
  connectionId: number;
  status: RequestLogEntry['status'];
  /** The target response, as the steer named it (null when that was not a string). */
  targetId: string | null;
  model: string | null;
  lane: LaneId;
  steer: SteerLogDetails;
  bytesUp?: number;
  /** The response that committed it. */
  responseId?: string | null;
  errorCode?: string | null;
  fault?: string | null;
}

export function recordSteer(state: SimulatorState, facts: SteerLogFacts): void {
  state.log.record({
    seq: facts.no,
    kind: facts.kind,
    transport: 'ws',
    connectionId: facts.connectionId,
    receivedAt: Math.round(state.elapsed()),
    bytesUp: facts.bytesUp ?? 0,
    bytesDown: 0,
    model: facts.model,
    store: null,
    generate: false,
    previousResponseId: facts.targetId,
    responseId: facts.responseId ?? null,
    inputMode: 'incremental',
    cache: 'none',
    continuedFromCache: false,
    streamId: facts.lane,
    forked: false,
    forkedFrom: null,
    inputItems: facts.steer.texts.length,
    inputTypes: facts.steer.texts.map(() => 'message'),
    functionCallOutputIds: [],
    step: null,
    branch: null,
    status: facts.status,
    httpStatus: null,
    errorCode: facts.errorCode ?? null,
    fault: facts.fault ?? null,
    usage: null,
    timings: { uplinkMs: 0, serverMs: 0, firstEventMs: null, firstDeltaMs: null, doneMs: null },
    userTexts: facts.steer.texts,
    steer: facts.steer,
  });
}
