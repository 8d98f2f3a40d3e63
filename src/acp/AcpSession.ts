// One ACP session: a wsagent session driven by an editor. `session/prompt` runs a turn and answers
// with its stop reason; a prompt that arrives while a turn runs steers that turn (the agent's own
// steering, native `response.steer` where the model can) and answers when the turn ends, as the
// TUI's Enter does; `session/cancel` stops the turn (its calls are cancelled, their process trees
// killed) and the prompt answers `cancelled`.
import { type AgentContext, type ContentBlock, type PromptResponse, RequestError, type SessionUpdate, type StopReason } from '@agentclientprotocol/sdk';
import type { TurnResult } from '../agent/Agent.js';
import type { AgentEvent } from '../agent/events.js';
import { EventUpdates } from './eventUpdates.js';
import type { WorkspaceAgent } from './ports.js';
import { type PromptInput, promptInput } from './promptContent.js';

/** How the turn's last response ended, beyond the turn's own status. */
type LastResponse = 'normal' | 'truncated' | 'refused';

interface TurnOutcome {
  result: TurnResult;
  /** `truncated`: it stopped at the output token limit (`incomplete`); `refused`: the model declined. */
  last: LastResponse;
}

export class AcpSession {
  private agent: WorkspaceAgent | null = null;
  private readonly translate: EventUpdates;
  private running: Promise<TurnOutcome> | null = null;
  private controller: AbortController | null = null;
  private last: LastResponse = 'normal';
  /** The response being streamed holds a refusal (known before its request.completed). */
  private refusing = false;
  /** Updates are sent in order: each waits for the one before it to be written. */
  private sending: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly client: AgentContext,
    root: string,
    private readonly log: (line: string) => void,
  ) {
    this.translate = new EventUpdates(root, log, (update) => void this.send(update));
  }

  private acpId = '';

  /**
   * The wsagent session behind it (set once it is built; events before that only reach the log).
   * `acpId`: the id the editor uses, wsagent's own unless it loaded the session by a prefix of it.
   */
  attach(agent: WorkspaceAgent, acpId = agent.sessionId): void {
    this.agent = agent;
    this.acpId = acpId;
  }

  get id(): string {
    return this.acpId;
  }

  /** Every AgentEvent of the session passes here. */
  onEvent(event: AgentEvent): void {
    // The parent's own last response decides max_tokens (a sub-agent's events carry its name).
    const own = (event as { agent?: string }).agent === undefined;
    if (event.type === 'assistant.done' && own && event.refusal) this.refusing = true;
    if (event.type === 'request.completed' && own && !event.stats.warmup) {
      this.last = event.stats.status === 'incomplete' ? 'truncated' : this.refusing ? 'refused' : 'normal';
      this.refusing = false;
    }
    const updates = this.translate.updates(event);
    if (this.agent) for (const update of updates) this.send(update);
  }

  /** Sends one `session/update` after those before it. */
  send(update: SessionUpdate): Promise<unknown> {
    const sessionId = this.id;
    this.sending = this.sending
      .then(() => this.client.notify('session/update', { sessionId, update }))
      .catch((err: Error) => this.log(`could not send an update: ${err.message}`));
    return this.sending;
  }

  async prompt(blocks: readonly ContentBlock[]): Promise<PromptResponse> {
    const agent = this.workspaceAgent();
    const input = promptInput(blocks);
    if (input.text === '' && input.images.length === 0) throw RequestError.invalidParams(undefined, 'the prompt is empty');
    const running = this.running;
    if (running) {
      // Words for the running turn steer it; an image, or a turn that ended meanwhile, waits for a turn of its own.
      if (input.images.length === 0 && agent.agent.steer(input.text)) return this.response(await running);
      await running.catch(() => undefined);
      // Another prompt may have started a turn while this one waited: steer it or wait again.
      return this.prompt(blocks);
    }
    const turn = this.runTurn(agent, input);
    this.running = turn;
    try {
      return this.response(await turn);
    } finally {
      if (this.running === turn) this.running = null;
      this.controller = null;
    }
  }

  cancel(): void {
    this.controller?.abort(new Error('cancelled by the editor'));
  }

  async close(): Promise<void> {
    this.cancel();
    await this.running?.catch(() => undefined);
    await this.sending;
    await this.agent?.close();
  }

  /** The wsagent session (throws while it is still being built). */
  workspaceAgent(): WorkspaceAgent {
    if (!this.agent) throw RequestError.internalError(undefined, 'the session is still starting');
    return this.agent;
  }

  private async runTurn(agent: WorkspaceAgent, input: PromptInput): Promise<TurnOutcome> {
    const controller = new AbortController();
    this.controller = controller;
    const { signal } = controller;
    this.last = 'normal';
    this.refusing = false;
    let result = await agent.agent.runTurn(input.text, { signal, ...(input.images.length > 0 && { images: input.images }) });
    // Steers that came as the turn was ending go at once, in a turn of their own (as in the TUI).
    while (result.status === 'completed' && !signal.aborted && agent.agent.owesSteers) result = await agent.agent.runTurn(null, { signal });
    await this.sending;
    return { result, last: this.last };
  }

  private response({ result, last }: TurnOutcome): PromptResponse {
    const agent = this.workspaceAgent();
    const stats = agent.agent.sessionStats;
    const status = agent.status();
    // The figures of the TUI's status bar, for editors that show them (and the log).
    const figures = { ...status, turn: result.timings, tokens: stats.tokens, requests: stats.requests, reconnects: stats.reconnects };
    this.log(
      `turn ${result.status}: ${result.timings.wallMs} ms, ${result.timings.requests} requests, tokens in ${stats.tokens.input} (cached ${stats.tokens.cached}) out ${stats.tokens.output}, ${status.transport}, ${stats.reconnects} reconnects`,
    );
    if (result.status === 'failed') {
      // The editor shows the message as it is (wsagent's one-line messages need no prefix).
      throw new RequestError(-32603, result.error?.message ?? 'the turn failed', { wsagent: figures });
    }
    return { stopReason: stopReasonOf(result, last), _meta: { wsagent: figures } };
  }
}

function stopReasonOf(result: TurnResult, last: LastResponse): StopReason {
  switch (result.status) {
    case 'cancelled':
      return 'cancelled';
    case 'max_turns':
      return 'max_turn_requests';
    default:
      return last === 'truncated' ? 'max_tokens' : last === 'refused' ? 'refusal' : 'end_turn';
  }
}
