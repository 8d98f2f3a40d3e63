// The loop: a user message goes to the model through the session; function calls (and custom
// tool calls) run as they arrive; their outputs go back; repeat until the model answers without
// calls or the request limit is reached. Everything the front ends show comes out of here as
// AgentEvents.
import type { Response } from '../protocol/index.js';
import {
  type ConversationItem,
  type ModelSession,
  type SessionEvent,
  SessionError,
  userMessage,
  functionCallOutput,
  customToolCallOutput,
} from '../session/index.js';
import type { CommandRuleGate } from '../tools/rules/commandRuleGate.js';
import type { WorkspaceGuard } from '../tools/WorkspaceGuard.js';
import type { AgentEvent, SessionStats, TurnTimings } from './events.js';
import type { Approver, ApprovalGate, ChangeTracker, ToolCatalog } from './ports.js';
import type { Hooks } from './hooks/Hooks.js';
import { promptHooks, stopHooks } from './hooks/turnHooks.js';
import { type CallOutcome, customCall, type FunctionCall, ToolRunner } from './ToolRunner.js';
import { steerEvent } from './steerEvents.js';
import { compactionEvent, contextFigures } from './contextEvents.js';
import { citationsOf, webSearchEvent } from './webSearchEvents.js';

export interface AgentOptions {
  session: ModelSession;
  catalog: ToolCatalog;
  approvals: ApprovalGate;
  workspace: WorkspaceGuard;
  changes?: ChangeTracker | null;
  approver?: Approver | null;
  /** The user's command rules (`prefix_rule` files); absent: the approval mode alone decides. */
  commandRules?: CommandRuleGate | null;
  /** Model requests allowed per turn before stopping (default 100). */
  maxTurns?: number;
  /** Runs before each turn's first request (MCP: wait for servers, apply tool-list changes). */
  beforeTurn?: () => Promise<void>;
  /** Turns the session already holds (a resumed session): numbering continues after them, so undo snapshots stay apart. */
  turnsBefore?: number;
  /** The user's hooks (SessionStart, UserPromptSubmit, Pre/PostToolUse, Stop); none: null. */
  hooks?: Hooks | null;
  onEvent: (event: AgentEvent) => void;
}

export interface TurnResult {
  status: 'completed' | 'cancelled' | 'failed' | 'max_turns';
  finalMessage: string;
  timings: TurnTimings;
  error?: SessionError;
}

const DEFAULT_MAX_TURNS = 100;

function messageText(response: Response): string {
  const parts: string[] = [];
  for (const item of response.output as unknown as Array<Record<string, unknown>>) {
    if (item.type !== 'message') continue;
    for (const part of (item.content as Array<{ type?: string; text?: string; refusal?: string }>) ?? []) {
      if (typeof part.text === 'string') parts.push(part.text);
      else if (typeof part.refusal === 'string') parts.push(part.refusal);
    }
  }
  return parts.join('');
}

/** A function_call or custom_tool_call output item as a call to run; null for other items. */
function callOf(item: Record<string, unknown>): FunctionCall | null {
  if (item.type === 'function_call') return { call_id: String(item.call_id), name: String(item.name), arguments: String(item.arguments ?? '') };
  if (item.type === 'custom_tool_call') return customCall(String(item.call_id), String(item.name), String(item.input ?? ''));
  return null;
}

function functionCalls(response: Response): FunctionCall[] {
  return (response.output as unknown as Array<Record<string, unknown>>).map(callOf).filter((c): c is FunctionCall => c !== null);
}

/** The input item answering a call: content parts (MCP images) when the tool gave them, its custom or function form otherwise. */
function outputItem(o: CallOutcome): ConversationItem {
  if (o.custom) return customToolCallOutput(o.callId, o.output);
  if (o.outputParts) return { type: 'function_call_output', call_id: o.callId, output: o.outputParts };
  return functionCallOutput(o.callId, o.output);
}

/**
 * A 400 that refuses the custom tools themselves (a server or model without them): the request
 * names the tools parameter or the custom type.
 */
function refusesCustomTools(error: SessionError): boolean {
  return error.code === 'invalid_request' && /custom|tools\[\d+\]\.(type|format)|'tools'/i.test(error.message);
}

