// A scriptable AgentController for UI tests: records every call, lets the test push AgentEvents,
// and keeps submit() pending until the test completes the turn (as the real one does).
import type { Key } from 'ink';
import type { AgentEvent, ApprovalDecision } from '../../src/agent/events.js';
import type { AgentController, ControllerInfo, EarlierEntry, UndoSummary } from '../../src/ui/AgentController.js';
import { initialUiState, reduce } from '../../src/ui/uiState.js';
import type { StatusFigures } from '../../src/ui/uiTypes.js';

export interface Call {
  method: string;
  args: unknown[];
}

export class FakeController implements AgentController {
  readonly info: ControllerInfo;
  readonly calls: Call[] = [];
  private readonly listeners = new Set<(event: AgentEvent) => void>();
  private pendingTurns: Array<() => void> = [];
  diffText = '';
  undoResult: UndoSummary | null = null;
  compactResult = '';
  approvalModes = ['suggest', 'auto-edit', 'full-auto'];
  effortLevel = 'default';
  files: string[] = [];
  models: string[] = ['gpt-5.2', 'gpt-5-mini'];
  earlier: EarlierEntry[] = [];

  constructor(info: Partial<ControllerInfo> = {}) {
    this.info = {
      sessionId: 'sess_test',
      model: 'gpt-5.2',
      approval: 'suggest',
      cwd: '/work/project',
      connection: { transport: 'ws', state: 'open', openedAt: performance.now(), reconnects: 0 },
      ...info,
    };
  }

