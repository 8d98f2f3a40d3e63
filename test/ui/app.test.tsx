import { render } from 'ink-testing-library';
import { afterEach, describe, expect, test } from 'vitest';
import { App } from '../../src/ui/App.js';
import { renderStats, resetRenderStats } from '../../src/ui/renderStats.js';
import { ESC, FakeController, keys, sleep, turnCompleted, waitFor } from './fakeController.js';
import { beforeAll as beforeAllMarkdown } from 'vitest';
import { preloadMarkdown } from '../../src/ui/markdown.js';

// The markdown renderer loads lazily in the product (after the first frame); load it up front here.
beforeAllMarkdown(() => preloadMarkdown());

const PASTE_IN = '\u001b[200~';
const PASTE_OUT = '\u001b[201~';

type Rendered = ReturnType<typeof render>;
const mounted: Rendered[] = [];

afterEach(() => {
  for (const r of mounted.splice(0)) r.unmount();
});

async function mount(options: { initialPrompt?: string } = {}) {
  const c = new FakeController();
  const exits: number[] = [];
  const r = render(<App controller={c} color={false} throttleMs={50} onExit={(code) => exits.push(code)} {...options} />);
  mounted.push(r);
  await waitFor(() => expect(c.listenerCount).toBe(1));
  return { c, r, exits, frame: () => r.lastFrame() ?? '' };
}

async function type(r: Rendered, text: string, enter = true): Promise<void> {
  r.stdin.write(text);
  await sleep(5);
  if (enter) {
    r.stdin.write(keys.enter);
    await sleep(5);
  }
}

