// The TUI's AgentController on top of the agent app: user intents in (prompts, approvals, slash
// commands), AgentEvents out. The agent is assembled in the background once the first frame is
// drawn; /new closes it and assembles a fresh one (a new session file), the UI staying up.
import type { AgentEvent, ApprovalDecision } from '../agent/events.js';
import type { ApprovalRequest } from '../agent/ports.js';
import { REASONING_EFFORTS } from '../config/settings.js';
import { isReasoningModel, type ReasoningEffort, sessionOverview } from '../session/index.js';
import type {
  AgentController,
  ControllerInfo,
  EarlierEntry,
  ForkSummary,
  NewSession,
  RewindChoice,
  RewindMode,
  RewindSummary,
  UndoSummary,
} from '../ui/AgentController.js';
import { listRewindPoints, rewindSession } from './rewindSession.js';
import type { AgentApp } from './agentApp.js';
import { findRepositoryRoot } from '../agent/instructions.js';
import { earlierEntries } from './earlierTranscript.js';
import type { UserExtensions } from './userExtensions.js';
import type { ResolvedRun } from './resolveRun.js';
import { runUserShellCommand } from './userShell.js';
import type { TurnResult } from '../agent/Agent.js';
import { INIT_PROMPT } from '../agent/agentsFile.js';
import type { WorkMode } from '../agent/workModes.js';
import { offerAgentsFile } from './initAgentsFile.js';
import { PlanModeControl } from './planModeControl.js';
import { workingTreeDiff } from '../tools/workingTreeDiff.js';
import type { ReviewTarget } from '../tools/reviewDiff.js';
import { reviewContext, reviewForTui } from './reviewSetup.js';
import { userMessage } from '../session/index.js';

export class AppController implements AgentController {
  private readonly listeners = new Set<(event: AgentEvent) => void>();
  private readonly pendingApprovals = new Map<string, (decision: ApprovalDecision) => void>();
  private running: AbortController | null = null;
  /** The running turn (settled, never rejecting): close() waits for a cancelled turn to finish. */
  private turn: Promise<void> | null = null;
  private app!: AgentApp;
  /** Settles when the agent is assembled; the UI is already on screen by then. */
  private ready: Promise<void> = Promise.resolve();
  /** Skills and prompt files (null until the first assembly). */
  private extensions: UserExtensions | null = null;
  private started = false;
  /** The plan checklist (the model's, or the user's edit) and what approving it sends. */
  private readonly planMode = new PlanModeControl({
    leave: () => this.app?.setWorkMode('normal'),
    inPlanMode: () => this.app?.workMode === 'plan',
    emit: (event) => this.emit(event),
  });
  readonly info: ControllerInfo;

  constructor(
    private run: ResolvedRun,
    private readonly observe?: (event: AgentEvent) => void,
  ) {
    this.info = {
      sessionId: '',
      model: run.settings.model,
      approval: run.settings.approval,
      cwd: run.cwd,
      connection: { transport: run.settings.transport === 'http' ? 'http' : 'ws', state: 'closed', openedAt: null, reconnects: 0 },
    };
  }