export class Agent {
  private turn = 0;
  private readonly stats: SessionStats = { turns: 0, requests: 0, toolCalls: 0, reconnects: 0, tokens: { input: 0, cached: 0, output: 0 } };
  /** Set after a terminal event: the next request's send time measures the agent's own overhead. */
  private overheadClock: { since: number; toolWaitMs: number } | null = null;
  private turnOverheadMs = 0;
  private turnRequests = 0;
  /** SessionStart hooks run before the first prompt of this agent (a resumed session: of this run). */
  private sessionStartDone = false;
  /** A turn is running: the user's words steer it. */
  private running = false;

  constructor(private readonly opts: AgentOptions) {
    opts.session.subscribe((event) => this.handleSessionEvent(event));
    this.turn = opts.turnsBefore ?? 0;
  }

  /** The turn running now (0 before the first): sub-agents' edits join its undo snapshot. */
  get currentTurn(): number {
    return this.turn;
  }

  get sessionStats(): SessionStats {
    return { ...this.stats, tokens: { ...this.stats.tokens }, reconnects: this.opts.session.reconnects };
  }

  /** Session events become AgentEvents (the agent subscribes to its session). */
  private handleSessionEvent(event: SessionEvent): void {
    const emit = this.opts.onEvent;
    switch (event.type) {
      case 'connection':
        emit({ type: 'connection', state: event.state, transport: event.transport, ...(event.reason && { reason: event.reason }) });
        break;
      case 'recovery':
        emit({ type: 'recovery', kind: event.kind, reason: event.reason });
        break;
      case 'request.completed': {
        const { stats } = event;
        let overheadMs: number | null = null;
        if (!stats.warmup) {
          this.stats.requests++;
          this.turnRequests++;
          if (this.overheadClock && stats.timings.sendAt !== null) {
            overheadMs = Math.max(0, stats.timings.sendAt - this.overheadClock.since - this.overheadClock.toolWaitMs);
            this.turnOverheadMs += overheadMs;
          }
        }
        this.overheadClock = null;
        // A warm-up (generate:false) only prepares the server's state: the first real request
        // sends and counts the same input again, so counting it here would count it twice (and
        // show tokens before anything was asked).
        if (stats.usage && !stats.warmup) {
          this.stats.tokens.input += stats.usage.input;
          this.stats.tokens.cached += stats.usage.cached;
          this.stats.tokens.output += stats.usage.output;
          emit({ type: 'usage', ...stats.usage, context: contextFigures(this.opts.session) });
        }
        emit({ type: 'request.completed', stats, overheadMs: overheadMs === null ? null : Math.round(overheadMs * 1000) / 1000 });
        break;
      }
      case 'steer': {
        const steer = steerEvent(event.steer);
        if (steer) emit(steer);
        break;
      }
      case 'compaction.started':
      case 'compaction.completed':
        emit(compactionEvent(event));
        break;
      case 'warning':
        emit({ type: 'error', code: event.code, message: event.message, fatal: false });
        break;
    }
  }

  /**
   * The user's words while a turn runs (protocol.md §11): they steer it — natively where the model
   * can, otherwise with the next request. Returns false while no turn runs (start one instead).
   */
  steer(text: string): boolean {
    if (!this.running) return false;
    this.opts.session.steering.submit(text);
    return true;
  }

  /**
   * No turn runs and the model has not seen some steers (they came as a turn was ending, or a cancel
   * handed them back): `runTurn(null)` delivers them at once, each as its own user message.
   */
  get owesSteers(): boolean {
    return !this.running && this.opts.session.steering.owed;
  }