describe('prompt input', () => {
  test('typing a prompt and Enter calls submit; the turn shows up', async () => {
    const { c, r, frame } = await mount();
    await type(r, 'fix the failing test');
    await waitFor(() => expect(c.callsOf('submit')).toEqual([{ method: 'submit', args: ['fix the failing test'] }]));
    await waitFor(() => expect(frame()).toContain('working'));
    c.emit({ type: 'turn.started', turn: 1, prompt: 'fix the failing test' }, { type: 'assistant.done', text: 'Fixed **it**.' }, turnCompleted(1));
    await waitFor(() => expect(frame()).toContain('Fixed it.'));
    expect(frame()).toContain('› fix the failing test');
    expect(frame()).not.toContain('working');
  });

  test('an empty Enter sends nothing', async () => {
    const { c, r } = await mount();
    await type(r, '   ');
    expect(c.callsOf('submit')).toHaveLength(0);
  });

  test('up arrow recalls earlier prompts, down comes back', async () => {
    const { c, r, frame } = await mount();
    await type(r, 'first prompt');
    c.emit(turnCompleted(1));
    await waitFor(() => expect(frame()).not.toContain('working'));
    await type(r, 'second prompt');
    c.emit(turnCompleted(2));
    await waitFor(() => expect(frame()).not.toContain('working'));
    await type(r, 'draft', false);
    r.stdin.write(keys.up);
    await waitFor(() => expect(frame()).toContain('› second prompt'));
    r.stdin.write(keys.up);
    await waitFor(() => expect(frame()).toMatch(/› first prompt\S*\n/));
    r.stdin.write(keys.down);
    r.stdin.write(keys.down);
    await waitFor(() => expect(frame()).toContain('› draft'));
    r.stdin.write(keys.up);
    r.stdin.write(keys.up);
    await sleep(5);
    r.stdin.write(keys.enter);
    await waitFor(() => expect(c.callsOf('submit').map((x) => x.args[0])).toEqual(['first prompt', 'second prompt', 'first prompt']));
  });

  test('multi-line: a trailing backslash or Alt+Enter continues; Enter submits all lines', async () => {
    const { c, r, frame } = await mount();
    await type(r, 'line one\\');
    await type(r, 'line two', false);
    r.stdin.write(keys.altEnter);
    await sleep(5);
    await type(r, 'line three', false);
    await waitFor(() => expect(frame()).toContain('  line two'));
    expect(c.callsOf('submit')).toHaveLength(0);
    r.stdin.write(keys.enter);
    await waitFor(() => expect(c.callsOf('submit')).toEqual([{ method: 'submit', args: ['line one\nline two\nline three'] }]));
  });

  test('keystrokes that arrive in one chunk with Enter still submit', async () => {
    const { c, r } = await mount();
    r.stdin.write('/model gpt-5-mini\r');
    await waitFor(() => expect(c.callsOf('setModel')).toEqual([{ method: 'setModel', args: ['gpt-5-mini'] }]));
    r.stdin.write('run the tests\r');
    await waitFor(() => expect(c.callsOf('submit')).toEqual([{ method: 'submit', args: ['run the tests'] }]));
  });

  test('a bracketed paste with line breaks is inserted, not submitted', async () => {
    const { c, r, frame } = await mount();
    r.stdin.write(`${PASTE_IN}first pasted\rsecond pasted\r${PASTE_OUT}`);
    await waitFor(() => expect(frame()).toContain('  second pasted'));
    expect(frame()).toContain('› first pasted');
    expect(c.callsOf('submit')).toHaveLength(0);
    r.stdin.write(keys.enter);
    await waitFor(() => expect(c.callsOf('submit')).toEqual([{ method: 'submit', args: ['first pasted\nsecond pasted'] }]));
  });

  test('a prompt entered while a turn runs steers it, listed with its state', async () => {
    const { c, r, frame } = await mount({ initialPrompt: 'start' });
    await waitFor(() => expect(c.callsOf('submit')).toHaveLength(1));
    await type(r, 'keep it short');
    await waitFor(() => expect(c.callsOf('steer')).toEqual([{ method: 'steer', args: ['keep it short'] }]));
    expect(c.callsOf('submit')).toHaveLength(1);
    c.emit({ type: 'steer.submitted', id: 'st_1', text: 'keep it short', mode: 'native' });
    await waitFor(() => expect(frame()).toMatch(/steer keep it short · steering…/));
    expect(frame()).toContain('steers 1');
    c.emit({ type: 'steer.committed', id: 'st_1', via: 'native' });
    await waitFor(() => expect(frame()).toMatch(/keep it short · applied/));
    // The transcript records where it applied (a line of Ink's static output: it is in the frame
    // that first wrote it, not necessarily the last one).
    await waitFor(() => expect(r.frames.join('\n')).toContain('↳ steer applied: keep it short'));
  });

  test('Tab queues the entry for the next turn; ↑ on an empty prompt pulls it back; the turn ending sends the queued one', async () => {
    const { c, r, frame } = await mount({ initialPrompt: 'start' });
    await waitFor(() => expect(c.callsOf('submit')).toHaveLength(1));
    await type(r, 'first later', false);
    r.stdin.write('\t');
    await waitFor(() => expect(frame()).toMatch(/next {2}first later · queued/));
    await type(r, 'second later', false);
    r.stdin.write('\t');
    await waitFor(() => expect(frame()).toMatch(/second later · queued/));
    r.stdin.write(keys.up);
    await waitFor(() => expect(frame()).toContain('› second later'));
    expect(frame()).not.toMatch(/second later · queued/);
    expect(c.callsOf('steer')).toHaveLength(0);
    c.emit({ type: 'turn.completed', turn: 1, status: 'completed', finalMessage: '', timings: { wallMs: 1, requests: 1, toolMs: 0, overheadMs: 0 } });
    await waitFor(() =>
      expect(c.callsOf('submit')).toEqual([
        { method: 'submit', args: ['start'] },
        { method: 'submit', args: ['first later'] },
      ]),
    );
  });

  test('Esc cancels the turn and sends the steers still held at once', async () => {
    const { c, r } = await mount({ initialPrompt: 'start' });
    await waitFor(() => expect(c.callsOf('submit')).toHaveLength(1));
    c.owesSteers = true;
    r.stdin.write(ESC);
    await waitFor(() => expect(c.callsOf('cancel')).toHaveLength(1));
    c.emit({ type: 'turn.completed', turn: 1, status: 'cancelled', finalMessage: '', timings: { wallMs: 1, requests: 1, toolMs: 0, overheadMs: 0 } });
    await waitFor(() =>
      expect(c.callsOf('submit')).toEqual([
        { method: 'submit', args: ['start'] },
        { method: 'submit', args: [null] },
      ]),
    );
  });

  test('the initial prompt is submitted once', async () => {
    const { c } = await mount({ initialPrompt: 'explain this repo' });
    await waitFor(() => expect(c.callsOf('submit')).toEqual([{ method: 'submit', args: ['explain this repo'] }]));
    await sleep(20);
    expect(c.callsOf('submit')).toHaveLength(1);
  });
});

