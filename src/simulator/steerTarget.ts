// One response of a WebSocket connection as a steering target (protocol.md §11): it numbers the
// response's events as they go out (steer events take their numbers from the same stream), knows
// when the response ended in model time, takes accepted steers and, with the first, ends the
// stream at the safe boundary.
import type { WireItem } from './conversation.js';
import type { LiveStreamControl } from './delivery.js';
import type { BuiltStream, TimedEvent } from './eventStream.js';
import type { SteerFaultKind } from './faults.js';
import type { RequestLogEntry } from './requestLog.js';
import { endAtBoundary, terminalIndex } from './steerBoundary.js';
import type { SteerErrorCode, SteerEvent } from './steerEvents.js';
import { acceptedEvent } from './steerEvents.js';
import type { LaneId } from './stateStores.js';

export interface AcceptedSteer {
  id: string;
  /** The steer's number (every `response.steer` received counts). */
  no: number;
  targetId: string;
  /** The user messages, as the model will see them. */
  messages: WireItem[];
  texts: string[];
  /** What the client sent, echoed if the input comes back. */
  sent: { previousResponseId: unknown; input: unknown };
  fault: SteerFaultKind | undefined;
}

const TERMINALS = new Set(['response.completed', 'response.incomplete', 'response.failed']);

export class SteerTarget implements LiveStreamControl {
  /** Accepted steers not yet committed or failed, in submission order. */
  readonly steers: AcceptedSteer[] = [];
  /** Set once the terminal event went out. */
  terminalType: string | null = null;
  /** Steers of an earlier response that this one applies (a successor's, a continuation's): its `response.created` commits them. */
  carried: AcceptedSteer[] = [];
  /** Runs when `response.created` went out: the commit point of the carried steers. */
  onCreated: (() => void) | null = null;
  /** Extra log fields of this response (a successor's parent, the steers it commits). */
  logFields: Partial<RequestLogEntry> = {};
  private stream: BuiltStream | null;
  private nextSeq = 0;
  private pacerStart = performance.now();
  private sentCount = 0;
  private cut = false;
  /** What runs once a given event went out. */
  private readonly afterSent = new Map<unknown, () => void>();
  private settle: () => void = () => undefined;
  /** Resolves when the response and what follows its terminal event (pending, failures) went out. */
  readonly settled: Promise<void> = new Promise((resolve) => {
    this.settle = resolve;
  });

  constructor(
    readonly id: string,
    readonly lane: LaneId,
    readonly model: string,
    /** The create request (a successor is made from its parent's); let go when the response is over. */
    public body: Record<string, unknown>,
    stream: BuiltStream,
    /** Why this response can never be steered (its model, its kind), or null. */
    readonly refusal: SteerErrorCode | null,
    private readonly boundary: 'item' | 'token',
  ) {
    this.stream = stream;
  }

  started(pacerStart: number): void {
    this.pacerStart = pacerStart;
  }

  /** The number is taken when the event went out: a steer event may be put in front of it meanwhile. */
  stamp(timed: TimedEvent): void {
    (timed.event as unknown as { sequence_number: number }).sequence_number = this.nextSeq;
  }

  sent(index: number, timed: TimedEvent): void {
    this.nextSeq++;
    this.sentCount = index + 1;
    if (timed.event.type === 'response.created') this.onCreated?.();
    if (TERMINALS.has(timed.event.type)) this.terminalType = timed.event.type;
    const then = this.afterSent.get(timed.event);
    if (then) {
      this.afterSent.delete(timed.event);
      then();
    }
  }

  decorate(entry: RequestLogEntry): void {
    Object.assign(entry, this.logFields);
  }

  /** Model time (ms since this response's model started) of a wall-clock moment. */
  modelTimeOf(wallMs: number): number {
    return wallMs - this.pacerStart;
  }

  /** The output the response ended with (or will end with, once a steer decided it). */
  get output(): WireItem[] {
    return (this.stream?.response.output ?? []) as unknown as WireItem[];
  }

  get failed(): boolean {
    return this.terminalType === 'response.failed';
  }

  /** True when, at model time `atMs`, the response had already ended. */
  endedBy(atMs: number): boolean {
    if (this.terminalType !== null || !this.stream) return true;
    const events = this.stream.events;
    return (events[terminalIndex(events)]?.atMs ?? 0) < atMs;
  }

  /**
   * Puts a steer event into the stream at model time `atMs` (before the terminal event, which
   * has not gone out: see endedBy) and returns its index.
   */
  insert(atMs: number, event: SteerEvent): number {
    const events = this.stream!.events;
    const end = terminalIndex(events);
    let at = this.sentCount;
    while (at < end && events[at]!.atMs <= atMs) at++;
    events.splice(at, 0, { atMs, event: { ...event, sequence_number: 0 } as unknown as TimedEvent['event'] });
    return at;
  }

  /**
   * Takes an accepted steer landing at model time `atMs`; the first one ends the stream at the
   * safe boundary. `afterAccepted` runs once its accepted event went out.
   */
  accept(steer: AcceptedSteer, atMs: number, afterAccepted?: () => void): void {
    const at = this.insert(atMs, acceptedEvent(steer.id, this.id));
    if (afterAccepted) this.afterSent.set(this.stream!.events[at]!.event, afterAccepted);
    if (!this.cut) {
      this.cut = true;
      endAtBoundary(this.stream!, at, atMs, this.boundary);
    }
    this.steers.push(steer);
  }

  /** An event sent after the stream, numbered from it. */
  numbered(event: SteerEvent): SteerEvent {
    return { ...event, sequence_number: this.nextSeq++ };
  }

  /** The response and what follows it went out: late events may go now; the events are no longer kept. */
  finish(): void {
    this.stream = null;
    this.body = {};
    this.settle();
  }
}