  /**
   * Runs one user prompt to the final answer (null: no new prompt, the conversation's held steers
   * go instead). Never throws: failures are a result and an event.
   */
  async runTurn(
    prompt: string | null,
    options: { signal?: AbortSignal /** data: or https: URLs, sent as `input_image` parts after the text. */; images?: string[] } = {},
  ): Promise<TurnResult> {
    const signal = options.signal ?? new AbortController().signal;
    const emit = this.opts.onEvent;
    const turn = ++this.turn;
    this.stats.turns++;
    const started = performance.now();
    this.turnOverheadMs = 0;
    this.turnRequests = 0;
    emit({ type: 'turn.started', turn, prompt: prompt ?? '' });
    const runner = new ToolRunner(
      {
        catalog: this.opts.catalog,
        approvals: this.opts.approvals,
        changes: this.opts.changes ?? null,
        workspace: this.opts.workspace,
        approver: this.opts.approver ?? null,
        commandRules: this.opts.commandRules ?? null,
        emit,
        hooks: this.opts.hooks ?? null,
      },
      turn,
      signal,
    );
    const done = (status: TurnResult['status'], finalMessage: string, error?: SessionError): TurnResult => {
      const timings: TurnTimings = {
        wallMs: Math.round(performance.now() - started),
        requests: this.turnRequests,
        toolMs: Math.round(runner.toolMs),
        overheadMs: Math.round(this.turnOverheadMs * 100) / 100,
      };
      // Whatever comes next (the user's next prompt) is not the agent's overhead.
      this.overheadClock = null;
      emit({ type: 'turn.completed', turn, status, finalMessage, timings });
      return { status, finalMessage, timings, ...(error && { error }) };
    };
    this.running = true;
    try {
      return await this.loop(prompt, options.images ?? [], runner, signal, done);
    } catch (err) {
      // A bug below (a session file that cannot be written, …) ends the turn, never the caller.
      const error =
        err instanceof SessionError ? err : new SessionError('invalid_request', `the turn failed unexpectedly: ${(err as Error).message}`, { cause: err });
      emit({ type: 'error', code: error.code, message: error.message, fatal: true });
      return done('failed', '', error);
    } finally {
      this.running = false;
    }
  }

  private async loop(
    prompt: string | null,
    imageUrls: readonly string[],
    runner: ToolRunner,
    signal: AbortSignal,
    done: (status: TurnResult['status'], finalMessage: string, error?: SessionError) => TurnResult,
  ): Promise<TurnResult> {
    const emit = this.opts.onEvent;
    if (this.opts.beforeTurn) await this.opts.beforeTurn().catch(() => undefined);
    if (prompt !== null) {
      // Hooks see the user's prompts; a turn that only delivers held steers (null) runs none.
      const fromHooks = await promptHooks(
        this.opts.hooks ?? null,
        prompt,
        { firstTurn: !this.sessionStartDone, resumed: (this.opts.turnsBefore ?? 0) > 0 },
        signal,
      );
      this.sessionStartDone = true;
      if (fromHooks.blocked !== null) {
        emit({
          type: 'error',
          code: 'hook_blocked',
          message: `a UserPromptSubmit hook blocked the prompt; it was not sent: ${fromHooks.blocked}`,
          fatal: false,
        });
        return done('failed', '');
      }
      const message = userMessage(fromHooks.context ? `${prompt}\n\n${fromHooks.context}` : prompt);
      const images = imageUrls.map((url) => ({ type: 'input_image', image_url: url, detail: 'auto' }));
      this.opts.session.addPrompt(
        images.length > 0 ? ({ ...message, content: [...(message as { content: unknown[] }).content, ...images] } as typeof message) : message,
        this.turn,
        // A hook's context rides in the same message; a rewind gives back only what was typed.
        fromHooks.context ? prompt : undefined,
      );
    }
    const maxTurns = this.opts.maxTurns ?? DEFAULT_MAX_TURNS;
    let lastText = '';
    let stopHookActive = false;
    for (let request = 0; ; request++) {
      if (request >= maxTurns) {
        emit({ type: 'error', code: 'max_turns', message: `stopped after ${maxTurns} model requests in one turn (--max-turns)`, fatal: false });
        return done('max_turns', lastText);
      }
      let response: Response;
      try {
        response = await this.streamResponse(runner, signal);
      } catch (err) {
        if (err instanceof SessionError && err.code === 'aborted') {
          // The request being streamed when the user cancelled counts: it was sent and answered in part.
          this.turnRequests++;
          return done('cancelled', lastText);
        }
        const error = err instanceof SessionError ? err : new SessionError('invalid_request', (err as Error).message, { cause: err });
        if (refusesCustomTools(error) && this.opts.catalog.disableCustomTools?.()) {
          // The server has no custom tools: offer apply_patch as a function tool for the rest of
          // the session and send the same request again (it produced nothing, so nothing repeats).
          this.opts.session.setTools(this.opts.catalog.definitions());
          emit({
            type: 'error',
            code: 'custom_tools_unsupported',
            message: `the server refused custom tools (${error.message}); apply_patch is offered as a function tool from now on`,
            fatal: false,
          });
          request--;
          continue;
        }
        emit({ type: 'error', code: error.code, message: error.message, fatal: true });
        return done('failed', lastText, error);
      }
      lastText = messageText(response) || lastText;
      const calls = functionCalls(response);
      if (calls.length === 0 && !signal.aborted && (await this.steersStillOwed(signal))) {
        // The turn would end with the user's words not yet applied: they are the next request, now.
        continue;
      }
      if (calls.length === 0) {
        // A Stop hook may send the model back to work, with its reason as the next message.
        const goOn = signal.aborted ? null : await stopHooks(this.opts.hooks ?? null, lastText, stopHookActive, signal);
        if (goOn !== null) {
          stopHookActive = true;
          this.opts.session.addItems([userMessage(goOn)], 'user');
          continue;
        }
        this.overheadClock = null;
        return done(signal.aborted ? 'cancelled' : 'completed', lastText);
      }
      this.stats.toolCalls += calls.length;
      const waitStart = performance.now();
      // Every call gets its output, cancelled or not, so the conversation stays consistent. Each
      // output enters the ledger (and the session file) the moment its call finishes: a crash
      // during a slow call loses nothing already done. Ledger, file and the next request therefore
      // all hold the outputs in the order the calls finished (the API matches them by call_id),
      // so a replay sends exactly what the incremental request sent.
      await runner.outputs(calls, (o) => this.opts.session.addItems([outputItem(o)], 'tool'));
      if (this.overheadClock) this.overheadClock.toolWaitMs += performance.now() - waitStart;
      runner.nextResponse();

      if (signal.aborted) return done('cancelled', lastText);
    }
  }

