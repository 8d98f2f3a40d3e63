// Plays an engine outcome to a client over either transport: paces the events on the simulated
// network, applies mid-stream faults at their moment, commits or abandons the response, and
// writes the request's log line. The transports differ only in their EventSink.
import type { TimedEvent } from './eventStream.js';
import type { EngineOutcome, RequestFacts } from './responseEngine.js';
import type { FaultSpec } from './faults.js';
import { DownlinkPacer, sleep, uplinkMs } from './pacing.js';
import type { RequestLogEntry } from './requestLog.js';
import type { SimulatorState } from './simulatorState.js';

/** How a transport puts things on the wire. */
export interface EventSink {
  readonly transport: 'ws' | 'http';
  readonly connectionId: number | null;
  /** WebSocket: whether the connection negotiated permessage-deflate (logged). */
  readonly deflate?: boolean;
  /** False once the client went away or the transport was cut. */
  isOpen(): boolean;
  /** Sends one serialised event; returns the bytes written. */
  sendEvent(type: string, json: string): number;
  /** A request error (4xx/5xx) in the transport's own shape. */
  sendError(outcome: Extract<EngineOutcome, { kind: 'error' }>): number;
  /** Transport-level faults. */
  drop(): void;
  close1011(): void;
  silence(): void;
  sendMalformed(): number;
  sendBinary(): number;
  /** Called after the terminal event (HTTP ends the body here). */
  finish(): void;
  /** Resolves when the client goes away (a stalled response waits for it; HTTP sends its headers first). */
  whenClosed(): Promise<void>;
}

const TRANSPORT_FAULTS = new Set(['drop', 'close_1011', 'silent', 'malformed_frame', 'binary_frame', 'stall', 'unknown_event']);

/** The event of `unknown_event`: a type from the API's future, which clients must ignore. */
export const UNKNOWN_EVENT_TYPE = 'response.future_thing';

/**
 * A response whose stream may change while it is delivered (a steer, protocol.md §11, inserts its
 * events and ends the response early). Delivery tells it what it sends; it numbers the events.
 */
export interface LiveStreamControl {
  /** Model time 0 of the response is this performance.now(). */
  started(pacerStart: number): void;
  /** Gives the event the next sequence number (taken only once it went out: see sent). */
  stamp(timed: TimedEvent): void;
  /** The event at `index` went out (with the number stamp gave it). */
  sent(index: number, timed: TimedEvent): void;
  /** Adds what this response's log entry says beyond the request (successor, committed steers). */
  decorate(entry: RequestLogEntry): void;
}

export interface Arrival {
  requestNo: number;
  bytes: number;
  /** performance.now() at arrival. */
  at: number;
  fault: FaultSpec | undefined;
}

export function baseLogEntry(
  state: SimulatorState,
  sink: Pick<EventSink, 'transport' | 'connectionId' | 'deflate'>,
  arrival: Arrival,
  facts: RequestFacts | null,
): RequestLogEntry {
  return {
    seq: arrival.requestNo,
    kind: 'response',
    transport: sink.transport,
    connectionId: sink.connectionId,
    receivedAt: Math.round(arrival.at - state.startedAt),
    bytesUp: arrival.bytes,
    bytesDown: 0,
    model: facts?.model ?? null,
    store: facts?.store ?? null,
    generate: facts?.generate ?? true,
    previousResponseId: facts?.previousResponseId ?? null,
    responseId: null,
    inputMode: facts?.inputMode ?? 'full',
    cache: facts?.cache ?? 'none',
    continuedFromCache: facts?.cache === 'connection',
    streamId: facts?.streamId ?? null,
    forked: facts?.forked ?? false,
    forkedFrom: facts?.forkedFrom ?? null,
    inputItems: facts?.inputItems ?? 0,
    inputTypes: facts?.inputTypes ?? [],
    functionCallOutputIds: facts?.functionCallOutputIds ?? [],
    ...(facts && {
      userTexts: facts.userTexts,
      developerTexts: facts.developerTexts,
      instructions: facts.instructions,
      tools: facts.tools,
      toolOutputImages: facts.toolOutputImages,
    }),
    step: null,
    branch: null,
    status: 'error',
    httpStatus: null,
    errorCode: null,
    fault: arrival.fault ? arrival.fault.kind : null,
    usage: null,
    timings: { uplinkMs: 0, serverMs: 0, firstEventMs: null, firstDeltaMs: null, doneMs: null },
    ...(sink.deflate !== undefined && { deflate: sink.deflate }),
  };
}

/** Waits out the uplink, then returns; transports call it before asking the engine. */
export async function waitForUplink(state: SimulatorState, arrival: Arrival): Promise<number> {
  const ms = uplinkMs(state.profile, arrival.bytes);
  await sleep(ms - (performance.now() - arrival.at));
  return ms;
}

function applyTransportFault(sink: EventSink, fault: FaultSpec, nextSeq: number): 'stop' | 'stall' | 'continue' {
  switch (fault.kind) {
    case 'stall':
      return 'stall';
    case 'unknown_event':
      sink.sendEvent(
        UNKNOWN_EVENT_TYPE,
        JSON.stringify({ type: UNKNOWN_EVENT_TYPE, sequence_number: nextSeq, note: 'an event type this client does not know' }),
      );
      return 'stall';
    case 'drop':
      sink.drop();
      return 'stop';
    case 'close_1011':
      sink.close1011();
      return 'stop';
    case 'silent':
      sink.silence();
      return 'stop';
    case 'malformed_frame':
      sink.sendMalformed();
      return 'continue';
    case 'binary_frame':
      sink.sendBinary();
      return 'continue';
    default:
      return 'continue';
  }
}

