// The TUI conveniences of issue 13 in a real terminal: the built CLI in tmux against the simulator,
// keys typed, the screen read. `@` completion, the `/` menu, the status bar at 60, 80 and 120
// columns, Esc mid-stream counting the streaming request, and history and the transcript that a
// second run (--resume) brings back.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../src/simulator/index.js';
import { BIN } from '../helpers/cli.js';
import { hasTmux, tmuxScreen } from '../helpers/tmux.js';

if (!hasTmux) console.log('skipped the tmux-driven TUI tests: tmux is not installed');

const SESSION = `wsagent-conv-${process.pid}`;
let sim: Simulator | undefined;
afterEach(async () => {
  spawnSync('tmux', ['kill-session', '-t', SESSION]);
  await sim?.close();
  sim = undefined;
});

const { keys, waitFor } = tmuxScreen(SESSION);
const literal = (text: string): void => void execFileSync('tmux', ['send-keys', '-t', SESSION, '-l', text]);

function workspace(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'wsagent-tui-ws-')), 'calc-js');
  cpSync(new URL('../../fixtures/repos/calc-js', import.meta.url), dir, { recursive: true });
  execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: dir });
  return dir;
}

/** Starts the TUI in a tmux window of this size; the exit code goes to the returned file. */
function startTui(opts: { cwd: string; config: string; width: number; height?: number; args?: string }): string {
  const marker = join(opts.config, `exit-${Date.now()}`);
  const command = `cd ${opts.cwd} && OPENAI_API_KEY=sk-tui WSAGENT_CONFIG_DIR=${opts.config} node ${BIN} --base-url ${sim!.baseUrl} ${opts.args ?? ''}; echo $? > ${marker}; sleep 30`;
  execFileSync('tmux', ['new-session', '-d', '-s', SESSION, '-x', String(opts.width), '-y', String(opts.height ?? 30), command]);
  return marker;
}

const statusLine = (s: string): string => s.split('\n').find((l) => /^(ws|http) ●/.test(l)) ?? '';
const exitCode = (marker: string): string => spawnSync('cat', [marker], { encoding: 'utf8' }).stdout.trim();

