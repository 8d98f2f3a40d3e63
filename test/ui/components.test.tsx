import { stripVTControlCharacters } from 'node:util';
import { vi } from 'vitest';

vi.hoisted(() => {
  // The test's stdout is not a terminal: force colour so "colour on" really emits escapes and the
  // NO_COLOR cases prove the UI itself turns them off.
  process.env.FORCE_COLOR = '1';
});

import { render } from 'ink-testing-library';
import { afterEach, describe, expect, test } from 'vitest';
import type { Key } from 'ink';
import type { ApprovalDecision } from '../../src/agent/events.js';
import { CHOOSING, approvalKey } from '../../src/ui/approvalKeys.js';
import { App } from '../../src/ui/App.js';
import { ApprovalPrompt } from '../../src/ui/components/ApprovalPrompt.js';
import { StatusBar } from '../../src/ui/components/StatusBar.js';
import { ToolCard } from '../../src/ui/components/ToolCard.js';
import { diffLines } from '../../src/ui/diffLines.js';
import { tailLines } from '../../src/ui/textLines.js';
import { ColorContext } from '../../src/ui/theme.js';
import type { ConnectionState, StatusFigures } from '../../src/ui/uiTypes.js';
import { ANSI, FakeController, busyStatus, noKey, waitFor } from './fakeController.js';
import { beforeAll as beforeAllMarkdown } from 'vitest';
import { preloadMarkdown } from '../../src/ui/markdown.js';

// The markdown renderer loads lazily in the product (after the first frame); load it up front here.
beforeAllMarkdown(() => preloadMarkdown());