  /**
   * Assembles the agent in the background, once the first frame is drawn (its modules, the tool
   * catalog and the sandbox probe would otherwise share the main thread with it); anything that
   * needs the agent before then starts it at once. Idempotent.
   */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.ready = this.assemble().catch((err: unknown) => {
      const message = err instanceof Error ? err.message : String(err);
      this.emit({ type: 'error', code: 'startup', message: `cannot start the agent: ${message}`, fatal: true });
      throw err;
    });
    this.ready.catch(() => undefined);
  }

  /** The assembled agent (started now if it was not yet). */
  private whenReady(): Promise<void> {
    this.start();
    return this.ready;
  }

  private async assemble(): Promise<void> {
    // Skills and prompt files: read once, right after the first frame (the YAML parser off its
    // path); a /new session reuses them, and what was skipped is reported only the first time.
    const reported = this.extensions !== null;
    if (!this.extensions) {
      const { loadUserExtensions } = await import('./userExtensions.js');
      this.extensions = loadUserExtensions(this.run.configDir, findRepositoryRoot(this.run.cwd));
    }
    const extensions = reported ? { ...this.extensions, problems: [] } : this.extensions;
    const { createAgentApp } = await import('./agentApp.js');
    this.app = await createAgentApp({
      settings: this.run.settings,
      cwd: this.run.cwd,
      configDir: this.run.configDir,
      ...(this.run.dataDir && { dataDir: this.run.dataDir }), // [cli13] sessions under the data directory
      ...(this.run.ephemeral && { ephemeral: true }),
      ...(this.run.resume && { resume: this.run.resume }),
      extensions,
      approver: (request, signal) => this.askUser(request, signal),
      onEvent: (event) => this.emit(event),
    });
    // --plan: plan mode from the first turn on (a /new session starts in the normal mode).
    if (this.run.plan) this.app.setWorkMode('plan');
    this.info.sessionId = this.app.sessionId;
    this.info.sandbox = this.app.sandbox.state;
    this.info.cwd = this.app.workspace.root;
    // Connect (and warm up) while the user reads the screen or types.
    void this.app.connect();
  }

  private emit(event: AgentEvent): void {
    this.planMode.observe(event);
    if (event.type === 'connection') {
      this.info.connection.state = event.state;
      this.info.connection.transport = event.transport;
      this.info.connection.openedAt = this.app?.session.connection.openedAt ?? null;
      this.info.connection.reconnects = this.app?.session.reconnects ?? 0;
    }
    this.observe?.(event);
    for (const listener of this.listeners) listener(event);
  }

  private askUser(request: ApprovalRequest, signal: AbortSignal): Promise<ApprovalDecision> {
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        this.pendingApprovals.delete(request.callId);
        reject(new Error('cancelled'));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.pendingApprovals.set(request.callId, (decision) => {
        signal.removeEventListener('abort', onAbort);
        resolve(decision);
      });
    });
  }

  subscribe(listener: (event: AgentEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async submit(prompt: string | null): Promise<void> {
    await this.runTurn(prompt);
  }

  /** Runs one turn (null when one is running already): its result, for /init. */
  private async runTurn(prompt: string | null, then?: (result: TurnResult, signal: AbortSignal) => Promise<string>): Promise<string | null> {
    if (this.running) return null;
    this.running = new AbortController();
    const turn = (async () => {
      await this.whenReady();
      const signal = this.running!.signal;
      const result = await this.app.agent.runTurn(prompt === null ? null : this.planMode.prompt(prompt), { signal });
      return then ? then(result, signal) : null;
    })();
    this.turn = turn.then(
      () => undefined,
      () => undefined,
    );
    try {
      return await turn;
    } finally {
      this.running = null;
      this.turn = null;
    }
  }

  workMode(): WorkMode {
    return this.app?.workMode ?? 'normal';
  }

  async setPlanMode(on: boolean): Promise<void> {
    if (this.running) throw new Error('a turn is running: plan mode changes between turns (wait, or press Esc to cancel it)');
    await this.whenReady();
    this.app.setWorkMode(on ? 'plan' : 'normal');
  }

  approvePlan(said: string): string {
    return this.planMode.approve(said);
  }

  planText(): string {
    return this.planMode.text();
  }

  editPlan(text: string): number {
    return this.planMode.edit(text);
  }

  async initAgentsFile(): Promise<string> {
    if (this.running) throw new Error('a turn is running: wait for it, or press Esc to cancel it');
    await this.whenReady();
    const app = this.app;
    const before = app.workMode;
    app.setWorkMode('init');
    try {
      const said = await this.runTurn(INIT_PROMPT, (result, signal) => {
        // The mode from before /init (its tools) comes back before the question, whatever the answer.
        app.setWorkMode(before);
        return offerAgentsFile(app.workspace.root, result, {
          emit: (event) => this.emit(event),
          ask: (request) => this.askUser(request, signal),
        });
      });
      return said ?? 'a turn started meanwhile: run /init again once it ends';
    } finally {
      app.setWorkMode(before);
    }
  }

  cancel(): void {
    this.running?.abort(new Error('cancelled by the user'));
  }

  steer(text: string): boolean {
    return this.running !== null && this.app.agent.steer(text);
  }

  owesHeldSteers(): boolean {
    return this.app.agent.owesSteers;
  }

  answerApproval(callId: string, decision: ApprovalDecision): void {
    const answer = this.pendingApprovals.get(callId);
    this.pendingApprovals.delete(callId);
    answer?.(decision);
  }

  async compact(focus?: string): Promise<string> {
    await this.whenReady();
    if (this.app.session.ledger.length === 0) return 'nothing to compact yet';
    // compaction.started and compaction.completed tell the transcript the rest.
    await this.app.session.compact(focus ? { focus } : {});
    return '';
  }

  async diff(): Promise<string> {
    await this.whenReady();
    // Asynchronous: a large diff must not freeze the UI (keys, the streaming tail) while git runs.
    const diff = await workingTreeDiff(this.app.workspace.root);
    if (diff === null) return 'not a git repository (or no commits yet): no diff to show';
    return diff.trim() ? diff : 'no changes against HEAD';
  }

  async review(target: ReviewTarget, focus?: string): Promise<{ title: string; body: string }> {
    await this.whenReady();
    // The model the conversation uses now (/model may have changed it).
    const report = await reviewForTui({ ...this.run.settings, model: this.app.session.currentModel }, this.app.workspace, target, focus);
    // The findings join the conversation (and the session file), so the next prompt can act on
    // them ("fix the P1"); never in the middle of a turn, whose calls await their outputs.
    while (this.turn) await this.turn;
    this.app.session.addItems([userMessage(reviewContext(report))], 'user');
    return report;
  }

  async undo(): Promise<UndoSummary | null> {
    if (this.running) throw new Error('wait for the running turn to finish (or cancel it with Esc) before /undo');
    await this.whenReady();
    const result = await this.app.snapshots.undo();
    return result ? { turn: result.turn, restored: result.restored, removed: result.removed, conflicts: result.conflicts, warnings: result.warnings } : null;
  }

  async rewindPoints(): Promise<RewindChoice[]> {
    await this.whenReady();
    return listRewindPoints(this.app.session).map((p) => ({ turn: p.turn, prompt: p.prompt }));
  }

  async rewind(turn: number, mode: RewindMode): Promise<RewindSummary> {
    if (this.running) throw new Error('wait for the running turn to finish (or cancel it with Esc) before rewinding');
    await this.whenReady();
    const { app } = this;
    const done = await rewindSession({ session: app.session, snapshots: app.snapshots, sessionId: app.sessionId, emit: (e) => this.emit(e) }, turn, mode);
    return {
      turn: done.point.turn,
      prompt: done.point.prompt,
      mode,
      conversation: done.keptItems !== null,
      files: done.files
        ? done.files.map((r) => ({ turn: r.turn, restored: r.restored, removed: r.removed, conflicts: r.conflicts, warnings: r.warnings }))
        : null,
    };
  }

  async fork(): Promise<ForkSummary> {
    if (this.running) throw new Error('a turn is running: wait for it, or press Esc to cancel it');
    await this.whenReady();
    const { previous, id, lane } = await this.app.fork();
    this.info.sessionId = id;
    return { previous, id, lane };
  }

  setModel(model: string): void {
    if (!this.app) throw new Error('the agent is still starting; try again in a moment');
    this.app.setModel(model);
    this.info.model = model;
  }

  effort(): string {
    const tuning = this.app?.session.currentTuning;
    const level = tuning?.reasoningEffort ?? this.run.settings.reasoningEffort;
    const model = this.app?.session.currentModel ?? this.run.settings.model;
    const reasons = isReasoningModel(model, tuning?.reasoningModels ?? this.run.settings.reasoningModels);
    return `Reasoning effort: ${level ?? "default (the model's own)"}${reasons ? '' : ` — ${model} does not reason, so none is sent`}`;
  }

  setEffort(level: string): string {
    if (!this.app) throw new Error('the agent is still starting; try again in a moment');
    const wanted = level.toLowerCase();
    if (wanted !== 'default' && !(REASONING_EFFORTS as readonly string[]).includes(wanted)) {
      throw new Error(`unknown effort "${level}": use one of ${REASONING_EFFORTS.join(', ')}, or default`);
    }
    this.app.session.setTuning({ reasoningEffort: wanted === 'default' ? null : (wanted as ReasoningEffort) });
    const model = this.app.session.currentModel;
    const note = isReasoningModel(model, this.app.session.currentTuning.reasoningModels)
      ? ''
      : ` (${model} does not reason: it applies once you switch to a reasoning model)`;
    return `reasoning effort set to ${wanted === 'default' ? "the model's default" : wanted}${note}`;
  }

  setApproval(mode: string): void {
    if (!this.app) throw new Error('the agent is still starting; try again in a moment');
    this.app.approvals.mode = mode as typeof this.app.approvals.mode; // the policy validates and lists the modes
    this.info.approval = this.app.approvals.mode;
  }

  clear(): void {
    this.app?.session.clear();
  }

  async newSession(): Promise<NewSession> {
    if (this.running) throw new Error('a turn is running: wait for it, or press Esc to cancel it');
    await this.whenReady();
    const previous = this.resumableSessionId();
    await this.app.close();
    // The same settings, with what /model and /approval changed since; no resume: a fresh session file.
    const { resume: _resumed, plan: _plan, ...rest } = this.run;
    this.run = { ...rest, settings: { ...this.run.settings, model: this.info.model, approval: this.app.approvals.mode } };
    this.planMode.reset();
    this.ready = this.assemble();
    await this.ready;
    return { previous, id: this.info.sessionId };
  }

  /** The id `--resume` takes to continue this session, when it can be continued (a file with a prompt in it). */
  resumableSessionId(): string | null {
    const file = this.app?.sessionFile;
    if (!file) return null;
    const overview = sessionOverview(file.path, file.header.id, new Date());
    return overview && overview.turns > 0 ? file.header.id : null;
  }

  skills() {
    return { skills: this.extensions?.skills ?? [], problems: this.extensions?.problems ?? [] };
  }

  promptCommands() {
    return this.extensions?.prompts ?? [];
  }

  mcpServers() {
    return this.app?.mcp.status() ?? [];
  }

  hooks() {
    const loaded = this.app?.hooks;
    return { hooks: [...(loaded?.hooks ?? [])], notices: [...(loaded?.notices ?? [])] };
  }

  requestFootprint() {
    if (!this.app) return null;
    const definitions = this.app.registry.definitions();
    const servers = this.app.mcp.status();
    return {
      tools: definitions.length,
      toolBytes: Buffer.byteLength(JSON.stringify(definitions)),
      mcpTools: servers.reduce((n, s) => n + s.tools.length, 0),
      mcpBytes: servers.reduce((n, s) => n + s.requestBytes, 0),
    };
  }

  async close(): Promise<void> {
    this.cancel();
    // The cancelled turn kills its tools and writes their outputs before the session file closes.
    await this.turn;
    await this.ready.catch(() => undefined);
    await this.app?.close();
  }

  async listFiles(): Promise<string[]> {
    await this.whenReady();
    const { listWorkspaceFiles } = await import('./workspaceFiles.js');
    return listWorkspaceFiles(this.app.workspace);
  }

  async listModels(): Promise<string[]> {
    const { listModels } = await import('../transport/modelList.js');
    const { settings } = this.run;
    return listModels({
      baseUrl: settings.baseUrl,
      apiKey: settings.apiKey!,
      ...(settings.organization && { organization: settings.organization }),
      ...(settings.project && { project: settings.project }),
    });
  }

  async runShell(command: string): Promise<boolean> {
    if (this.running) throw new Error('a turn is running: wait for it, or press Esc to cancel it');
    this.running = new AbortController();
    try {
      await this.whenReady();
      return await runUserShellCommand(this.app, command, {
        signal: this.running.signal,
        emit: (event) => this.emit(event),
      });
    } finally {
      this.running = null;
    }
  }

  async earlierTranscript(): Promise<EarlierEntry[]> {
    if (!this.run.resume) return [];
    await this.whenReady();
    return earlierEntries(
      this.app.session.ledger.items.map((e) => e.item),
      this.app.registry,
    );
  }
}
