// The TUI conveniences of issue 13 as a user meets them: the `/` and `@` menus, `!cmd`, Ctrl-R with
// history kept across runs, Ctrl-O on a cut tool output, the resumed transcript, the spinner, Esc at
// an approval prompt, /help at 60 columns, inline code wrapped in colour, the exit codes.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Box } from 'ink';
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, onTestFinished, test } from 'vitest';
import { App } from '../../src/ui/App.js';
import type { PromptHistoryStore } from '../../src/ui/AgentController.js';
import { carryStylesAcrossLines } from '../../src/ui/ansiLines.js';
import { approvalPreview } from '../../src/ui/approvalPreview.js';
import { completionTarget, fileItems, fuzzyScore } from '../../src/ui/completion.js';
import { CompletionMenu } from '../../src/ui/components/CompletionMenu.js';
import { Help } from '../../src/ui/components/Help.js';
import { PromptInput, SPINNER_FRAMES } from '../../src/ui/components/PromptInput.js';
import { HISTORY_CAP, historyFile, historyPath } from '../../src/ui/historyFile.js';
import { preloadMarkdown, renderMarkdown } from '../../src/ui/markdown.js';
import { createEditor, insert } from '../../src/ui/promptEditor.js';
import { ColorContext } from '../../src/ui/theme.js';
import { FakeController, keys, sleep, turnCompleted, waitFor } from './fakeController.js';

type Rendered = ReturnType<typeof render>;
const mounted: Rendered[] = [];
afterEach(() => {
  for (const r of mounted.splice(0)) r.unmount();
});

async function mount(options: { history?: PromptHistoryStore; setup?: (c: FakeController) => void } = {}) {
  const c = new FakeController();
  options.setup?.(c);
  const exits: number[] = [];
  const r = render(
    <App controller={c} color={false} throttleMs={20} onExit={(code) => exits.push(code)} {...(options.history && { history: options.history })} />,
  );
  mounted.push(r);
  await waitFor(() => expect(c.listenerCount).toBe(1));
  return { c, r, exits, frame: () => r.lastFrame() ?? '' };
}

async function type(r: Rendered, text: string): Promise<void> {
  for (const ch of text) {
    r.stdin.write(ch);
    await sleep(2);
  }
  await sleep(10);
}

const memoryHistory = (entries: string[]): PromptHistoryStore & { added: string[] } => {
  const added: string[] = [];
  return { load: () => [...entries], add: (e) => void added.push(e), added };
};

describe('@ file completion', () => {
  test('fuzzy-matches workspace files; ↓ chooses, Tab inserts the path; Esc closes', async () => {
    const { c, r, frame } = await mount({ setup: (f) => (f.files = ['README.md', 'src/app.ts', 'src/util/format.ts', 'test/format.test.ts']) });
    await type(r, 'look at @fmt');
    await waitFor(() => expect(frame()).toMatch(/› src\/util\/format\.ts\n\s+test\/format\.test\.ts/));
    expect(frame()).not.toContain('README.md');
    r.stdin.write(keys.down);
    await waitFor(() => expect(frame()).toMatch(/› test\/format\.test\.ts/));
    r.stdin.write(keys.tab);
    await waitFor(() => expect(frame()).toContain('› look at test/format.test.ts'));
    expect(frame()).not.toContain('src/util/format.ts');
    expect(c.callsOf('listFiles')).toHaveLength(1);
    // Esc closes the menu of that token; Enter then sends the prompt as typed.
    await type(r, 'and @src');
    await waitFor(() => expect(frame()).toContain('› src/app.ts'));
    r.stdin.write('\u001b');
    await waitFor(() => expect(frame()).not.toContain('src/app.ts'));
    r.stdin.write(keys.enter);
    await waitFor(() => expect(c.callsOf('submit')).toEqual([{ method: 'submit', args: ['look at test/format.test.ts and @src'] }])).catch((e) => {
      throw new Error(`${JSON.stringify(c.callsOf('submit'))}\n${frame()}\n${String(e)}`);
    });
  });

  test('Enter inserts the chosen path (it does not send the prompt)', async () => {
    const { c, r, frame } = await mount({ setup: (f) => (f.files = ['src/app.ts']) });
    await type(r, '@app');
    await waitFor(() => expect(frame()).toContain('› src/app.ts'));
    r.stdin.write(keys.enter);
    await waitFor(() => expect(frame()).toContain('› src/app.ts █'));
    expect(c.callsOf('submit')).toHaveLength(0);
  });

  test('the target and the scoring', () => {
    expect(completionTarget(insert(createEditor(), 'fix @src/ap'))).toEqual({ kind: 'file', query: 'src/ap', start: 4, end: 11 });
    expect(completionTarget(insert(createEditor(), 'mail me@example'))).toBeNull();
    expect(completionTarget(insert(createEditor(), '/mo'))).toMatchObject({ kind: 'slash', query: 'mo' });
    expect(fuzzyScore('src/app.ts', 'xyz')).toBeNull();
    expect(fileItems(['docs/parser-notes.md', 'src/parser.ts'], 'parser').map((i) => i.label)).toEqual(['src/parser.ts', 'docs/parser-notes.md']);
  });
});

