// The conversation itself: the ledger, what the next request sends (its plan and body), and what a
// completed response adds (its items and its place in the chain), each change appended to the
// session file as it happens. It knows which connection a chain lives on only by key; it never
// touches a transport.
import type { Response, Tool } from '../protocol/index.js';
import type { ResponseCreateBody } from '../transport/index.js';
import { type RequestPlan, planRequest } from './ContinuationPlanner.js';
import { ConversationLedger } from './ConversationLedger.js';
import { requestFingerprint } from './fingerprint.js';
import type { ConversationItem, ItemOrigin } from './items.js';
import { DEFAULT_TUNING, type ModelTuning, modelRequestFields, tuningFields } from './modelTuning.js';
import type { SessionSink } from './SessionFile.js';

export interface ConversationOptions {
  model: string;
  instructions: string;
  tools: Tool[];
  store: boolean;
  /** Passed through as `context_management` on every request (server-side compaction). */
  contextManagement?: unknown[] | null;
  /** Other request fields (max_output_tokens, metadata, …). */
  extraBody?: Record<string, unknown>;
  /** Reasoning effort and summary, verbosity, which models reason (default: DEFAULT_TUNING). */
  tuning?: ModelTuning;
  /** `prompt_cache_key` on every request (the session id: HTTP requests land on a warm prompt cache). */
  promptCacheKey?: string;
  /** An existing ledger (resume); the first request then starts a new chain. */
  ledger?: ConversationLedger;
  sessionFile?: SessionSink;
  /** `text.format` on every request (e.g. `{type:'json_schema', name, schema, strict:true}` for --output-schema). */
  textFormat?: Record<string, unknown>;
  /**
   * A sub-agent's conversation forked from another lane of the same connection: until this
   * conversation has a response of its own there, the source's response is what it continues from.
   */
  forkedFrom?: { connectionKey: string; responseId: string };
}

export class Conversation {
  private current: ConversationLedger;
  private modelName: string;
  private instructions: string;
  private tools: Tool[];
  private tuningNow: ModelTuning;
  /** The id of the latest response completed on each connection (its cache slot). */
  private readonly latestOnConnection = new Map<string, string>();
  /** Per connection: responses left as the latest of a lane this conversation moved away from (/fork). */
  private readonly leftOnOtherLanes = new Map<string, Set<string>>();
  /** The next request must start a new chain (evicted, unknown, compacted, resumed). */
  forceNewChain: boolean;
  private cachedFingerprint: string | null = null;

  constructor(private readonly opts: ConversationOptions) {
    this.modelName = opts.model;
    this.instructions = opts.instructions;
    this.tools = opts.tools;
    this.tuningNow = opts.tuning ?? DEFAULT_TUNING;
    this.current = opts.ledger ?? new ConversationLedger();
    this.forceNewChain = opts.ledger !== undefined && opts.forkedFrom === undefined;
  }

  /** The tools sent with every request now. */
  get currentTools(): Tool[] {
    return this.tools;
  }

  /** The latest response completed on a connection (its cache slot for this conversation's lane). */
  latestOn(connectionKey: string): string | null {
    return this.latestOnConnection.get(connectionKey) ?? null;
  }

  get ledger(): ConversationLedger {
    return this.current;
  }

  get model(): string {
    return this.modelName;
  }

  get currentInstructions(): string {
    return this.instructions;
  }

  /** An empty ledger, and a new chain on the next request. */
  clear(): void {
    this.current = new ConversationLedger();
    this.latestOnConnection.clear();
    this.leftOnOtherLanes.clear();
    this.forceNewChain = true;
    this.opts.sessionFile?.appendClear();
  }

  setModel(model: string): void {
    this.modelName = model;
    this.cachedFingerprint = null;
  }

  get tuning(): ModelTuning {
    return this.tuningNow;
  }

  /** Like a model change, a new effort or verbosity starts a new chain (it is in the fingerprint). */
  setTuning(change: Partial<ModelTuning>): void {
    this.tuningNow = { ...this.tuningNow, ...change };
    this.cachedFingerprint = null;
  }

  setInstructions(instructions: string): void {
    this.instructions = instructions;
    this.cachedFingerprint = null;
  }

  setTools(tools: Tool[]): void {
    this.tools = tools;
    this.cachedFingerprint = null;
  }

  addItems(items: ConversationItem[], origin: ItemOrigin): void {
    for (const item of items) {
      this.current.append(item, origin);
      this.opts.sessionFile?.appendItem(item, origin);
    }
  }

  /** The user's prompt, starting agent turn `turn`; `typed`: the prompt as typed when `item` holds more. */
  addPrompt(item: ConversationItem, turn: number, typed?: string): void {
    const entry = this.current.append(item, 'user');
    entry.turn = turn;
    if (typed !== undefined) entry.typed = typed;
    this.opts.sessionFile?.appendPrompt(item, turn, typed);
  }

