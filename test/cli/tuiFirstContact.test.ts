// What a new user meets in the TUI (issue 19), in a real terminal: the built CLI in tmux against
// the simulator, keys typed, the screen read. The approval card shows the whole command it asks
// about; `!cmd` runs without asking, in the sandbox.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator, type Scenario, type Simulator } from '../../src/simulator/index.js';
import { probeBwrap } from '../../src/tools/sandbox/bwrap.js';
import { BIN } from '../helpers/cli.js';
import { hasTmux, tmuxScreen } from '../helpers/tmux.js';

if (!hasTmux) console.log('skipped the tmux-driven TUI tests: tmux is not installed');
const sandboxed = probeBwrap(process.env).ok;

const SESSION = `wsagent-first-${process.pid}`;
const { keys, waitFor, screen } = tmuxScreen(SESSION);
const literal = (text: string): void => void execFileSync('tmux', ['send-keys', '-t', SESSION, '-l', text]);
/** The screen with the scrollback above it (what the user can scroll back to). */
const history = (): string => execFileSync('tmux', ['capture-pane', '-p', '-S', '-500', '-t', SESSION], { encoding: 'utf8' });

let sim: Simulator | undefined;
const temporary: string[] = [];
afterEach(async () => {
  spawnSync('tmux', ['kill-session', '-t', SESSION]);
  await sim?.close();
  sim = undefined;
  for (const dir of temporary.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temporary.push(dir);
  return dir;
}

function workspace(): string {
  const dir = join(tempDir('wsagent-first-ws-'), 'calc-js');
  cpSync(new URL('../../fixtures/repos/calc-js', import.meta.url), dir, { recursive: true });
  execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: dir });
  return dir;
}

/** Starts the TUI in a tmux window; the exit code goes to the returned file. */
function startTui(opts: { cwd: string; config: string; width?: number; height?: number; args?: string }): string {
  const marker = join(opts.config, `exit-${Date.now()}`);
  // A tmux session gets the tmux server's environment, not this process's: pass on what decides the sandbox.
  const bwrap = process.env.WSAGENT_BWRAP ? `WSAGENT_BWRAP=${process.env.WSAGENT_BWRAP} ` : '';
  const command = `cd ${opts.cwd} && ${bwrap}OPENAI_API_KEY=sk-tui WSAGENT_CONFIG_DIR=${opts.config} node ${BIN} --base-url ${sim!.baseUrl} ${opts.args ?? ''}; echo $? > ${marker}; sleep 30`;
  execFileSync('tmux', ['new-session', '-d', '-s', SESSION, '-x', String(opts.width ?? 80), '-y', String(opts.height ?? 30), command]);
  return marker;
}

const LONG_COMMAND =
  `node --input-type=module -e "import { roundTo } from './src/functions.js'; ` +
  `for (const [x, d] of [[1.005, 2], [1.0049, 3], [2.675, 2], [1e-7, 4]]) console.log(x, d, roundTo(x, d)); console.log('END-OF-COMMAND')"`;

const LONG_COMMAND_SCENARIO: Scenario = {
  name: 'long-command',
  description: 'one long run_command, then an answer',
  steps: [{ calls: [{ name: 'run_command', arguments: { command: LONG_COMMAND, timeout_ms: null } }] }, { message: 'Checked the rounding.' }],
};