test('a long menu shows a window that keeps the highlighted entry in view', () => {
  const items = Array.from({ length: 20 }, (_, i) => ({ label: `file${String(i).padStart(2, '0')}.ts`, insert: `file${i}.ts ` }));
  const r = render(<CompletionMenu kind="file" items={items} selected={7} width={80} maxItems={5} />);
  mounted.push(r);
  const lines = (r.lastFrame() ?? '').split('\n');
  expect(lines).toEqual(['  file03.ts', '  file04.ts', '  file05.ts', '  file06.ts', '› file07.ts', '  … 15 more (↑ ↓)']);
});

describe('/ menu', () => {
  test('typing / lists the commands with descriptions, filters as you type, Tab completes, Enter runs', async () => {
    const { r, frame } = await mount();
    await type(r, '/');
    await waitFor(() => expect(frame()).toMatch(/› \/help\s+show commands and keys/));
    expect(frame()).toMatch(/\/compact \[FOCUS\]\s+compact the conversation now/);
    expect(frame()).toMatch(/\/hooks\s+list the configured hooks/);
    expect(frame()).toMatch(/… \d+ more \(↑ ↓\)/); // the rest (/model [NAME] …) one arrow away
    await type(r, 'co');
    await waitFor(() => expect(frame()).not.toContain('/help'));
    expect(frame()).toMatch(/› \/compact/);
    r.stdin.write(keys.tab);
    await waitFor(() => expect(frame()).toMatch(/^› \/compact/m));
    r.stdin.write(keys.backspace);
    await sleep(10);
    // `/compact ` (it takes a focus) back to nothing.
    for (let i = 0; i < 8; i++) r.stdin.write(keys.backspace);
    await type(r, '/st');
    await waitFor(() => expect(frame()).toMatch(/› \/status/));
    r.stdin.write(keys.enter);
    await waitFor(() => expect(frame()).toMatch(/^Status$/m));
  });
});

describe('!cmd', () => {
  test('runs the command through the controller, not as a prompt, and says it goes with the next prompt', async () => {
    const history = memoryHistory([]);
    const { c, r, frame } = await mount({ history });
    await type(r, '!ls -la');
    r.stdin.write(keys.enter);
    await waitFor(() => expect(c.callsOf('runShell')).toEqual([{ method: 'runShell', args: ['ls -la'] }]));
    await waitFor(() => expect(frame()).toContain('the command and its output go to the model with your next prompt'));
    expect(c.callsOf('submit')).toHaveLength(0);
    expect(history.added).toEqual(['!ls -la']);
  });
});

describe('Ctrl-R and history across runs', () => {
  test('reverse incremental search; Ctrl-R again finds an older match; Enter takes it', async () => {
    const { c, r, frame } = await mount({ history: memoryHistory(['run the tests', 'fix the parser', 'run the linter']) });
    r.stdin.write('\u0012');
    await type(r, 'run');
    await waitFor(() => expect(frame()).toContain("(reverse-i-search)`run': run the linter"));
    r.stdin.write('\u0012');
    await waitFor(() => expect(frame()).toContain("(reverse-i-search)`run': run the tests"));
    r.stdin.write(keys.enter);
    await waitFor(() => expect(frame()).toContain('› run the tests'));
    expect(c.callsOf('submit')).toHaveLength(0);
    r.stdin.write(keys.enter);
    await waitFor(() => expect(c.callsOf('submit')).toEqual([{ method: 'submit', args: ['run the tests'] }]));
  });

  test('the history file: per workspace, survives a new instance, capped', () => {
    const config = mkdtempSync(join(tmpdir(), 'wsagent-history-'));
    const a = historyFile(config, '/work/a');
    a.add('first prompt');
    a.add('multi\nline prompt');
    expect(historyFile(config, '/work/a').load()).toEqual(['first prompt', 'multi\nline prompt']);
    expect(historyFile(config, '/work/b').load()).toEqual([]);
    expect(historyPath(config, '/work/a')).not.toBe(historyPath(config, '/work/b'));
    const big = historyFile(config, '/work/big');
    big.load();
    for (let i = 0; i < HISTORY_CAP + 250; i++) big.add(`prompt ${i}`);
    const kept = historyFile(config, '/work/big').load();
    expect(kept).toHaveLength(HISTORY_CAP);
    expect(kept[kept.length - 1]).toBe(`prompt ${HISTORY_CAP + 249}`);
    expect(readFileSync(historyPath(config, '/work/big'), 'utf8').split('\n').length - 1).toBeLessThanOrEqual(HISTORY_CAP + 200);
  });
});

