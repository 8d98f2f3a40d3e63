// The request log: one JSON line per request the simulator served (or refused), so tests and the
// benchmark can check what went over the wire without trusting the client's own account.
import { appendFileSync, writeFileSync } from 'node:fs';

export type InputMode = 'full' | 'incremental' | 'compacted';
/** Where the previous state came from: the connection cache, the response store, or nowhere. */
export type CacheSource = 'connection' | 'store' | 'miss' | 'none';

/** What became of a steer (protocol.md §11), on the entries of the steer kinds. */
export interface SteerLogDetails {
  /** The `steer_…` id given on acceptance; null when it was refused. */
  id: string | null;
  /** The top-level fields of the `response.steer` frame as sent (on `steer` entries). */
  fields?: string[];
  /** The text of each steer message, in order. */
  texts: string[];
  /** How it was committed (on `steer_committed`): by the automatic successor, or by the client's continuation. */
  via?: 'successor' | 'continuation';
}

/**
 * The kinds of entries: a request (`response`, `compact`, `upgrade`), an automatic `successor`
 * response (not sent by the client: created by the server from accepted steers), and the life of
 * a steer: `steer` (received: accepted or refused), `steer_committed`, `steer_failed` (after
 * acceptance), `steer_lost` (its connection closed before it was committed), and `event`: a socket
 * event of a type the server does not know, ignored.
 */
export type LogEntryKind = 'response' | 'compact' | 'upgrade' | 'successor' | 'steer' | 'steer_committed' | 'steer_failed' | 'steer_lost' | 'event';

export interface RequestLogEntry {
  /** 1-based request number across the whole simulator (a successor: its parent's; a steer entry: the steer's number). */
  seq: number;
  /** `event`: a socket event of a type the server does not know, ignored (see `eventType`). */
  kind: LogEntryKind;
  transport: 'ws' | 'http';
  /** 1-based connection number (WebSocket) or null (HTTP). */
  connectionId: number | null;
  /** Milliseconds since the simulator started, when the request arrived. */
  receivedAt: number;
  bytesUp: number;
  bytesDown: number;
  model: string | null;
  store: boolean | null;
  generate: boolean;
  previousResponseId: string | null;
  responseId: string | null;
  inputMode: InputMode;
  cache: CacheSource;
  /** True when the request continued from the connection-local cache (its own lane's slot, or a fork). */
  continuedFromCache: boolean;
  /** The request's lane (`stream_id`), null for the default lane (and over HTTP). */
  streamId: string | null;
  /** True when `previous_response_id` was another lane's latest response: the conversation was forked onto this lane. */
  forked: boolean;
  /** The lane forked from (its `stream_id`; null when not forked, or forked from the default lane). */
  forkedFrom: string | null;
  inputItems: number;
  inputTypes: string[];
  /** call_ids of the function_call_output items this request carried. */
  functionCallOutputIds: string[];
  /** Scenario step played (0-based), -1 past the end or on a mismatch, null when none ran. */
  step: number | null;
  /** The scenario branch (sub-agent script) `step` counts in; null for the main steps. */
  branch: string | null;
  status: 'completed' | 'incomplete' | 'failed' | 'error' | 'dropped' | 'silenced' | 'stalled' | 'refused' | 'accepted' | 'committed' | 'lost' | 'ignored';
  /** WebSocket only: whether the connection negotiated permessage-deflate. */
  deflate?: boolean;
  /** The `type` of an ignored client event (kind `event`). */
  eventType?: string;
  httpStatus: number | null;
  errorCode: string | null;
  fault: string | null;
  usage: { input: number; cached: number; output: number } | null;
  timings: {
    /** Simulated uplink time before processing started. */
    uplinkMs: number;
    /** Simulated server time: rebuild, store load, time to first token and generation. */
    serverMs: number;
    /** Wall time from arrival to the first event sent. */
    firstEventMs: number | null;
    /** Wall time from arrival to the first content delta sent. */
    firstDeltaMs: number | null;
    /** Wall time from arrival to the terminal event (or error) sent. */
    doneMs: number | null;
  };
  /** The text of each user message in the request's input (a successor's: its steers). */
  userTexts?: string[];
  /** The text of each developer message in the request's input. */
  developerTexts?: string[];
  /** The request's `instructions` as sent (null: none), so tests can see what the model was told. */
  instructions?: string | null;
  /** The names of the tools the request offered (function, custom and other tools), in order. */
  tools?: string[];
  /** `input_image` parts inside the request's tool outputs (view_image, MCP images). */
  toolOutputImages?: number;
  /** On a successor: the response it continues. */
  successorOf?: string;
  /** Ids of the steers this response committed (a successor, or a continuation of a response whose steers were pending). */
  steerIds?: string[];
  /** On the steer kinds. */
  steer?: SteerLogDetails;
}

export class RequestLog {
  readonly entries: RequestLogEntry[] = [];
  private listeners: Array<(e: RequestLogEntry) => void> = [];

  constructor(private readonly file?: string) {
    if (file) writeFileSync(file, '');
  }

  record(entry: RequestLogEntry): void {
    this.entries.push(entry);
    if (this.file) appendFileSync(this.file, `${JSON.stringify(entry)}\n`);
    for (const l of this.listeners) l(entry);
  }

  onRecord(listener: (e: RequestLogEntry) => void): () => void {
    this.listeners.push(listener);
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  /** Only model requests (not compaction or refused upgrades). */
  responses(): RequestLogEntry[] {
    return this.entries.filter((e) => e.kind === 'response');
  }
}