describe('keys', () => {
  test('Esc cancels the running turn; idle it does nothing', async () => {
    const { c, r } = await mount();
    r.stdin.write(keys.enter);
    r.stdin.write('\u001b');
    await sleep(20);
    expect(c.callsOf('cancel')).toHaveLength(0);
    await type(r, 'go');
    r.stdin.write('\u001b');
    await waitFor(() => expect(c.callsOf('cancel')).toHaveLength(1));
  });

  test('Ctrl-C cancels when busy; a second Ctrl-C exits (0: no turn failed) after closing the controller', async () => {
    const { c, r, exits, frame } = await mount({ initialPrompt: 'go' });
    await waitFor(() => expect(c.callsOf('submit')).toHaveLength(1));
    r.stdin.write(keys.ctrlC);
    await waitFor(() => expect(c.callsOf('cancel')).toHaveLength(1));
    await waitFor(() => expect(frame()).toContain('Ctrl-C again to exit'));
    expect(c.callsOf('close')).toHaveLength(0);
    r.stdin.write(keys.ctrlC);
    await waitFor(() => expect(exits).toEqual([0]));
    expect(c.callsOf('close')).toHaveLength(1);
  });

  test('Ctrl-C once when idle clears the input and warns; it does not exit', async () => {
    const { c, r, exits, frame } = await mount();
    await type(r, 'half typed', false);
    r.stdin.write(keys.ctrlC);
    await waitFor(() => expect(frame()).toContain('Press Ctrl-C again to exit.'));
    expect(frame()).not.toContain('half typed');
    await sleep(20);
    expect(exits).toEqual([]);
    expect(c.callsOf('close')).toHaveLength(0);
  });

  test('Ctrl-D on an empty prompt when idle exits with 0', async () => {
    const { c, r, exits } = await mount();
    r.stdin.write(keys.ctrlD);
    await waitFor(() => expect(exits).toEqual([0]));
    expect(c.callsOf('close')).toHaveLength(1);
  });

  test('Ctrl-D does not exit while a turn runs or text is typed', async () => {
    const { r, exits } = await mount();
    await type(r, 'text', false);
    r.stdin.write(keys.ctrlD);
    await sleep(20);
    expect(exits).toEqual([]);
  });
});

describe('approval in the App', () => {
  test('the prompt replaces the input; y answers and the input comes back', async () => {
    const { c, r, frame } = await mount({ initialPrompt: 'install' });
    c.emit(
      { type: 'turn.started', turn: 1, prompt: 'install' },
      { type: 'tool.requested', callId: 'call_9', name: 'run_command', args: { command: 'npm i' }, display: 'run_command npm i' },
      {
        type: 'tool.approval_required',
        callId: 'call_9',
        name: 'run_command',
        args: { command: 'npm i' },
        display: 'run_command npm i',
        reason: 'asks before running commands',
      },
    );
    await waitFor(() => expect(frame()).toContain('Allow? y yes'));
    r.stdin.write('y');
    await waitFor(() => expect(c.callsOf('answerApproval')).toEqual([{ method: 'answerApproval', args: ['call_9', { decision: 'approve' }] }]));
    await waitFor(() => expect(frame()).not.toContain('Allow?'));
    expect(frame()).toContain('working');
  });

  test('n with a reason denies with it', async () => {
    const { c, r, frame } = await mount({ initialPrompt: 'edit' });
    c.emit({
      type: 'tool.approval_required',
      callId: 'e1',
      name: 'edit_file',
      args: { path: 'a.ts', old_string: 'a', new_string: 'b' },
      display: 'edit_file a.ts',
      reason: 'r',
    });
    await waitFor(() => expect(frame()).toContain('Allow?'));
    r.stdin.write('n');
    await waitFor(() => expect(frame()).toContain('Reason for the model'));
    r.stdin.write('not that file');
    await sleep(5);
    r.stdin.write(keys.enter);
    await waitFor(() =>
      expect(c.callsOf('answerApproval')).toEqual([{ method: 'answerApproval', args: ['e1', { decision: 'deny', reason: 'not that file' }] }]),
    );
  });

  test('pasted text never answers an approval', async () => {
    const { c, r, frame } = await mount({ initialPrompt: 'x' });
    c.emit({ type: 'tool.approval_required', callId: 'p1', name: 'run_command', args: {}, display: 'run_command ls', reason: 'r' });
    await waitFor(() => expect(frame()).toContain('Allow?'));
    r.stdin.write(`${PASTE_IN}yes\r${PASTE_OUT}`);
    await sleep(20);
    expect(c.callsOf('answerApproval')).toHaveLength(0);
    r.stdin.write('n');
    await waitFor(() => expect(frame()).toContain('Reason for the model'));
    r.stdin.write(`${PASTE_IN}too\rrisky${PASTE_OUT}`);
    await waitFor(() => expect(frame()).toContain('Enter sends): too risky'));
    r.stdin.write(keys.enter);
    await waitFor(() => expect(c.callsOf('answerApproval')).toEqual([{ method: 'answerApproval', args: ['p1', { decision: 'deny', reason: 'too risky' }] }]));
  });

  test('a always', async () => {
    const { c, r, frame } = await mount({ initialPrompt: 'x' });
    c.emit({ type: 'tool.approval_required', callId: 'c2', name: 'run_command', args: {}, display: 'run_command ls', reason: 'r' });
    await waitFor(() => expect(frame()).toContain('Allow?'));
    r.stdin.write('a');
    await waitFor(() => expect(c.callsOf('answerApproval')).toEqual([{ method: 'answerApproval', args: ['c2', { decision: 'always' }] }]));
  });
});

