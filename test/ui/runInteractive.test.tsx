import { EventEmitter } from 'node:events';
import { describe, expect, test } from 'vitest';
import { NotATerminalError, renderStats, resetRenderStats, runInteractive } from '../../src/ui/runInteractive.js';
import { FakeController, keys, sleep, turnCompleted, waitFor } from './fakeController.js';
import { beforeAll as beforeAllMarkdown } from 'vitest';
import { preloadMarkdown } from '../../src/ui/markdown.js';

// The markdown renderer loads lazily in the product (after the first frame); load it up front here.
beforeAllMarkdown(() => preloadMarkdown());

/** A terminal's output: 80 columns, records everything written. */
class FakeStdout extends EventEmitter {
  columns = 80;
  rows = 30;
  isTTY = true;
  readonly writes: string[] = [];
  write(chunk: string): boolean {
    this.writes.push(chunk);
    return true;
  }
  get all(): string {
    return this.writes.join('');
  }
}

/** A terminal's input in raw mode. */
class FakeStdin extends EventEmitter {
  isTTY: boolean;
  private data: string | null = null;
  constructor(isTTY = true) {
    super();
    this.isTTY = isTTY;
  }
  type(data: string): void {
    this.data = data;
    this.emit('readable');
  }
  read(): string | null {
    const { data } = this;
    this.data = null;
    return data;
  }
  setEncoding(): void {}
  setRawMode(): void {}
  resume(): void {}
  pause(): void {}
  ref(): void {}
  unref(): void {}
}

function start(controller: FakeController, options: { initialPrompt?: string } = {}) {
  const stdout = new FakeStdout();
  const stdin = new FakeStdin();
  const done = runInteractive(controller, {
    ...options,
    stdout: stdout as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
    stderr: new FakeStdout() as unknown as NodeJS.WriteStream,
    color: false,
    patchConsole: false,
  });
  return { stdout, stdin, done };
}

const count = (text: string, needle: string) => text.split(needle).length - 1;