/**
 * Delivers an outcome. Returns the log entry, already recorded.
 */
export async function deliver(
  state: SimulatorState,
  sink: EventSink,
  arrival: Arrival,
  outcome: EngineOutcome,
  uplink: number,
  live?: LiveStreamControl,
): Promise<RequestLogEntry> {
  const entry = baseLogEntry(state, sink, arrival, outcome.facts);
  live?.decorate(entry);
  entry.timings.uplinkMs = Math.round(uplink);
  const since = (): number => Math.round(performance.now() - arrival.at);

  if (outcome.kind === 'error') {
    await sleep(state.profile.oneWayMs);
    entry.bytesDown = sink.sendError(outcome);
    entry.httpStatus = outcome.error.status;
    entry.errorCode = outcome.error.error.code ?? outcome.error.error.type;
    entry.timings.doneMs = since();
    state.log.record(entry);
    return entry;
  }

  const { stream } = outcome;
  entry.responseId = stream.response.id;
  entry.step = outcome.step;
  entry.branch = outcome.branch;
  entry.timings.serverMs = Math.round(outcome.serverMs);
  const fault = arrival.fault && TRANSPORT_FAULTS.has(arrival.fault.kind) ? arrival.fault : undefined;
  const pacer = new DownlinkPacer(state.profile, performance.now());
  live?.started(performance.now());

  if (fault && fault.at === 'start') {
    const next = applyTransportFault(sink, fault, 0);
    if (next === 'stop') return finishCut(state, entry, outcome, fault, since);
    if (next === 'stall') return stall(state, sink, entry, outcome, since);
  }

  // "Mid-stream" is after the first output item; a stream without one (a warm-up, a failure)
  // is cut just before its terminal event.
  const firstItemDone = stream.events.findIndex((e) => e.midpoint);
  const midIndex = firstItemDone >= 0 ? firstItemDone : Math.max(0, stream.events.length - 2);
  // The event the fault strikes after, by identity: a steer may insert events before it.
  const strikeEvent = stream.events[fault?.at === 'created' ? 0 : midIndex];
  let terminal: string | null = null;
  // The list is re-read at every step: a steer can insert events or end the stream meanwhile.
  for (let index = 0; index < stream.events.length; index++) {
    const timed = stream.events[index]!;
    live?.stamp(timed);
    const json = JSON.stringify(timed.event);
    await pacer.waitFor(timed.atMs, json.length);
    if (stream.events[index] !== timed) {
      index--;
      continue;
    }
    if (!sink.isOpen()) return finishCut(state, entry, outcome, undefined, since);
    entry.bytesDown += sink.sendEvent(timed.event.type, json);
    live?.sent(index, timed);
    entry.timings.firstEventMs ??= since();
    if (timed.firstDelta) entry.timings.firstDeltaMs = since();
    const type = timed.event.type;
    if (type === 'response.completed' || type === 'response.incomplete' || type === 'response.failed') terminal = type;
    if (fault && fault.at !== 'start' && timed === strikeEvent) {
      const next = applyTransportFault(sink, fault, timed.event.sequence_number + 1);
      if (next === 'stop') return finishCut(state, entry, outcome, fault, since);
      if (next === 'stall') return stall(state, sink, entry, outcome, since);
    }
  }
  if (terminal === 'response.failed') {
    outcome.abandon();
    entry.status = 'failed';
    entry.errorCode = stream.response.error?.code ?? 'server_error';
  } else {
    outcome.commit();
    entry.status = terminal === 'response.incomplete' ? 'incomplete' : 'completed';
    const usage = stream.response.usage;
    if (usage) entry.usage = { input: usage.input_tokens, cached: usage.input_tokens_details.cached_tokens, output: usage.output_tokens };
  }
  sink.finish();
  entry.timings.doneMs = since();
  state.log.record(entry);
  return entry;
}

/**
 * The response goes no further, but the connection stays up (pings are still answered) until the
 * client gives up. The log line is written at once, so a test can see the stall begin.
 */
async function stall(
  state: SimulatorState,
  sink: EventSink,
  entry: RequestLogEntry,
  outcome: Extract<EngineOutcome, { kind: 'stream' }>,
  since: () => number,
): Promise<RequestLogEntry> {
  outcome.abandon();
  entry.status = 'stalled';
  entry.timings.doneMs = since();
  state.log.record(entry);
  await sink.whenClosed();
  return entry;
}

function finishCut(
  state: SimulatorState,
  entry: RequestLogEntry,
  outcome: Extract<EngineOutcome, { kind: 'stream' }>,
  fault: FaultSpec | undefined,
  since: () => number,
): RequestLogEntry {
  outcome.abandon();
  entry.status = fault?.kind === 'silent' ? 'silenced' : 'dropped';
  entry.timings.doneMs = since();
  state.log.record(entry);
  return entry;
}