describe('Ctrl-O expands a cut tool output', () => {
  test('the card says ctrl-o to expand; Ctrl-O prints the whole output', async () => {
    const { c, r, frame } = await mount();
    c.emit({ type: 'turn.started', turn: 1, prompt: 'go' });
    const output = Array.from({ length: 40 }, (_, i) => `line ${i + 1}`).join('\n');
    c.emit({ type: 'tool.requested', callId: 't1', name: 'run_command', args: {}, display: '$ seq 40' });
    c.emit({ type: 'tool.completed', callId: 't1', name: 'run_command', ok: true, output, durationMs: 5 });
    c.emit(turnCompleted(1));
    await waitFor(() => expect(frame()).toContain('28 earlier lines · ctrl-o to expand'));
    expect(frame()).not.toMatch(/│ line 1\n/);
    r.stdin.write('\u000f');
    await waitFor(() => expect(frame()).toContain('Full output of $ seq 40'));
    expect(frame()).toMatch(/^line 1$/m);
    expect(frame()).toMatch(/^line 12$/m);
    r.stdin.write('\u000f');
    await waitFor(() => expect(frame()).toContain('No cut tool output left to expand.'));
  });
});

describe('--resume', () => {
  test('the earlier conversation is drawn before the prompt', async () => {
    const { frame } = await mount({
      setup: (c) => {
        c.earlier = [
          { kind: 'user', text: 'why do the tests fail?' },
          { kind: 'tool', name: 'run_command', display: '$ npm test', outputLines: 42 },
          { kind: 'assistant', text: 'Two tests fail in the parser.' },
        ];
      },
    });
    await waitFor(() => expect(frame()).toContain('resumed session sess_test'));
    const text = frame();
    expect(text).toContain('› why do the tests fail?');
    expect(text).toMatch(/run_command \$ npm test\n\s+└ 42 lines/);
    expect(text).toContain('Two tests fail in the parser.');
    expect(text.indexOf('why do the tests fail?')).toBeLessThan(text.indexOf('Two tests fail'));
  });
});

describe('working indicator', () => {
  const colored = (ui: React.ReactElement) => <ColorContext.Provider value={true}>{ui}</ColorContext.Provider>;
  test('spins at 4 frames a second when animated', async () => {
    const r = render(colored(<PromptInput value={createEditor()} busy busySince={performance.now()} animate />));
    mounted.push(r);
    const seen = new Set<string>();
    const deadline = Date.now() + 2000;
    while (seen.size < 3 && Date.now() < deadline) {
      const mark = SPINNER_FRAMES.find((f) => (r.lastFrame() ?? '').includes(`${f} working`));
      if (mark) seen.add(mark);
      await sleep(50);
    }
    expect(seen.size).toBeGreaterThanOrEqual(3);
  });
  test('does not move when not animated (NO_COLOR or not a TTY)', async () => {
    const r = render(<PromptInput value={createEditor()} busy busySince={performance.now()} />);
    mounted.push(r);
    await sleep(600);
    expect(r.lastFrame()).toContain('● working');
    expect(SPINNER_FRAMES.some((f) => (r.lastFrame() ?? '').includes(f))).toBe(false);
  });
});

