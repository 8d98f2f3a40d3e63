// The one owner of mid-turn steering for a session's lane (protocol.md §11). It keeps every steer
// the user submitted with its state, decides how each one travels — a native `response.steer` to
// the response streaming now, or held and sent as a user message with the next request (the queue
// path, Codex's behaviour) — and decides where a steer sits in the ledger so that a full replay
// sends exactly what the server saw: after the parent's output, before the tool outputs of a
// continuation. Every state change is written to the session file, so a crash at any moment of a
// steer neither loses nor doubles it. The socket only carries the frames and routes the events here.
import type { Response, ServerEvent, TerminalEvent } from '../protocol/index.js';
import type { SteerNotice } from './ConnectionSupervisor.js';
import { type ConversationItem, userMessage } from './items.js';
import type { SessionSink } from './SessionFile.js';
import type { SessionEvent } from './sessionEvents.js';
import type { SteerState, SteerStatus, SteerVia } from './steerTypes.js';

export type { SteerState, SteerStatus, SteerVia } from './steerTypes.js';

interface Steer extends SteerStatus {
  /** The response it was sent to, and the connection it went out on (native only). */
  target?: string;
  connectionKey?: string;
  /** Its user message is in the ledger. */
  inLedger: boolean;
}

export interface SteeringPorts {
  /** This session's lane (null: the default lane). */
  lane: () => string | null;
  /** Whether a native steer may go now: steering enabled for this model, over a socket. */
  nativeAllowed: () => boolean;
  /** Sends a `response.steer`; the connection key it went out on, or null. */
  send: (previousResponseId: string, text: string) => string | null;
  /** Appends the steer's user message to the ledger (and the session file). */
  addItem: (item: ConversationItem, steerId: string) => void;
  sink?: SessionSink | undefined;
  emit: (event: SessionEvent) => void;
}

const HELD: ReadonlySet<SteerState> = new Set(['queued', 'failed', 'unknown']);
const SERVER_HOLDS: ReadonlySet<SteerState> = new Set(['accepted', 'pending']);

let counter = 0;
const newSteerId = (): string => `st_${Date.now().toString(36)}${(counter++).toString(36)}`;

export class Steering {
  private readonly steers: Steer[] = [];
  /** The response streaming now on this lane (its `response.created` seen, no terminal yet). */
  private active: { id: string; connectionKey: string } | null = null;
  /** The latest response that ended on this lane: a successor or continuation commits its steers. */
  private lastEnded: string | null = null;
  private answered: Array<() => void> = [];

  constructor(private readonly ports: SteeringPorts) {}

  /** A user's words during a turn: never refused. Native when a response streams now, held otherwise. */
  submit(text: string): SteerStatus {
    const steer: Steer = { id: newSteerId(), text, state: 'queued', inLedger: false };
    this.steers.push(steer);
    const active = this.active;
    const connectionKey = active && this.ports.nativeAllowed() ? this.ports.send(active.id, text) : null;
    if (active && connectionKey === active.connectionKey) {
      steer.target = active.id;
      steer.connectionKey = connectionKey;
      steer.via = 'native';
      this.change(steer, 'sent');
    } else {
      // Nothing to steer (tools running, a request not yet created), or no native steering here.
      steer.via = 'queued';
      this.change(steer, 'queued');
    }
    return publicView(steer);
  }

  /** Every event of this lane's responses, in order, as the session reads them. */
  observe(event: ServerEvent, connectionKey: string, successor: boolean): void {
    if (event.type === 'response.created') {
      const id = (event as { response?: { id?: string } }).response?.id;
      if (typeof id !== 'string') return;
      this.active = { id, connectionKey };
      // The commit point of every steer this response carries (protocol.md §11).
      for (const steer of this.steers) {
        if (steer.state === 'riding') this.commit(steer, 'queued');
        else if (SERVER_HOLDS.has(steer.state) && steer.target === this.lastEnded) this.commit(steer, successor ? 'native' : 'continuation');
      }
      return;
    }
    if (event.type === 'response.completed' || event.type === 'response.incomplete' || event.type === 'response.failed') {
      const ended = (event as { response?: { id?: string } }).response?.id ?? null;
      this.lastEnded = ended;
      this.active = null;
      // A steer still unanswered when its target ended reached the server too late: an acceptance
      // would have come before the terminal event on the same socket. It is ours again now, even
      // from a server that never answers (its refusal, when it comes, changes nothing).
      for (const steer of this.steers) {
        if (steer.state !== 'sent' || steer.target !== ended) continue;
        steer.code = 'response_already_completed';
        steer.message = 'the response ended before the steer reached it';
        this.change(steer, 'failed');
      }
      this.wakeIfAnswered();
    }
  }

