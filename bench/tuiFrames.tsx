// The TUI after hours: feeds transcript items through the real App (Ink's own render, not its test
// renderer, whose debug mode rewrites the whole static output every frame) and measures each frame:
// the time from the events to the frame written, the finished items React rendered, the bytes
// written. `npm run bench` prints the first and last frames' figures; test/ui/longTranscript.test.tsx
// asserts the structure (items rendered per frame constant), never the times.
import { EventEmitter } from 'node:events';
import { render } from 'ink';
import type { AgentEvent } from '../src/agent/events.js';
import type { AgentController, ControllerInfo } from '../src/ui/AgentController.js';
import { App } from '../src/ui/App.js';
import { renderStats, resetRenderStats } from '../src/ui/renderStats.js';

export interface FrameFigures {
  items: number;
  ms: number;
  itemsRendered: number;
  bytes: number;
}

class CountingStdout extends EventEmitter {
  bytes = 0;
  writes = 0;
  readonly isTTY = true;
  get columns(): number {
    return 100;
  }
  get rows(): number {
    return 30;
  }
  write = (s: string): boolean => {
    this.bytes += Buffer.byteLength(s);
    this.writes++;
    return true;
  };
}

class QuietStdin extends EventEmitter {
  readonly isTTY = true;
  setEncoding(): void {}
  setRawMode(): void {}
  resume(): void {}
  pause(): void {}
  ref(): void {}
  unref(): void {}
  read = (): null => null;
}

class FeedController implements AgentController {
  readonly info: ControllerInfo = {
    sessionId: 'sess_long',
    model: 'gpt-5.2',
    approval: 'suggest',
    cwd: '/work/project',
    connection: { transport: 'ws', state: 'open', openedAt: 0, reconnects: 0 },
  };
  private readonly listeners = new Set<(event: AgentEvent) => void>();
  emit(event: AgentEvent): void {
    for (const l of this.listeners) l(event);
  }
  subscribe(listener: (event: AgentEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  get listenerCount(): number {
    return this.listeners.size;
  }
  async submit(): Promise<void> {}
  cancel(): void {}
  steer(): boolean {
    return false;
  }
  owesHeldSteers(): boolean {
    return false;
  }
  answerApproval(): void {}
  async compact(): Promise<string> {
    return '';
  }
  async diff(): Promise<string> {
    return '';
  }
  async undo() {
    return null;
  }
  setModel(): void {}
  effort(): string {
    return '';
  }
  setEffort(): string {
    return '';
  }
  setApproval(): void {}
  clear(): void {}
  async newSession() {
    return { previous: null, id: this.info.sessionId };
  }
  async listFiles(): Promise<string[]> {
    return [];
  }
  async listModels(): Promise<string[]> {
    return [];
  }
  async runShell(): Promise<boolean> {
    return false;
  }
  async earlierTranscript(): Promise<[]> {
    return [];
  }
  async close(): Promise<void> {}
}

/** One turn: the prompt, the answer, the turn summary — three finished transcript items. */
export function turnEvents(turn: number): AgentEvent[] {
  return [
    { type: 'turn.started', turn, prompt: `question ${turn}: what does module ${turn % 40} do?` },
    { type: 'assistant.done', text: `Module ${turn % 40} parses the input and returns a tree; answer number ${turn}.` },
    { type: 'turn.completed', turn, status: 'completed', finalMessage: '', timings: { wallMs: 8200, requests: 2, toolMs: 1200, overheadMs: 3 } },
  ];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Feeds `items` finished items, `turnsPerFrame` turns (3 items each) per frame; one figure per frame. */
export async function feedTranscript(items: number, turnsPerFrame: number): Promise<FrameFigures[]> {
  const controller = new FeedController();
  const stdout = new CountingStdout();
  const instance = render(<App controller={controller} color={false} throttleMs={16} onExit={() => undefined} />, {
    stdout: stdout as unknown as NodeJS.WriteStream,
    stdin: new QuietStdin() as unknown as NodeJS.ReadStream,
    exitOnCtrlC: false,
    patchConsole: false,
  });
  try {
    for (let i = 0; controller.listenerCount === 0 && i < 500; i++) await sleep(5);
    resetRenderStats();
    const frames: FrameFigures[] = [];
    let turn = 0;
    let total = 0;
    while (total < items) {
      const before = { rendered: renderStats.transcriptItems, bytes: stdout.bytes };
      const want = turnsPerFrame * 3;
      const t0 = performance.now();
      for (let k = 0; k < turnsPerFrame; k++) for (const e of turnEvents(++turn)) controller.emit(e);
      for (let i = 0; renderStats.transcriptItems - before.rendered < want && i < 2000; i++) await sleep(1);
      const ms = performance.now() - t0;
      await sleep(20); // a later frame must not re-render what is already written
      total += want;
      frames.push({ items: total, ms, itemsRendered: renderStats.transcriptItems - before.rendered, bytes: stdout.bytes - before.bytes });
    }
    return frames;
  } finally {
    instance.unmount();
  }
}