describe.skipIf(!hasTmux)('TUI conveniences in tmux', () => {
  it('@ opens fuzzy file completion over the workspace (gitignored files left out); Tab inserts the path', async () => {
    sim = await createSimulator({ scenario: 'chat' });
    const cwd = workspace();
    cpSync(join(cwd, 'src/evaluator.js'), join(cwd, 'src/evaluator.generated.js'));
    execFileSync('sh', ['-c', `echo 'src/evaluator.generated.js' >> .gitignore`], { cwd });
    startTui({ cwd, config: mkdtempSync(join(tmpdir(), 'wsagent-tui-config-')), width: 80 });
    await waitFor((s) => /ws ● open/.test(s), 'the prompt and an open socket');
    literal('look at @evalu');
    const menu = await waitFor((s) => s.includes('› src/evaluator.js'), 'the file menu');
    console.log(`@ completion at 80 columns:\n${menu}`);
    expect(menu).toContain('test/evaluate.test.js');
    expect(menu).not.toContain('evaluator.generated.js');
    keys('Tab');
    const inserted = await waitFor((s) => /› look at src\/evaluator\.js/.test(s) && !s.includes('test/evaluate.test.js'), 'the inserted path');
    expect(inserted).not.toContain('@evalu');
  }, 60_000);

  it('/ lists the commands with descriptions and filters as you type; Enter runs the highlighted one', async () => {
    sim = await createSimulator({ scenario: 'chat' });
    const config = mkdtempSync(join(tmpdir(), 'wsagent-tui-config-'));
    const marker = startTui({ cwd: workspace(), config, width: 80 });
    await waitFor((s) => /ws ● open/.test(s), 'the prompt and an open socket');
    literal('/');
    const menu = await waitFor(
      (s) => /› \/help\s+show commands and keys/.test(s) && /\/skills\s+list the skills/.test(s) && /… \d+ more \(↑ ↓\)/.test(s),
      'the slash menu',
    );
    console.log(`/ menu at 80 columns:\n${menu}`);
    expect(menu).toMatch(/\/compact \[FOCUS\]\s+compact the conversation now/);
    literal('qu');
    const filtered = await waitFor((s) => /› \/quit\s+exit wsagent/.test(s) && !s.includes('/help'), 'the filtered menu');
    expect(filtered).not.toContain('/compact');
    keys('Enter');
    await waitFor(() => exitCode(marker) === '0', 'exit code 0 after /quit', 10_000);
  }, 60_000);

  it('the status bar is one line that fits 60, 80 and 120 columns, keeping connection, model and approval', async () => {
    sim = await createSimulator({ scenario: 'chat' });
    const cwd = workspace();
    const lines: Record<number, string> = {};
    for (const width of [60, 80, 120]) {
      const config = mkdtempSync(join(tmpdir(), 'wsagent-tui-config-'));
      startTui({ cwd, config, width });
      await waitFor((s) => /ws ● open/.test(s), `an open socket at ${width} columns`);
      literal('What is the difference between debounce and throttle?');
      keys('Enter');
      const done = await waitFor((s) => s.includes('turn 1 ·') && /ws ● open/.test(statusLine(s)), `the first turn at ${width} columns`);
      const bar = statusLine(done);
      lines[width] = bar;
      expect([...bar].length, bar).toBeLessThanOrEqual(width);
      expect(bar).toMatch(/^ws ● open/);
      expect(bar).toContain('gpt-5.2');
      expect(bar).toContain('suggest');
      // One line: what follows it is the end of the screen (blank rows only).
      const after = done.split('\n').slice(done.split('\n').indexOf(bar) + 1);
      expect(after.every((l) => l.trim() === '')).toBe(true);
      spawnSync('tmux', ['kill-session', '-t', SESSION]);
    }
    console.log(`status bar:\n60:  ${lines[60]}\n80:  ${lines[80]}\n120: ${lines[120]}`);
    expect(lines[120]).toMatch(/ttft \d+ ms/);
    expect(lines[120]).toMatch(/turn [\d.]+ (ms|s)/);
  }, 90_000);

  it('!cmd runs the command (without asking: the user typed it), shows its output, and sends both with the next prompt', async () => {
    sim = await createSimulator({ scenario: 'chat' });
    const config = mkdtempSync(join(tmpdir(), 'wsagent-tui-config-'));
    startTui({ cwd: workspace(), config, width: 100 });
    await waitFor((s) => /ws ● open/.test(s), 'an open socket');
    literal('!echo marker-$((6*7))');
    keys('Enter');
    const ran = await waitFor((s) => s.includes('│ marker-42') && s.includes('go to the model with your next prompt'), 'the command output');
    expect(ran).toContain('✓ run_command $ echo marker-$((6*7))');
    expect(sim.log.responses().filter((e) => e.generate)).toHaveLength(0);
    literal('What is the difference between debounce and throttle?');
    keys('Enter');
    await waitFor((s) => s.includes('turn 1 ·'), 'the answer');
    const sent = sim.log.responses().filter((e) => e.generate);
    expect(sent).toHaveLength(1);
    // Two user messages: the command with its output, then the prompt.
    expect(sent[0]!.inputTypes.filter((t) => t === 'message')).toHaveLength(2);
    const sessionText = execFileSync('grep', ['-rl', 'marker-42', config], { encoding: 'utf8' });
    expect(sessionText).toMatch(/\.jsonl/);
  }, 60_000);

  it('Esc mid-stream cancels and counts the request that was streaming', async () => {
    sim = await createSimulator({ scenario: 'chat', profile: { tokensPerSecond: 15 } });
    startTui({ cwd: workspace(), config: mkdtempSync(join(tmpdir(), 'wsagent-tui-config-')), width: 100 });
    await waitFor((s) => /ws ● open/.test(s), 'an open socket');
    literal('What is the difference between debounce and throttle?');
    keys('Enter');
    await waitFor((s) => s.includes('Both limit how often'), 'the answer streaming');
    keys('Escape');
    const cancelled = await waitFor((s) => /turn 1 cancelled after/.test(s), 'the cancelled turn');
    expect(cancelled).toMatch(/turn 1 cancelled after [^\n]* · 1 request ·/);
  }, 60_000);

  it('history persists per workspace (Ctrl-R in a second run), and --resume draws the earlier transcript', async () => {
    sim = await createSimulator({ scenario: 'chat' });
    const cwd = workspace();
    const config = mkdtempSync(join(tmpdir(), 'wsagent-tui-config-'));
    let marker = startTui({ cwd, config, width: 100 });
    await waitFor((s) => /ws ● open/.test(s), 'an open socket');
    literal('What is the difference between debounce and throttle?');
    keys('Enter');
    await waitFor((s) => s.includes('turn 1 ·'), 'the first answer');
    keys('C-d');
    await waitFor(() => exitCode(marker) === '0', 'exit code 0 after Ctrl-D', 10_000);
    spawnSync('tmux', ['kill-session', '-t', SESSION]);

    marker = startTui({ cwd, config, width: 100, args: '--resume last' });
    const resumed = await waitFor((s) => s.includes('end of the earlier conversation') && /ws ● open/.test(s), 'the earlier conversation');
    expect(resumed).toContain('› What is the difference between debounce and throttle?');
    expect(resumed).toContain('Debounce waits for a quiet period');
    keys('C-r');
    // Typed only once the search line is up: sent at once, Ctrl-R and the letters can reach the
    // terminal as one chunk, which is text, not a key.
    await waitFor((s) => s.includes('reverse-i-search'), 'the search line');
    literal('thrott');
    await waitFor((s) => s.includes("(reverse-i-search)`thrott': What is the difference between debounce and throttle?"), 'the history match');
    keys('Enter');
    // Enter takes the match into the prompt (the search line goes); it is not sent.
    await waitFor(
      (s) => !s.includes('reverse-i-search') && s.split('\n').filter((l) => l.startsWith('› What is the difference')).length === 2,
      'the match in the prompt',
    );
    keys('C-c');
    keys('C-c');
    await waitFor(() => exitCode(marker) === '0', 'exit code 0 after Ctrl-C twice', 10_000);
    const files = execFileSync('ls', [join(config, 'history')], { encoding: 'utf8' })
      .trim()
      .split('\n');
    expect(files).toHaveLength(1);
    expect(readFileSync(join(config, 'history', files[0]!), 'utf8')).toBe('"What is the difference between debounce and throttle?"\n');
  }, 90_000);
});