  /**
   * Rewind: the conversation goes on from its first `position` items (a prompt's place), as if
   * what came after had never been said. The next request continues the last response kept when
   * the server still can (stored, or the latest of this lane: the planner decides), otherwise it
   * starts a new chain with the context up to there (or the compaction that stands for it).
   */
  rewindTo(position: number, turn: number | null, prompt: string): void {
    this.current.truncate(position);
    this.opts.sessionFile?.appendRewind(this.current.length, turn, prompt);
  }

  /** A steer's user message (Steering decides when and where). */
  addSteerItem(item: ConversationItem, steerId: string): void {
    this.current.append(item, 'user').steerId = steerId;
    this.opts.sessionFile?.appendSteerItem(item, steerId);
  }

  /**
   * The conversation moves to another lane of the connection (/fork): its latest response there
   * stays that lane's latest, which a rewind to it can still continue by forking it.
   */
  leaveLane(connectionKey: string): void {
    const latest = this.latestOnConnection.get(connectionKey);
    if (latest === undefined) return;
    const left = this.leftOnOtherLanes.get(connectionKey) ?? new Set<string>();
    left.add(latest);
    this.leftOnOtherLanes.set(connectionKey, left);
  }

  /** The server turned out to have no lanes: the responses left on them are no lanes' latest. */
  forgetOtherLanes(): void {
    this.leftOnOtherLanes.clear();
  }

  /** Whether a response already completed on this connection (its cache holds state to chain from). */
  hasResponseOn(connectionKey: string): boolean {
    return this.latestOnConnection.has(connectionKey);
  }

  plan(connectionKey: string, hasConnectionCache: boolean, serverHeldSteers?: ReadonlySet<string>): RequestPlan {
    return planRequest({
      ...(serverHeldSteers && { serverHeldSteers }),
      ledger: this.current,
      connectionKey,
      hasConnectionCache,
      // The planner's "latest on this connection" is the latest on this conversation's lane of it.
      latestOnConnection:
        this.latestOnConnection.get(connectionKey) ?? (this.opts.forkedFrom?.connectionKey === connectionKey ? this.opts.forkedFrom.responseId : null),
      fingerprint: this.fingerprint(),
      store: this.opts.store,
      chainBroken: this.forceNewChain,
      ...(this.leftOnOtherLanes.has(connectionKey) && { otherLanesLatest: this.leftOnOtherLanes.get(connectionKey)! }),
    });
  }

  body(plan: RequestPlan, warmup: boolean): ResponseCreateBody {
    const body: Record<string, unknown> = {
      ...this.opts.extraBody,
      model: this.modelName,
      instructions: this.instructions,
      tools: this.tools,
      store: this.opts.store,
      input: plan.input,
      // reasoning / include / text per model, parallel calls (the agent runs them concurrently), cache key.
      ...modelRequestFields(this.modelName, this.tuningNow, this.opts.store),
      parallel_tool_calls: true,
      ...(this.opts.promptCacheKey !== undefined && { prompt_cache_key: this.opts.promptCacheKey }),
    };
    if (this.opts.textFormat) body.text = { ...(body.text as Record<string, unknown> | undefined), format: this.opts.textFormat };
    if (plan.previousResponseId) body.previous_response_id = plan.previousResponseId;
    if (this.opts.contextManagement) body.context_management = this.opts.contextManagement;
    if (warmup) body.generate = false;
    return body as unknown as ResponseCreateBody;
  }

  /** A completed (or incomplete) response: its items join the ledger, and the chain continues from it. */
  commit(response: Response, connectionKey: string, warmup: boolean): void {
    const file = this.opts.sessionFile;
    for (const item of response.output as unknown as ConversationItem[]) {
      this.current.append(item, 'model', response.id);
      file?.appendItem(item, 'model', response.id);
    }
    const record = this.current.recordResponse({
      responseId: response.id,
      connectionKey,
      stored: this.opts.store,
      fingerprint: this.fingerprint(),
      warmup,
    });
    file?.appendResponse(record);
    this.latestOnConnection.set(connectionKey, response.id);
    this.forceNewChain = false;
  }

  /** The compacted window replaces everything up to now; the next request starts a new chain from it. */
  setCompaction(window: ConversationItem[]): void {
    const coversUpTo = this.current.length;
    this.current.setCompaction(window, coversUpTo);
    this.opts.sessionFile?.appendCompaction(window, coversUpTo);
    this.forceNewChain = true;
  }

  close(): void {
    this.opts.sessionFile?.close();
  }

  /** Model, instructions, tools and tuning (reasoning, verbosity) hashed once per change, not once per request. */
  private fingerprint(): string {
    this.cachedFingerprint ??= requestFingerprint(this.modelName, this.instructions, this.tools, tuningFields(this.modelName, this.tuningNow));
    return this.cachedFingerprint;
  }
}