describe.skipIf(!hasTmux)('the TUI a new user sees, in tmux', () => {
  it('the approval card shows the whole command it asks about, wrapped; Ctrl-O there prints the pending call', async () => {
    sim = await createSimulator({ scenario: LONG_COMMAND_SCENARIO });
    startTui({ cwd: workspace(), config: tempDir('wsagent-first-config-'), width: 80 });
    await waitFor((s) => /ws ● open/.test(s), 'an open socket');
    literal('check how roundTo rounds');
    keys('Enter');
    const card = await waitFor((s) => s.includes('Allow?'), 'the approval prompt');
    console.log(`approval card at 80 columns:\n${card}`);
    // All of it is on screen, its end included, though it is three times the terminal's width.
    expect(LONG_COMMAND.length).toBeGreaterThan(200);
    expect(card).toContain("console.log('END-OF-COMMAND')\"");
    expect(card).toContain('$ node --input-type=module -e "import { roundTo }');
    // Ctrl-O at the prompt prints the call waiting for the answer, not an earlier tool's output.
    keys('C-o');
    await waitFor(() => history().includes('Waiting for your approval: run_command'), 'the pending call printed');
    expect(history()).not.toContain('No cut tool output left to expand');
    keys('y');
    await waitFor((s) => s.includes('Checked the rounding.'), 'the answer after the command ran');
    expect(sim.log.responses().filter((e) => e.generate)).toHaveLength(2);
  }, 60_000);

  it('!cmd runs at once in the default approval mode (no prompt), in the sandbox, and goes to the model', async () => {
    sim = await createSimulator({ scenario: 'chat' });
    const config = tempDir('wsagent-first-config-');
    const outside = join(tempDir('wsagent-first-outside-'), 'sub');
    startTui({ cwd: workspace(), config, width: 100 });
    await waitFor((s) => /ws ● open/.test(s), 'an open socket');
    literal(`!mkdir -p ${outside} && touch ${outside}/made && echo marker-$((6*7))`);
    keys('Enter');
    const ran = await waitFor((s) => s.includes('│ marker-42') || s.includes('Allow?'), 'the command output (or a prompt)');
    expect(ran).not.toContain('Allow?');
    expect(ran).not.toContain('always allow run_command');
    await waitFor((s) => s.includes('go to the model with your next prompt'), 'the note that it goes to the model');
    // In the sandbox, /tmp is private: the file was made there, not in the real directory.
    if (sandboxed) expect(existsSync(join(outside, 'made'))).toBe(false);
    else {
      // Without a sandbox it runs as typed, and the user is told so (once).
      expect(screen()).toContain('no sandbox here: commands you type with ! run unconfined, as you');
      console.log('no usable bubblewrap here: the sandbox half of this test is skipped');
    }
    literal('What is the difference between debounce and throttle?');
    keys('Enter');
    await waitFor((s) => s.includes('turn 1 ·'), 'the answer');
    const sent = sim.log.responses().filter((e) => e.generate);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.inputTypes.filter((t) => t === 'message')).toHaveLength(2);
    expect(screen()).not.toContain('Allow?');
  }, 60_000);

  it('the status bar and /status show the sandbox, and count tokens only once a request was sent', async () => {
    sim = await createSimulator({ scenario: 'chat' });
    startTui({ cwd: workspace(), config: tempDir('wsagent-first-config-'), width: 120 });
    await waitFor((s) => /ws ● open/.test(s), 'an open socket');
    // The socket is warmed up (generate:false, instructions and tools): still nothing was asked.
    await waitFor(() => sim!.log.responses().some((e) => !e.generate && e.status === 'completed'), 'the warm-up');
    const sandbox = sandboxed ? 'sandbox workspace-write' : 'no sandbox';
    const idle = await waitFor((s) => s.includes(sandbox), 'the sandbox in the status bar');
    literal('/status');
    keys('Enter');
    const before = await waitFor((s) => /tokens\s+none yet/.test(s) || /tokens\s+[\d,]+ input/.test(s), 'the /status block');
    console.log(`before the first request:\n${before}`);
    expect(before).toMatch(/tokens\s+none yet \(counted once a request is sent\)/);
    expect(before).toMatch(sandboxed ? /sandbox\s+workspace-write \(commands run in bubblewrap/ : /sandbox\s+none \(no sandbox could be had/);
    expect(before).toMatch(/totals\s+0 turns · 0 requests/);
    expect(idle).not.toMatch(/tok [\d.]+k? in/);
    literal('What is the difference between debounce and throttle?');
    keys('Enter');
    await waitFor((s) => s.includes('turn 1 ·'), 'the answer');
    literal('/status');
    keys('Enter');
    const after = await waitFor((s) => /tokens\s+[\d,]+ input/.test(s), 'the second /status block');
    // The figures are the generating request's, as the simulator reported them.
    const served = sim.log.responses().filter((e) => e.generate);
    expect(served).toHaveLength(1);
    expect(after).toContain(`${served[0]!.usage!.input.toLocaleString('en-US')} input`);
    expect(after).toMatch(/totals\s+1 turn · 1 request/);
  }, 60_000);

  it('/new starts a new session file; /exit leaves with the resume line; --resume alone picks among the sessions', async () => {
    sim = await createSimulator({ scenario: 'chat' });
    const cwd = workspace();
    const config = tempDir('wsagent-first-config-');
    let marker = startTui({ cwd, config, width: 100 });
    await waitFor((s) => /ws ● open/.test(s), 'an open socket');
    literal('What is the difference between debounce and throttle?');
    keys('Enter');
    await waitFor((s) => s.includes('turn 1 ·'), 'the first answer');
    const first = sessionIds(config);
    expect(first).toHaveLength(1);
    literal('/new');
    keys('Enter');
    const renewed = await waitFor((s) => s.includes('✓ new session'), 'the new session notice');
    const second = sessionIds(config).find((id) => id !== first[0]);
    expect(second).toBeDefined();
    expect(renewed.replace(/\s*\n\s*/g, ' ')).toContain(`✓ new session ${second} (the previous one continues with wsagent --resume ${first[0]})`);
    await waitFor((s) => /ws ● open/.test(s) && /tok –/.test(s), 'a fresh status bar on an open socket');
    literal('Explain event delegation in the DOM');
    keys('Enter');
    // The new session numbers its turns from 1 again.
    await waitFor((s) => s.split('turn 1 ·').length === 3, 'the answer in the new session');
    literal('/exit');
    keys('Enter');
    const exited = await waitFor(() => exitCode(marker) === '0', 'exit code 0 after /exit', 10_000).then(() => screen());
    expect(exited).toContain(`To continue this session: wsagent --resume ${second}`);
    // Each session file holds its own conversation.
    expect(readFileSync(sessionFile(config, first[0]!), 'utf8')).toContain('debounce and throttle');
    expect(readFileSync(sessionFile(config, first[0]!), 'utf8')).not.toContain('event delegation');
    expect(readFileSync(sessionFile(config, second!), 'utf8')).toContain('event delegation');
    expect(readFileSync(sessionFile(config, second!), 'utf8')).not.toContain('debounce and throttle');
    spawnSync('tmux', ['kill-session', '-t', SESSION]);

    // --resume alone: both sessions, newest first, with their first prompt and turns; ↓ Enter resumes the older.
    marker = startTui({ cwd, config, width: 100, args: '--resume' });
    const picker = await waitFor((s) => s.includes('Resume a session') && s.includes('Enter resumes'), 'the picker');
    console.log(`the --resume picker:\n${picker}`);
    const rows = picker.split('\n').filter((l) => /turns?\s+\S/.test(l) && /ago|just now/.test(l));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(/^› .*1 turn\s+Explain event delegation in the DOM/);
    expect(rows[1]).toMatch(/^ {2}.*1 turn\s+What is the difference between debounce and throttle\?/);
    keys('Down');
    await waitFor((s) => /› .*What is the difference/.test(s), 'the older session highlighted');
    keys('Enter');
    const resumed = await waitFor((s) => s.includes('end of the earlier conversation') && /ws ● open/.test(s), 'the resumed session');
    expect(resumed).toContain('› What is the difference between debounce and throttle?');
    literal('/quit');
    keys('Enter');
    await waitFor(() => exitCode(marker) === '0', 'exit code 0 after /quit', 10_000);
    expect(await waitFor((s) => s.includes('To continue this session'), 'the resume line')).toContain(`wsagent --resume ${first[0]}`);
  }, 90_000);

  it('--resume alone: Esc in the picker starts a new session; no session here is one line and exit 2', async () => {
    sim = await createSimulator({ scenario: 'chat' });
    const cwd = workspace();
    const config = tempDir('wsagent-first-config-');
    let marker = startTui({ cwd, config, width: 100, args: '--resume' });
    await waitFor(() => exitCode(marker) === '2', 'exit code 2 without sessions', 10_000);
    expect(screen()).toContain(`wsagent: no saved session for ${cwd} to resume`);
    spawnSync('tmux', ['kill-session', '-t', SESSION]);

    marker = startTui({ cwd, config, width: 100 });
    await waitFor((s) => /ws ● open/.test(s), 'an open socket');
    literal('What is the difference between debounce and throttle?');
    keys('Enter');
    await waitFor((s) => s.includes('turn 1 ·'), 'the answer');
    keys('C-d');
    await waitFor(() => exitCode(marker) === '0', 'exit code 0 after Ctrl-D', 10_000);
    spawnSync('tmux', ['kill-session', '-t', SESSION]);
    const before = sessionIds(config);

    marker = startTui({ cwd, config, width: 100, args: '--resume' });
    await waitFor((s) => s.includes('Resume a session'), 'the picker');
    keys('Escape');
    const fresh = await waitFor((s) => /ws ● open/.test(s) && s.includes('type a prompt'), 'a new session');
    expect(fresh).not.toContain('end of the earlier conversation');
    await waitFor(() => sessionIds(config).length === 2, 'a second session file');
    expect(sessionIds(config)).toEqual(expect.arrayContaining(before));
    // Quitting a session that holds no prompt: nothing to continue, so no resume line.
    keys('C-d');
    await waitFor(() => exitCode(marker) === '0', 'exit code 0', 10_000);
    expect(screen()).not.toContain('To continue this session');
  }, 90_000);
});

function sessionIds(config: string): string[] {
  const dir = join(config, 'sessions');
  return existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.jsonl'))
        .map((f) => f.slice(0, -'.jsonl'.length))
    : [];
}

const sessionFile = (config: string, id: string): string => join(config, 'sessions', `${id}.jsonl`);
const exitCode = (marker: string): string => (existsSync(marker) ? readFileSync(marker, 'utf8').trim() : '');