  emit(...events: AgentEvent[]): void {
    for (const event of events) {
      for (const listener of [...this.listeners]) listener(event);
      if (event.type === 'turn.completed') this.resolveTurns();
    }
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  callsOf(method: string): Call[] {
    return this.calls.filter((c) => c.method === method);
  }

  resolveTurns(): void {
    const pending = this.pendingTurns;
    this.pendingTurns = [];
    for (const resolve of pending) resolve();
  }

  subscribe(listener: (event: AgentEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  submit(prompt: string | null): Promise<void> {
    this.calls.push({ method: 'submit', args: [prompt] });
    return new Promise((resolve) => this.pendingTurns.push(resolve));
  }

  cancel(): void {
    this.calls.push({ method: 'cancel', args: [] });
  }

  /** What steer() answers (false: no turn runs yet, the UI queues the entry instead). */
  steerAccepted = true;
  /** What owesHeldSteers() answers next (then false). */
  owesSteers = false;

  steer(text: string): boolean {
    this.calls.push({ method: 'steer', args: [text] });
    return this.steerAccepted;
  }

  owesHeldSteers(): boolean {
    const owes = this.owesSteers;
    this.owesSteers = false;
    return owes;
  }

  answerApproval(callId: string, decision: ApprovalDecision): void {
    this.calls.push({ method: 'answerApproval', args: [callId, decision] });
  }

  async compact(focus?: string): Promise<string> {
    this.calls.push({ method: 'compact', args: [focus] });
    // As the real controller's session does: the compaction's start and end come as events.
    this.emit(
      { type: 'compaction.started', automatic: false, tokens: 171_400, window: 272_000, percent: 63, threshold: null, focus: focus ?? null },
      { type: 'compaction.completed', automatic: false, tokensBefore: 171_400, tokensAfter: 9_400, durationMs: 3100, windowItems: 4, carriedOver: 1 },
    );
    return this.compactResult;
  }

  async diff(): Promise<string> {
    this.calls.push({ method: 'diff', args: [] });
    return this.diffText;
  }

  async undo(): Promise<UndoSummary | null> {
    this.calls.push({ method: 'undo', args: [] });
    return this.undoResult;
  }

  setModel(model: string): void {
    this.calls.push({ method: 'setModel', args: [model] });
  }

  effort(): string {
    return `Reasoning effort: ${this.effortLevel}`;
  }

  setEffort(level: string): string {
    this.calls.push({ method: 'setEffort', args: [level] });
    if (!['minimal', 'low', 'medium', 'high', 'xhigh', 'default'].includes(level)) throw new Error(`unknown effort "${level}"`);
    this.effortLevel = level;
    return `reasoning effort set to ${level}`;
  }

  setApproval(mode: string): void {
    this.calls.push({ method: 'setApproval', args: [mode] });
    if (!this.approvalModes.includes(mode)) throw new Error(`unknown approval mode "${mode}" (use ${this.approvalModes.join(', ')})`);
  }

  clear(): void {
    this.calls.push({ method: 'clear', args: [] });
  }

  /** /new: the next session is `sess_2`, `sess_3`, … */
  async newSession() {
    this.calls.push({ method: 'newSession', args: [] });
    const previous = this.info.sessionId;
    const id = `sess_${Number(previous.replace(/\D/g, '') || 1) + 1}`;
    this.info.sessionId = id;
    return { previous, id };
  }

  async close(): Promise<void> {
    this.calls.push({ method: 'close', args: [] });
  }

  async listFiles(): Promise<string[]> {
    this.calls.push({ method: 'listFiles', args: [] });
    return this.files;
  }

  async listModels(): Promise<string[]> {
    this.calls.push({ method: 'listModels', args: [] });
    return this.models;
  }

  async runShell(command: string): Promise<boolean> {
    this.calls.push({ method: 'runShell', args: [command] });
    return true;
  }

  async earlierTranscript(): Promise<EarlierEntry[]> {
    return this.earlier;
  }
}

/** Polls until the check passes (or throws its last error after the timeout). */
export async function waitFor(check: () => void | boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown = null;
  for (;;) {
    try {
      if (check() !== false) return;
      lastError = new Error('condition still false');
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) throw lastError;
    await new Promise((r) => setTimeout(r, 5));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const ESC = '\u001b';
export const keys = {
  enter: '\r',
  up: '\u001b[A',
  down: '\u001b[B',
  left: '\u001b[D',
  backspace: '\u007f',
  ctrlC: '\u0003',
  ctrlD: '\u0004',
  altEnter: '\u001b\r',
  tab: '\t',
};

/** A turn's completion event with plausible timings. */
export function turnCompleted(turn: number, status: 'completed' | 'cancelled' | 'failed' | 'max_turns' = 'completed', wallMs = 8200): AgentEvent {
  return { type: 'turn.completed', turn, status, finalMessage: '', timings: { wallMs, requests: 2, toolMs: 1200, overheadMs: 3 } };
}

export function requestCompleted(
  partial: { sendAt?: number; firstDeltaAt?: number | null; doneAt?: number; bytesUp?: number; warmup?: boolean } = {},
): AgentEvent {
  const sendAt = partial.sendAt ?? 1000;
  return {
    type: 'request.completed',
    overheadMs: partial.warmup ? null : 0.8,
    stats: {
      responseId: 'resp_1',
      mode: 'incremental',
      transport: 'ws',
      connectionId: 1,
      warmup: partial.warmup ?? false,
      status: 'completed',
      usage: { input: 100, cached: 80, output: 10 },
      timings: {
        queuedAt: sendAt - 1,
        sendAt,
        firstEventAt: sendAt + 100,
        firstDeltaAt: partial.firstDeltaAt === undefined ? sendAt + 412 : partial.firstDeltaAt,
        doneAt: partial.doneAt ?? sendAt + 1300,
        bytesUp: partial.bytesUp ?? 1229,
        bytesDown: 40_000,
        connectionId: 1,
        attempts: 1,
      },
    },
  };
}

/** A Key with nothing pressed, for the pure key-binding tests. */
export const noKey: Key = {
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageDown: false,
  pageUp: false,
  home: false,
  end: false,
  return: false,
  escape: false,
  ctrl: false,
  shift: false,
  tab: false,
  backspace: false,
  delete: false,
  meta: false,
  super: false,
  hyper: false,
  capsLock: false,
  numLock: false,
};

// eslint-disable-next-line no-control-regex
export const ANSI = /\u001b\[[0-9;]*m/;

export const testInfo: ControllerInfo = {
  sessionId: 'sess_1',
  model: 'gpt-5.2',
  approval: 'suggest',
  cwd: '/repo',
  connection: { transport: 'ws', state: 'open', openedAt: 0, reconnects: 0 },
};

/** Status figures after a connection opened at 0, one request, one turn and one reconnect. */
export function busyStatus(): StatusFigures {
  let s = initialUiState(testInfo);
  s = reduce(s, { type: 'connection', state: 'open', transport: 'ws' }, 0);
  s = reduce(s, { type: 'usage', input: 12_300, cached: 10_100, output: 890 });
  s = reduce(s, requestCompleted({ sendAt: 1000, firstDeltaAt: 1412, doneAt: 2300, bytesUp: 1229 }));
  s = reduce(s, turnCompleted(1, 'completed', 8200));
  s = reduce(s, { type: 'recovery', kind: 'reconnect', reason: 'cut' });
  return s.status;
}