describe('runInteractive', () => {
  test('submits the initial prompt, renders, and resolves 0 on Ctrl-D after closing the controller', async () => {
    const c = new FakeController();
    const { stdout, stdin, done } = start(c, { initialPrompt: 'explain the repo' });
    await waitFor(() => expect(c.callsOf('submit')).toEqual([{ method: 'submit', args: ['explain the repo'] }]));
    c.emit({ type: 'turn.started', turn: 1, prompt: 'explain the repo' }, { type: 'assistant.done', text: 'It is a CLI.' }, turnCompleted(1));
    await sleep(30);
    stdin.type(keys.ctrlD);
    await expect(done).resolves.toBe(0);
    expect(c.callsOf('close')).toHaveLength(1);
    expect(c.listenerCount).toBe(0);
    // Bracketed paste on at the start, off at the end.
    expect(stdout.writes[0]).toBe('\u001b[?2004h');
    expect(stdout.writes[stdout.writes.length - 1]).toBe('\u001b[?2004l');
  });

  test('Ctrl-C twice resolves 0 (as /quit and Ctrl-D do)', async () => {
    const c = new FakeController();
    const { stdin, done } = start(c);
    await waitFor(() => expect(c.listenerCount).toBe(1));
    stdin.type(keys.ctrlC);
    await sleep(10);
    stdin.type(keys.ctrlC);
    await expect(done).resolves.toBe(0);
  });

  test('finished content is written to the terminal once, while the live region redraws', async () => {
    const c = new FakeController();
    const { stdout, stdin, done } = start(c, { initialPrompt: 'go' });
    await waitFor(() => expect(c.listenerCount).toBe(1));
    c.emit({ type: 'turn.started', turn: 1, prompt: 'go' }, { type: 'assistant.done', text: 'FINISHED-ANSWER-7f3a' }, turnCompleted(1));
    await waitFor(() => expect(stdout.all).toContain('FINISHED-ANSWER-7f3a'));
    resetRenderStats();
    c.emit({ type: 'turn.started', turn: 2, prompt: 'more' });
    for (let i = 0; i < 400; i++) {
      c.emit({ type: 'assistant.delta', text: `tok${i} ` });
      if (i % 20 === 19) await sleep(3);
    }
    c.emit({ type: 'assistant.done', text: 'second answer' }, turnCompleted(2));
    await waitFor(() => expect(stdout.all).toContain('second answer'));
    expect(renderStats.app).toBeGreaterThan(1);
    expect(renderStats.app).toBeLessThan(60);
    expect(count(stdout.all, 'FINISHED-ANSWER-7f3a')).toBe(1);
    // Nothing wider than the terminal.
    // eslint-disable-next-line no-control-regex
    const plain = stdout.all.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');
    for (const line of plain.split('\n')) expect([...line].length).toBeLessThanOrEqual(80);
    stdin.type(keys.ctrlD);
    await expect(done).resolves.toBe(0);
  });

  test('the live region stays shorter than the terminal: the screen is never cleared and re-printed', async () => {
    const c = new FakeController();
    const { stdout, stdin, done } = start(c);
    stdout.rows = 20;
    await waitFor(() => expect(c.listenerCount).toBe(1));
    c.emit({ type: 'turn.started', turn: 1, prompt: 'go' }, { type: 'assistant.done', text: 'ONCE-ONLY-91c2' });
    // A long streaming answer with a wide code block, then an approval with a long diff.
    const code = Array.from({ length: 60 }, (_, i) => `const value${i} = ${'x'.repeat(150)};`).join('\n');
    c.emit({ type: 'assistant.delta', text: `Intro\n\n${'paragraph text '.repeat(40)}\n\n\`\`\`ts\n${code}\n\`\`\`\n` });
    await sleep(120);
    c.emit({ type: 'assistant.done', text: 'short' });
    const old = Array.from({ length: 80 }, (_, i) => `old ${i}`).join('\n');
    const next = Array.from({ length: 80 }, (_, i) => `new ${i}`).join('\n');
    c.emit({
      type: 'tool.approval_required',
      callId: 'e',
      name: 'edit_file',
      args: { path: 'a.ts', old_string: old, new_string: next },
      display: 'edit_file a.ts',
      reason: 'r',
    });
    await waitFor(() => expect(stdout.all).toContain('Allow?'));
    stdin.type('y');
    c.emit(turnCompleted(1));
    await sleep(30);
    // A long multi-line paste into the prompt.
    stdin.type(`\u001b[200~${Array.from({ length: 50 }, (_, i) => `pasted line ${i}`).join('\r')}\u001b[201~`);
    await waitFor(() => expect(stdout.all).toContain('pasted line 49'));
    expect(stdout.all).toContain('lines above');
    expect(stdout.all).not.toContain('\u001b[2J');
    expect(count(stdout.all, 'ONCE-ONLY-91c2')).toBe(1);
    stdin.type(keys.ctrlC);
    await sleep(5);
    stdin.type(keys.ctrlC);
    await expect(done).resolves.toBe(0);
  });

  test.each([
    ['completed', 0],
    ['failed', 1],
    ['cancelled', 130],
  ] as const)('exitAfterFirstTurn: a %s first turn resolves %i', async (status, code) => {
    const c = new FakeController();
    const stdout = new FakeStdout();
    const done = runInteractive(c, {
      initialPrompt: 'fix it',
      exitAfterFirstTurn: true,
      stdout: stdout as unknown as NodeJS.WriteStream,
      stdin: new FakeStdin() as unknown as NodeJS.ReadStream,
      color: false,
      patchConsole: false,
    });
    await waitFor(() => expect(c.callsOf('submit')).toHaveLength(1));
    c.emit({ type: 'turn.started', turn: 1, prompt: 'fix it' }, { type: 'assistant.done', text: 'All tests pass now.' }, turnCompleted(1, status));
    await expect(done).resolves.toBe(code);
    expect(c.callsOf('close')).toHaveLength(1);
    expect(stdout.all).toContain('All tests pass now.');
  });

  test('refuses to start without a terminal on stdin', async () => {
    const c = new FakeController();
    const run = runInteractive(c, { stdin: new FakeStdin(false) as unknown as NodeJS.ReadStream, stdout: new FakeStdout() as unknown as NodeJS.WriteStream });
    await expect(run).rejects.toBeInstanceOf(NotATerminalError);
    expect(c.calls).toEqual([]);
  });
});