describe('approvals', () => {
  test('Esc at an approval prompt denies the call, then cancels the turn', async () => {
    const { c, r, frame } = await mount();
    c.emit({ type: 'turn.started', turn: 1, prompt: 'go' });
    c.emit({
      type: 'tool.approval_required',
      callId: 'a1',
      name: 'run_command',
      args: { command: 'rm -rf build' },
      display: '$ rm -rf build',
      reason: 'asks before commands',
    });
    await waitFor(() => expect(frame()).toContain('Esc denies and cancels the turn'));
    r.stdin.write('\u001b');
    await waitFor(() => expect(c.callsOf('cancel')).toHaveLength(1));
    const answers = c.callsOf('answerApproval');
    expect(answers).toHaveLength(1);
    expect(answers[0]!.args[0]).toBe('a1');
    expect(answers[0]!.args[1]).toMatchObject({ decision: 'deny' });
    // The deny reached the controller before the cancel.
    expect(c.calls.findIndex((x) => x.method === 'answerApproval')).toBeLessThan(c.calls.findIndex((x) => x.method === 'cancel'));
  });

  test("an edit's preview numbers its hunk with the file's real lines", () => {
    const file = `${Array.from({ length: 30 }, (_, i) => `line ${i + 1}`).join('\n')}\n`;
    const preview = approvalPreview({ path: 'a.txt', old_string: 'line 20\nline 21\n', new_string: 'line 20\nLINE 21\n' }, (p) =>
      p === 'a.txt' ? file : null,
    );
    expect(preview?.kind).toBe('diff');
    expect(preview && 'body' in preview ? preview.body : '').toContain('@@ -20,2 +20,2 @@');
    // Without the file, the snippet's own numbering is all there is.
    const blind = approvalPreview({ path: 'a.txt', old_string: 'line 20\nline 21\n', new_string: 'line 20\nLINE 21\n' });
    expect(blind && 'body' in blind ? blind.body : '').toContain('@@ -1,2 +1,2 @@');
  });
});

describe('wrapping', () => {
  test('/help keeps its indent when descriptions wrap at 60 columns', () => {
    const r = render(
      <Box width={60}>
        <Help />
      </Box>,
    );
    mounted.push(r);
    const lines = (r.lastFrame() ?? '').split('\n');
    const at = lines.findIndex((l) => l.includes('/approval [MODE]'));
    expect(at).toBeGreaterThan(-1);
    const column = lines[at]!.indexOf('show the approval mode');
    expect(column).toBeGreaterThan(10);
    // The continuation line starts under the description, not at the left edge.
    expect(lines[at + 1]!.slice(0, column).trim()).toBe('');
    expect(lines[at + 1]!.slice(column).trim().length).toBeGreaterThan(0);
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(60);
    expect(lines.join('\n')).toMatch(/Exit codes/);
  });

  test('inline code keeps its colour on the wrapped line', async () => {
    // The renderer colours through chalk, which found no terminal here: give it one colour level.
    const chalk = (await import('chalk')).default;
    const level = chalk.level;
    chalk.level = 1;
    onTestFinished(() => {
      chalk.level = level;
    });
    await preloadMarkdown();
    const out = renderMarkdown('Some words here and then `a long inline code span that wraps` and more words after it.', { width: 30, color: true });
    const lines = out.split('\n');
    const codeLines = lines.filter((l) => /long inline|wraps/.test(l));
    expect(codeLines.length).toBeGreaterThan(1);
    for (const line of codeLines.slice(1)) expect(line.startsWith('\u001b[33m'), JSON.stringify(lines)).toBe(true);
    expect(carryStylesAcrossLines('\u001b[1ma\nb\u001b[22m\nc')).toBe('\u001b[1ma\u001b[0m\n\u001b[1mb\u001b[22m\nc');
  });
});

describe('exit codes', () => {
  test('/quit, Ctrl-D and Ctrl-C twice: 1 after a failed turn, like each other', async () => {
    for (const how of ['/quit', 'ctrl-d', 'ctrl-c'] as const) {
      const { c, r, exits } = await mount();
      c.emit({ type: 'turn.started', turn: 1, prompt: 'go' }, turnCompleted(1, 'failed'));
      await sleep(30);
      if (how === '/quit') {
        await type(r, '/quit');
        r.stdin.write(keys.enter);
      } else if (how === 'ctrl-d') r.stdin.write(keys.ctrlD);
      else {
        r.stdin.write(keys.ctrlC);
        await sleep(10);
        r.stdin.write(keys.ctrlC);
      }
      await waitFor(() => expect(exits).toEqual([1]));
    }
  });
});