  /** A `response.steer.*` event or a connection that ended, heard when it arrived. */
  onNotice(notice: SteerNotice): void {
    if (notice.type === 'closed') {
      this.connectionLost(notice.connectionKey);
      return;
    }
    if (notice.lane !== this.ports.lane()) return;
    const event = notice.event as { type: string; steer?: { id?: string; previous_response_id?: string }; error?: { code?: string; message?: string } };
    const serverId = event.steer?.id;
    const target = event.steer?.previous_response_id;
    const sent = (): Steer | undefined => this.steers.find((s) => s.state === 'sent' && s.connectionKey === notice.connectionKey && s.target === target);
    const held = (): Steer | undefined => this.steers.find((s) => s.serverId === serverId && serverId !== undefined);
    if (event.type === 'response.steer.accepted') {
      const steer = sent();
      if (steer && serverId) {
        steer.serverId = serverId;
        this.change(steer, 'accepted');
      }
    } else if (event.type === 'response.steer.pending') {
      const steer = held();
      if (steer && steer.state === 'accepted') this.change(steer, 'pending');
    } else if (event.type === 'response.steer.failed') {
      // With an id it failed after acceptance; without, it was refused. Either way it is ours again.
      const steer = serverId ? held() : sent();
      if (steer && (steer.state === 'sent' || SERVER_HOLDS.has(steer.state))) {
        steer.code = event.error?.code ?? 'steer_failed';
        steer.message = event.error?.message ?? 'the server did not apply the steer';
        this.change(steer, 'failed');
      }
    }
    this.wakeIfAnswered();
  }

  /**
   * At a response's terminal event, when it arrives: whether a successor follows in the same
   * stream — a steer it accepted is not committed yet and it stopped without a client tool call.
   */
  expectsSuccessor(terminal: TerminalEvent): boolean {
    const response = (terminal as { response?: Response }).response;
    if (!response || hasClientCall(response)) return false;
    return this.steers.some((s) => s.state === 'accepted' && s.target === response.id);
  }

  /**
   * A response was committed to the ledger: the steers it accepted follow its output there (the
   * server puts them after it, before whatever the next request adds).
   */
  afterCommit(responseId: string): void {
    for (const steer of this.steers) {
      if (!SERVER_HOLDS.has(steer.state) || steer.target !== responseId || steer.inLedger) continue;
      this.toLedger(steer);
    }
  }

  /** Ids of the steers whose message the server already holds: an incremental request must not send them. */
  serverHeld(connectionKey: string): ReadonlySet<string> {
    return new Set(this.steers.filter((s) => SERVER_HOLDS.has(s.state) && s.connectionKey === connectionKey).map((s) => s.id));
  }

  /**
   * Before a request is planned: every held steer joins the ledger (after the outputs of the tools
   * that ran) and rides with it; its `response.created` commits it.
   */
  boardNextRequest(): void {
    for (const steer of this.steers) {
      if (!HELD.has(steer.state)) continue;
      if (!steer.inLedger) this.toLedger(steer);
      this.change(steer, 'riding');
    }
  }

  /** Steers not yet applied that the next request must deliver (the turn goes on while there are any). */
  get undelivered(): number {
    return this.steers.filter((s) => HELD.has(s.state)).length;
  }

  /**
   * Steers the model has not seen once no request runs: held (they came as a turn ended, or a cancel
   * handed them back), riding on a request that never started, or pending on the server for a
   * continuation. The next request delivers them, once (`Agent.runTurn(null)` sends one at once).
   */
  get owed(): boolean {
    return this.steers.some((s) => s.state !== 'committed' && s.state !== 'sent');
  }

  /** Resolves once no steer waits for the server's answer (accepted or refused). */
  answers(): Promise<void> {
    if (!this.steers.some((s) => s.state === 'sent')) return Promise.resolve();
    return new Promise((resolve) => this.answered.push(resolve));
  }

  /** A request failed and will be replayed: whatever the dead connection held comes back to us. */
  connectionLost(connectionKey: string | null): void {
    for (const steer of this.steers) {
      if (steer.state !== 'sent' && !SERVER_HOLDS.has(steer.state)) continue;
      if (connectionKey !== null && steer.connectionKey !== connectionKey) continue;
      steer.code = 'connection_lost';
      steer.message = 'the connection ended before the steer was applied';
      this.change(steer, 'unknown');
    }
    if (connectionKey === null || this.active?.connectionKey === connectionKey) this.active = null;
    this.wakeIfAnswered();
  }

  private toLedger(steer: Steer): void {
    steer.inLedger = true;
    this.ports.addItem(userMessage(steer.text), steer.id);
  }

  private commit(steer: Steer, via: SteerVia): void {
    steer.via = via;
    this.change(steer, 'committed');
  }

  private change(steer: Steer, state: SteerState): void {
    steer.state = state;
    this.ports.sink?.appendSteer(publicView(steer));
    this.ports.emit({ type: 'steer', steer: publicView(steer) });
  }

  private wakeIfAnswered(): void {
    if (this.steers.some((s) => s.state === 'sent')) return;
    for (const wake of this.answered.splice(0)) wake();
  }
}

function publicView(steer: Steer): SteerStatus {
  const { id, text, state, via, serverId, code, message } = steer;
  return { id, text, state, ...(via && { via }), ...(serverId && { serverId }), ...(code && { code }), ...(message && { message }) };
}

/** A call the client must answer: the server then waits (pending steers) instead of starting a successor. */
function hasClientCall(response: Response): boolean {
  return (response.output as unknown as Array<{ type?: string }>).some((item) => item.type === 'function_call' || item.type === 'custom_tool_call');
}