describe('slash commands', () => {
  test('/help lists commands and keys', async () => {
    const { r, frame } = await mount();
    await type(r, '/help');
    await waitFor(() => expect(frame()).toContain('/approval [MODE]'));
    expect(frame()).toContain('Ctrl-C twice, Ctrl-D');
  });

  test('/clear starts a fresh conversation', async () => {
    const { c, r, frame } = await mount();
    await type(r, '/clear');
    await waitFor(() => expect(c.callsOf('clear')).toHaveLength(1));
    await waitFor(() => expect(frame()).toContain('started a new conversation'));
    expect(c.callsOf('submit')).toHaveLength(0);
  });

  test('/compact FOCUS passes the focus; the transcript says when it starts and ends, the meter drops', async () => {
    const { c, r, frame } = await mount();
    c.emit({ type: 'usage', input: 160_000, cached: 0, output: 11_400, context: { tokens: 171_400, window: 272_000, percent: 63 } });
    await waitFor(() => expect(frame()).toContain('ctx 63 %'));
    await type(r, '/compact the date parser');
    await waitFor(() => expect(frame()).toContain('✓ compacted 171k → 9.4k tokens in 3.1 s'));
    expect(frame()).toContain('⇣ compacting the conversation: 171k tokens, 63 % of 272k, keeping the focus on "the date parser"…');
    expect(c.callsOf('compact').map((call) => call.args)).toEqual([['the date parser']]);
    await waitFor(() => expect(frame()).toContain('ctx 3 %'));
  });

  test('/diff shows the diff; no changes says so', async () => {
    const { c, r, frame } = await mount();
    await type(r, '/diff');
    await waitFor(() => expect(frame()).toContain('No changes against HEAD.'));
    c.diffText = 'diff --git a/a.ts b/a.ts\n--- a/a.ts\n+++ b/a.ts\n@@ -1 +1 @@\n-old line\n+new line\n';
    await type(r, '/diff');
    await waitFor(() => expect(frame()).toContain('+new line'));
    expect(frame()).toContain('Working tree diff against HEAD');
    expect(c.callsOf('diff')).toHaveLength(2);
  });

  test('/undo shows what was restored and removed', async () => {
    const { c, r, frame } = await mount();
    await type(r, '/undo');
    await waitFor(() => expect(frame()).toContain('Nothing to undo'));
    c.undoResult = { turn: 2, restored: ['src/a.ts'], removed: ['src/new.ts'], conflicts: [], warnings: [] };
    await type(r, '/undo');
    await waitFor(() => expect(frame()).toContain('Undid the changes of turn 2'));
    expect(frame()).toContain('restored  src/a.ts');
    expect(frame()).toContain('removed   src/new.ts');
    // A file changed after the turn is named as a conflict, and what undo could not do as a warning.
    c.undoResult = { turn: 1, restored: [], removed: [], conflicts: ['b.txt'], warnings: ['build/x: not restored'] };
    await type(r, '/undo');
    await waitFor(() => expect(frame()).toContain('Undid the changes of turn 1, except 1 file changed since'));
    expect(frame()).toContain('conflict  b.txt: changed after turn 1, left as it is (/diff shows it)');
    expect(frame()).toContain('warning   build/x: not restored');
    expect(c.callsOf('undo')).toHaveLength(3);
  });

  test('/status prints the detailed block', async () => {
    const { r, frame } = await mount();
    await type(r, '/status');
    await waitFor(() => expect(frame()).toContain('session       sess_test'));
    expect(frame()).toMatch(/connection\s+ws open/);
    expect(frame()).toMatch(/last request\s+none yet/);
  });

  test("/model offers the server's models as a pick list, switches, and refuses a name the server does not list", async () => {
    const { c, r, frame } = await mount();
    c.models = ['gpt-5.2', 'gpt-5.2-codex', 'gpt-5-mini'];
    await type(r, '/model');
    await waitFor(() => expect(frame()).toContain('Model: gpt-5.2. The server offers: gpt-5.2, gpt-5.2-codex, gpt-5-mini.'));
    // The pick list is open under `/model ` (shortest names first): ↓ twice, Enter.
    await waitFor(() => expect(frame()).toMatch(/› gpt-5\.2\n\s+gpt-5-mini\n\s+gpt-5\.2-codex/));
    r.stdin.write(keys.down);
    await sleep(5);
    r.stdin.write(keys.down);
    await waitFor(() => expect(frame()).toMatch(/› gpt-5\.2-codex/));
    r.stdin.write(keys.enter);
    await waitFor(() => expect(c.callsOf('setModel')).toEqual([{ method: 'setModel', args: ['gpt-5.2-codex'] }]));
    await waitFor(() => expect(frame()).toMatch(/gpt-5\.2-codex[\s·]+suggest/));
    await type(r, '/model gpt-9-turbo');
    await waitFor(() => expect(frame()).toContain('The server does not offer the model gpt-9-turbo. It offers: gpt-5.2, gpt-5.2-codex, gpt-5-mini.'));
    expect(c.callsOf('setModel')).toHaveLength(1);
  });

  test('/effort shows the reasoning effort, sets one, reports a bad one', async () => {
    const { c, r, frame } = await mount();
    await type(r, '/effort');
    await waitFor(() => expect(frame()).toContain('Reasoning effort: default'));
    await type(r, '/effort high');
    await waitFor(() => expect(frame()).toContain('✓ reasoning effort set to high'));
    await type(r, '/effort extreme');
    await waitFor(() => expect(frame()).toContain('unknown effort "extreme"'));
    expect(c.callsOf('setEffort').map((call) => call.args[0])).toEqual(['high', 'extreme']);
  });

  test('/approval shows the modes, sets one, reports a bad one', async () => {
    const { c, r, frame } = await mount();
    await type(r, '/approval');
    await waitFor(() => expect(frame()).toContain('Approval mode: suggest'));
    expect(frame()).toContain('full-auto');
    await type(r, '/approval full-auto');
    await waitFor(() => expect(frame()).toMatch(/gpt-5\.2[\s·]+full-auto/));
    await type(r, '/approval yolo');
    await waitFor(() => expect(frame()).toContain('✗ unknown approval mode "yolo"'));
    expect(c.callsOf('setApproval').map((x) => x.args[0])).toEqual(['full-auto', 'yolo']);
  });

  test('/quit closes and exits with 0', async () => {
    const { c, r, exits } = await mount();
    await type(r, '/quit');
    await waitFor(() => expect(exits).toEqual([0]));
    expect(c.callsOf('close')).toHaveLength(1);
  });

  test('an unknown command gets a helpful notice and is not sent to the model', async () => {
    const { c, r, frame } = await mount();
    await type(r, '/stauts');
    await waitFor(() => expect(frame()).toContain('Unknown command /stauts. Did you mean /status?'));
    expect(c.callsOf('submit')).toHaveLength(0);
  });

  test('/clear while a turn runs is refused', async () => {
    const { c, r, frame } = await mount({ initialPrompt: 'go' });
    await waitFor(() => expect(c.callsOf('submit')).toHaveLength(1));
    await type(r, '/clear');
    await waitFor(() => expect(frame()).toContain('A turn is running: wait for it to finish'));
    expect(c.callsOf('clear')).toHaveLength(0);
  });

  test('Tab completes a command', async () => {
    const { c, r } = await mount();
    await type(r, '/sta', false);
    r.stdin.write(keys.tab);
    await sleep(5);
    r.stdin.write(keys.enter);
    await waitFor(() => expect(r.lastFrame()).toContain('session       sess_test'));
    expect(c.callsOf('submit')).toHaveLength(0);
  });
});