// eslint-disable-next-line no-control-regex
const strip = (s: string | undefined) => (s ?? '').replace(/\u001b\[[0-9;]*m/g, '');
const colored = (ui: React.ReactElement, color = true) => <ColorContext.Provider value={color}>{ui}</ColorContext.Provider>;

afterEach(() => {
  delete process.env.NO_COLOR;
});

describe('StatusBar', () => {
  const tones: Record<ConnectionState, string> = { open: '32', reconnecting: '33', closed: '31', connecting: '36' };

  test.each(Object.keys(tones) as ConnectionState[])('%s: state, figures and colour', (state) => {
    const status: StatusFigures = { ...busyStatus(), connection: state, openedAt: state === 'open' ? 0 : null };
    const { lastFrame, unmount } = render(colored(<StatusBar status={status} width={100} now={723_000} />));
    const frame = lastFrame() ?? '';
    const text = strip(frame);
    expect(text).toContain(`ws ● ${state}`);
    expect(text.includes('12m03s')).toBe(state === 'open');
    // 100 columns: the bytes sent, the cached-token figure and the request time give way first.
    for (const figure of ['ttft 412 ms', 'turn 8.2 s', 'tok 12.3k in / 890 out', '↻ 1', 'gpt-5.2', 'suggest']) {
      expect(text).toContain(figure);
    }
    expect(frame).toContain(`\u001b[${tones[state]}m● ${state}`);
    for (const line of text.split('\n')) expect([...line].length).toBeLessThanOrEqual(100);
    expect(text.split('\n')).toHaveLength(1);
    unmount();
  });

  test.each(Object.keys(tones) as ConnectionState[])('%s without colour: no escape codes', (state) => {
    const status: StatusFigures = { ...busyStatus(), connection: state };
    const { lastFrame, unmount } = render(colored(<StatusBar status={status} width={80} now={1000} />, false));
    expect(lastFrame()).not.toMatch(/\u001b/);
    expect(lastFrame()).toContain(`● ${state}`);
    unmount();
  });

  test('reconnecting shows in the live App when the session recovers', async () => {
    const c = new FakeController();
    const { lastFrame, unmount } = render(<App controller={c} color={false} />);
    await waitFor(() => expect(c.listenerCount).toBe(1));
    c.emit({ type: 'connection', state: 'reconnecting', transport: 'ws', reason: 'socket closed' });
    await waitFor(() => expect(lastFrame()).toContain('ws ● reconnecting'));
    c.emit({ type: 'recovery', kind: 'reconnect', reason: 'the connection was cut' }, { type: 'connection', state: 'open', transport: 'ws' });
    await waitFor(() => expect(lastFrame()).toContain('ws ● open 0s'));
    expect(lastFrame()).toContain('↻ reconnected: the connection was cut');
    expect(lastFrame()).toContain('↻ 1');
    unmount();
  });

  test('NO_COLOR in the environment: the whole App has no escape codes', async () => {
    process.env.NO_COLOR = '1';
    const c = new FakeController();
    const { lastFrame, unmount } = render(<App controller={c} />);
    await waitFor(() => expect(c.listenerCount).toBe(1));
    c.emit(
      { type: 'turn.started', turn: 1, prompt: 'go' },
      { type: 'assistant.done', text: '# Done\n\n```ts\nconst x = 1;\n```' },
      { type: 'tool.completed', callId: 'e', name: 'edit_file', ok: true, output: 'ok', durationMs: 3, diff: '--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n' },
      { type: 'error', code: 'network', message: 'boom', fatal: true },
    );
    await waitFor(() => expect(lastFrame()).toContain('boom'));
    expect(lastFrame()).not.toMatch(/\u001b/);
    unmount();
  });

  test('colour on: the App does colour', async () => {
    const c = new FakeController();
    const { lastFrame, unmount } = render(<App controller={c} />);
    await waitFor(() => expect(lastFrame()).toMatch(ANSI));
    unmount();
  });
});

describe('ToolCard', () => {
  test('a command with a bounded output tail', () => {
    const output = Array.from({ length: 40 }, (_, i) => `test ${i} passed`).join('\n');
    const { lastFrame } = render(
      colored(<ToolCard name="run_command" display="run_command npm test" status="ok" durationMs={1234} output={tailLines(output, 12)} />, false),
    );
    const lines = (lastFrame() ?? '').split('\n');
    expect(lines[0]).toBe('✓ run_command npm test · 1.2 s');
    expect(lines[1]).toBe('  │ … 28 earlier lines');
    expect(lines.slice(2)).toHaveLength(12);
    expect(lines[2]).toBe('  │ test 28 passed');
    expect(lines[13]).toBe('  │ test 39 passed');
  });

  test('a failed command is marked', () => {
    const { lastFrame } = render(
      colored(<ToolCard name="run_command" display="npm run lint" status="failed" durationMs={80} output={tailLines('error: x', 12)} />),
    );
    expect(lastFrame()).toContain('\u001b[31m✗');
    expect(strip(lastFrame())).toContain('✗ run_command npm run lint · 80 ms');
  });

  test('an edit shows its diff, coloured', () => {
    const diff = '--- a/src/a.ts\n+++ b/src/a.ts\n@@ -1,2 +1,2 @@\n const a = 1;\n-const b = 2;\n+const b = 3;\n';
    const { lastFrame } = render(
      colored(
        <ToolCard name="edit_file" display="edit_file src/a.ts" status="ok" durationMs={3} output={{ lines: [], omitted: 0 }} diff={diffLines(diff, 40)} />,
      ),
    );
    const frame = lastFrame() ?? '';
    expect(frame).toContain('\u001b[32m+const b = 3;');
    expect(frame).toContain('\u001b[31m-const b = 2;');
    expect(frame).toContain('\u001b[36m@@ -1,2 +1,2 @@');
    expect(strip(frame).split('\n')[0]).toBe('✓ edit_file src/a.ts · 3 ms');
  });

  test('a long diff is cut with a count', () => {
    const diff = `@@ -1,100 +1,100 @@\n${Array.from({ length: 100 }, (_, i) => `+line ${i}`).join('\n')}`;
    const { lastFrame } = render(
      colored(<ToolCard name="write_file" display="write_file big.txt" status="ok" output={{ lines: [], omitted: 0 }} diff={diffLines(diff, 40)} />, false),
    );
    expect(lastFrame()).toContain('… 61 more lines (/diff shows everything)');
  });
});

describe('ApprovalPrompt', () => {
  const approval = {
    callId: 'call_1',
    name: 'run_command',
    display: 'run_command npm install',
    reason: 'approval mode "suggest" asks before running commands',
    args: { command: 'npm install' },
  };

  test('shows the call, why it asks and the choices', () => {
    const { lastFrame } = render(colored(<ApprovalPrompt approval={approval} queued={1} />, false));
    expect(lastFrame()).toContain('? run_command npm install (+1 more waiting)');
    expect(lastFrame()).toContain('approval mode "suggest" asks before running commands');
    expect(lastFrame()).toContain('Allow? y yes · n no · a always allow run_command');
  });

  test('a command longer than the title line is shown whole, wrapped [issue 19]', () => {
    const command = `node --input-type=module -e "import { roundTo } from './src/functions.js'; ${Array.from({ length: 8 }, (_, i) => `console.log(roundTo(1.00${i}5, 2));`).join(' ')} console.log('END-OF-COMMAND')"`;
    const long = { ...approval, display: `run_command $ ${command.slice(0, 119)}…`, args: { command } };
    const frame = stripVTControlCharacters(render(colored(<ApprovalPrompt approval={long} width={100} />, false)).lastFrame() ?? '');
    expect(frame).toContain('END-OF-COMMAND');
    // The frame's rows, borders and indent removed, put back together, are the command.
    const rows = frame.split('\n').map((row) => row.replace(/^│\s*/, '').replace(/\s*│$/, ''));
    const start = rows.findIndex((row) => row.startsWith('$ node'));
    const end = rows.findIndex((row) => row.includes('END-OF-COMMAND\')"'));
    expect(
      rows
        .slice(start, end + 1)
        .join(' ')
        .replace(/^\$ /, '')
        .replace(/\s+/g, ' '),
    ).toBe(command.replace(/\s+/g, ' '));
    expect(frame).not.toContain('ctrl-o');
  });

  test("the sandbox's run-it-outside prompt, whose display cuts the command without a mark, shows it whole too", () => {
    const command = `npm run build -- ${'--flag '.repeat(20)}--last-flag-here`;
    const outside = { ...approval, display: `$ ${command.slice(0, 120)} (outside the sandbox)`, args: { command } };
    const frame = stripVTControlCharacters(render(colored(<ApprovalPrompt approval={outside} width={400} />, false)).lastFrame() ?? '');
    expect(frame).toContain('--last-flag-here');
  });

  test('a command taller than the screen shows its start and says Ctrl-O prints it all', () => {
    const command = Array.from({ length: 40 }, (_, i) => `echo line-${i}`).join('\n');
    const tall = { ...approval, display: 'run_command $ echo line-0 …', args: { command } };
    const frame = render(colored(<ApprovalPrompt approval={tall} width={100} previewLines={10} />, false)).lastFrame() ?? '';
    expect(frame).toContain('$ echo line-0');
    expect(frame).toContain('echo line-9');
    expect(frame).not.toContain('echo line-10');
    expect(frame).toContain('… 30 more lines · ctrl-o prints the whole command');
  });

  test('after n: the reason line', () => {
    const { lastFrame } = render(colored(<ApprovalPrompt approval={approval} input={{ mode: 'reason', reason: 'use pnpm' }} />, false));
    expect(lastFrame()).toContain('Reason for the model (optional, Enter sends): use pnpm█');
    expect(lastFrame()).not.toContain('Allow?');
  });

  test('an edit shows the change it would make', () => {
    const edit = {
      callId: 'e',
      name: 'edit_file',
      display: 'edit_file src/a.ts',
      reason: 'asks before editing files',
      args: { path: 'src/a.ts', old_string: 'const b = 2;', new_string: 'const b = 3;' },
    };
    const { lastFrame } = render(colored(<ApprovalPrompt approval={edit} />));
    expect(lastFrame()).toContain('\u001b[31m-const b = 2;');
    expect(lastFrame()).toContain('\u001b[32m+const b = 3;');
  });

  test('a new file shows the start of its content', () => {
    const write = { callId: 'w', name: 'write_file', display: 'write_file notes.md', reason: 'r', args: { path: 'notes.md', content: '# Notes\nline 2' } };
    const { lastFrame } = render(colored(<ApprovalPrompt approval={write} />, false));
    expect(lastFrame()).toContain('new content of notes.md:');
    expect(lastFrame()).toContain('  # Notes');
  });
});

describe('approval keys', () => {
  const key = (k: Partial<Key> = {}): Key => ({ ...noKey, ...k });
  const press = (inputs: Array<[string, Partial<Key>?]>): ApprovalDecision | undefined => {
    let state = CHOOSING;
    for (const [input, k] of inputs) {
      const result = approvalKey(state, input, key(k));
      if (result.decision) return result.decision;
      state = result.state;
    }
    return undefined;
  };

  test('y, Y approve; a always', () => {
    expect(press([['y']])).toEqual({ decision: 'approve' });
    expect(press([['Y', { shift: true }]])).toEqual({ decision: 'approve' });
    expect(press([['a']])).toEqual({ decision: 'always' });
  });

  test('n, a reason, Enter: deny with the reason (backspace edits it)', () => {
    expect(press([['n'], ['use pnpmx'], ['', { backspace: true }], ['', { return: true }]])).toEqual({ decision: 'deny', reason: 'use pnpm' });
  });

  test('n then Enter: deny without a reason; in the reason line y is just text', () => {
    expect(press([['n'], ['', { return: true }]])).toEqual({ decision: 'deny' });
    expect(press([['n'], ['y'], ['', { return: true }]])).toEqual({ decision: 'deny', reason: 'y' });
  });

  test('other keys, Esc and Ctrl keys do not answer', () => {
    expect(press([['x'], ['', { return: true }], ['', { escape: true }], ['c', { ctrl: true }]])).toBeUndefined();
  });
});