  /** Waits for the server's answer to steers in flight; whether any must still go with a request. */
  private async steersStillOwed(signal: AbortSignal): Promise<boolean> {
    const steering = this.opts.session.steering;
    const aborted = new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
    await Promise.race([steering.answers(), aborted]);
    return !signal.aborted && steering.undelivered > 0;
  }

  private async streamResponse(runner: ToolRunner, signal: AbortSignal): Promise<Response> {
    const emit = this.opts.onEvent;
    const stream = this.opts.session.respond({ signal });
    let text = '';
    let reasoning = '';
    for (;;) {
      const next = await stream.next();
      if (next.done) {
        this.overheadClock = { since: performance.now(), toolWaitMs: 0 };
        // Deltas whose `.done` never came (a server that skips it) still close as one summary.
        if (reasoning) emit({ type: 'reasoning.done', text: reasoning });
        return next.value;
      }
      const item = next.value;
      if (item.kind === 'discard') {
        runner.discardAttempt();
        text = '';
        reasoning = '';
        continue;
      }
      const event = item.event as { type: string; delta?: string; item?: Record<string, unknown> };
      switch (event.type) {
        case 'response.output_text.delta':
        // A refusal streams like an answer (the user reads why); assistant.done says it was one.
        case 'response.refusal.delta':
          text += event.delta ?? '';
          emit({ type: 'assistant.delta', text: event.delta ?? '' });
          break;
        case 'response.reasoning_summary_text.delta':
          reasoning += event.delta ?? '';
          emit({ type: 'reasoning.delta', text: event.delta ?? '' });
          break;
        case 'response.reasoning_summary_text.done': {
          // One summary part is complete: its final text, as the server has it.
          const doneText = (event as { text?: unknown }).text;
          emit({ type: 'reasoning.done', text: typeof doneText === 'string' ? doneText : reasoning });
          reasoning = '';
          break;
        }
        case 'response.output_item.done': {
          const done = event.item ?? {};
          const call = callOf(done);
          if (call) {
            // Start at once: the model may still be writing the next call.
            runner.start(call);
          } else if (done.type === 'message' && done.role === 'assistant') {
            const citations = citationsOf(done);
            const refused = ((done.content as Array<{ type?: string }> | undefined) ?? []).some((part) => part.type === 'refusal');
            emit({ type: 'assistant.done', text, ...(refused && { refusal: true }), ...(citations.length > 0 && { citations }) });
            text = '';
          } else if (done.type === 'web_search_call') {
            emit(webSearchEvent(done));
          }
          break;
        }
        default:
          break;
      }
    }
  }
}