describe('streaming and rendering', () => {
  test('2,000 deltas cause far fewer renders, and the final text is complete', async () => {
    const { c, r, frame } = await mount();
    c.emit({ type: 'turn.started', turn: 1, prompt: 'write a lot' });
    await waitFor(() => expect(frame()).toContain('› write a lot'));
    resetRenderStats();
    const framesBefore = r.frames.length;
    let full = '';
    let sawPartial = false;
    for (let i = 0; i < 2000; i++) {
      const piece = `w${i} `;
      full += piece;
      c.emit({ type: 'assistant.delta', text: piece });
      if (i % 10 === 9) {
        await sleep(1);
        if (!sawPartial && /w\d+/.test(r.lastFrame() ?? '')) sawPartial = true;
      }
    }
    c.emit({ type: 'assistant.done', text: full.trim() });
    // The finished message (in the transcript) has every word; the streaming tail never shows more
    // than a screenful.
    await waitFor(() => expect(frame().match(/\bw\d+\b/g) ?? []).toHaveLength(2000));
    const frames = r.frames.length - framesBefore;
    expect(sawPartial).toBe(true);
    expect(frames).toBeLessThan(100);
    expect(renderStats.app).toBeLessThan(100);
    expect(renderStats.tail).toBeLessThan(100);
    const words = frame().match(/\bw\d+\b/g) ?? [];
    expect(new Set(words).size).toBe(2000);
    expect(words[0]).toBe('w0');
    expect(words[1999]).toBe('w1999');
  });

  test('finished items are rendered once (Static), however much happens after', async () => {
    const { c, frame } = await mount();
    c.emit(
      { type: 'turn.started', turn: 1, prompt: 'first' },
      { type: 'assistant.done', text: 'first answer' },
      { type: 'tool.completed', callId: 'x', name: 'run_command', ok: true, output: 'done', durationMs: 5 },
      turnCompleted(1),
    );
    await waitFor(() => expect(frame()).toContain('first answer'));
    await sleep(20);
    resetRenderStats();
    c.emit({ type: 'turn.started', turn: 2, prompt: 'second' });
    for (let i = 0; i < 300; i++) {
      c.emit({ type: 'assistant.delta', text: `d${i} ` }, { type: 'usage', input: 1, cached: 0, output: 1 });
      if (i % 30 === 0) await sleep(2);
    }
    await waitFor(() => expect(frame()).toContain('d299'));
    // Only the one new item (the second prompt) was rendered; the old ones never again.
    expect(renderStats.transcriptItems).toBe(1);
    expect(renderStats.app).toBeGreaterThan(1);
  });

  test('a recovery drops the partial answer from the screen and shows the notice', async () => {
    const { c, frame } = await mount();
    c.emit({ type: 'turn.started', turn: 1, prompt: 'p' }, { type: 'assistant.delta', text: 'PARTIAL-ATTEMPT' });
    await waitFor(() => expect(frame()).toContain('PARTIAL-ATTEMPT'));
    c.emit({ type: 'recovery', kind: 'reconnect', reason: 'the connection was cut' });
    await waitFor(() => expect(frame()).toContain('↻ reconnected: the connection was cut'));
    expect(frame()).not.toContain('PARTIAL-ATTEMPT');
  });

  test('running tools show a live output tail', async () => {
    const { c, frame } = await mount();
    c.emit(
      { type: 'turn.started', turn: 1, prompt: 'p' },
      { type: 'tool.requested', callId: 't', name: 'run_command', args: {}, display: 'run_command npm test' },
      { type: 'tool.started', callId: 't', name: 'run_command', display: 'run_command npm test' },
    );
    for (let i = 0; i < 50; i++) c.emit({ type: 'tool.output', callId: 't', chunk: `out ${i}\n` });
    await waitFor(() => expect(frame()).toContain('out 49'));
    expect(frame()).toContain('● run_command npm test');
    expect(frame()).not.toContain('out 40\n');
    expect(frame()).toContain('… 44 earlier lines');
  });
});
