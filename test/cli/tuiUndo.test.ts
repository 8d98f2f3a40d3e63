// /undo in the real TUI (issue 20, point 1): a turn runs a command that writes out.txt and gen.txt
// and edits a.txt; the user then edits a.txt, gen.txt and b.txt by hand and creates mine.txt.
// /undo removes out.txt only, names a.txt and gen.txt as conflicts (left as the user made them),
// never touches b.txt or mine.txt, and /diff shows both conflicts. The same holds after --resume.
// And (point 5) a session resumed with a torn last line says so on screen.
import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSimulator, type Scenario, type Simulator } from '../../src/simulator/index.js';
import { BIN, runCli } from '../helpers/cli.js';
import { sandboxFlags } from '../helpers/sandboxAvailable.js';
import { hasTmux, tuiTestSession } from '../helpers/tmux.js';

let sim: Simulator | undefined;
const closeSimulator = async (): Promise<void> => {
  await sim?.close();
  sim = undefined;
};
const { session: SESSION, dirs, keys, waitFor, type: literal } = tuiTestSession('wsagent-undo', { timeoutMs: 30_000, cleanup: closeSimulator });

const SCENARIO: Scenario = {
  name: 'undo-conflict',
  description: 'a command writes out.txt, then a.txt is rewritten',
  steps: [
    {
      calls: [
        { name: 'run_command', arguments: { command: 'echo generated > out.txt && echo generated > gen.txt', timeout_ms: null } },
        { name: 'write_file', arguments: { path: 'a.txt', content: 'a by the agent\n' } },
      ],
    },
    { message: 'Wrote out.txt and a.txt.' },
  ],
};

describe.skipIf(!hasTmux)('/undo in the TUI', () => {
  it('reverts only what the turn changed and names the file the user changed since as a conflict', async () => {
    sim = await createSimulator({ scenario: SCENARIO });
    const repo = mkdtempSync(join(tmpdir(), 'wsagent-tui-undo-repo-'));
    const config = mkdtempSync(join(tmpdir(), 'wsagent-tui-undo-config-'));
    dirs.push(repo, config);
    writeFileSync(join(repo, 'a.txt'), 'a\n');
    writeFileSync(join(repo, 'b.txt'), 'b\n');
    execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: repo });
    execFileSync('git', ['add', '-A'], { cwd: repo });
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-q', '-m', 'initial'], { cwd: repo });
    const command = `cd ${repo} && OPENAI_API_KEY=sk-tui WSAGENT_CONFIG_DIR=${config} node ${BIN} --base-url ${sim.baseUrl} --approval full-auto ${sandboxFlags.join(' ')}; sleep 30`;
    execFileSync('tmux', ['new-session', '-d', '-s', SESSION, '-x', '120', '-y', '40', command]);
    await waitFor((s) => /ws ● open/.test(s), 'the prompt and an open socket');
    literal('write the files');
    keys('Enter');
    await waitFor((s) => s.includes('Wrote out.txt and a.txt.'), 'the final answer');
    expect(readFileSync(join(repo, 'out.txt'), 'utf8')).toBe('generated\n');

    // The user, by hand, after the turn.
    writeFileSync(join(repo, 'a.txt'), 'a by the agent, then by the user\n');
    writeFileSync(join(repo, 'b.txt'), 'b by the user\n');
    writeFileSync(join(repo, 'mine.txt'), 'mine\n');
    writeFileSync(join(repo, 'gen.txt'), 'generated, then kept by the user\n');

    literal('/undo');
    keys('Enter');
    const screen = await waitFor((s) => s.includes('Undid the changes of turn 1'), 'the undo report');
    console.log(`the undo report:\n${screen}`);
    expect(screen).toContain('Undid the changes of turn 1, except 2 files changed since');
    expect(screen).toContain('removed   out.txt');
    expect(screen).toContain('conflict  a.txt: changed after turn 1, left as it is (/diff shows it)');
    expect(screen).toContain('conflict  gen.txt: changed after turn 1, left as it is (/diff shows it)');
    expect(screen).not.toMatch(/restored|b\.txt|mine\.txt/);
    expect(existsSync(join(repo, 'out.txt'))).toBe(false);
    expect(readFileSync(join(repo, 'a.txt'), 'utf8')).toBe('a by the agent, then by the user\n');
    expect(readFileSync(join(repo, 'b.txt'), 'utf8')).toBe('b by the user\n');
    expect(readFileSync(join(repo, 'mine.txt'), 'utf8')).toBe('mine\n');
    expect(readFileSync(join(repo, 'gen.txt'), 'utf8')).toBe('generated, then kept by the user\n');

    literal('/diff');
    keys('Enter');
    // Both conflicts are in /diff: a.txt (tracked) and gen.txt (untracked).
    await waitFor((s) => s.includes('+a by the agent, then by the user') && s.includes('+generated, then kept by the user'), 'the diff of a.txt and gen.txt');
  }, 90_000);
});

describe.skipIf(!hasTmux)('a repaired session in the TUI', () => {
  it('--resume of a session with a torn last line shows a notice saying what was set aside', async () => {
    sim = await createSimulator({ scenario: 'chat' });
    const repo = mkdtempSync(join(tmpdir(), 'wsagent-tui-torn-repo-'));
    const config = mkdtempSync(join(tmpdir(), 'wsagent-tui-torn-config-'));
    dirs.push(repo, config);
    const env = { OPENAI_API_KEY: 'sk-tui', WSAGENT_CONFIG_DIR: config, OPENAI_BASE_URL: '', WSAGENT_MODEL: '' };
    // Asynchronous: the simulator runs in this process.
    expect((await runCli(['exec', '--base-url', sim.baseUrl, '-C', repo, 'hello'], { env, timeoutMs: 30_000 })).code).toBe(0);
    const file = readdirSync(join(config, 'sessions')).find((f) => f.endsWith('.jsonl'))!;
    appendFileSync(join(config, 'sessions', file), '{"t":"item","origin":"model","item":{"type":"mess');
    const command = `cd ${repo} && OPENAI_API_KEY=sk-tui WSAGENT_CONFIG_DIR=${config} node ${BIN} --base-url ${sim.baseUrl} --resume last; sleep 30`;
    execFileSync('tmux', ['new-session', '-d', '-s', SESSION, '-x', '140', '-y', '40', command]);
    const screen = await waitFor((s) => s.includes('was repaired'), 'the repair notice');
    expect(screen.replace(/\s*\n\s*/g, ' ')).toContain(`was repaired: its last line (line`);
    expect(screen.replace(/\s*\n\s*/g, '')).toContain(`${file}.torn`);
  }, 60_000);
});

describe.skipIf(!hasTmux)('/undo after --resume', () => {
  it('undoing a turn of the earlier process that only wrote a.txt touches only a.txt, not what the user did between the sessions', async () => {
    const scenario: Scenario = {
      name: 'patch-a',
      description: 'one write of a.txt',
      steps: [{ calls: [{ name: 'write_file', arguments: { path: 'a.txt', content: 'a by the agent\n' } }] }, { message: 'Wrote a.txt.' }],
    };
    sim = await createSimulator({ scenario });
    const repo = mkdtempSync(join(tmpdir(), 'wsagent-tui-resume-undo-repo-'));
    const config = mkdtempSync(join(tmpdir(), 'wsagent-tui-resume-undo-config-'));
    dirs.push(repo, config);
    writeFileSync(join(repo, 'a.txt'), 'a\n');
    writeFileSync(join(repo, 'b.txt'), 'b\n');
    execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: repo });
    execFileSync('git', ['add', '-A'], { cwd: repo });
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-q', '-m', 'initial'], { cwd: repo });
    const env = { OPENAI_API_KEY: 'sk-tui', WSAGENT_CONFIG_DIR: config, OPENAI_BASE_URL: '', WSAGENT_MODEL: '' };
    const first = await runCli(['exec', '--approval', 'full-auto', ...sandboxFlags, '--base-url', sim.baseUrl, '-C', repo, 'write a'], {
      env,
      timeoutMs: 30_000,
    });
    expect(first.code).toBe(0);
    expect(readFileSync(join(repo, 'a.txt'), 'utf8')).toBe('a by the agent\n');
    // Between the sessions, by hand.
    writeFileSync(join(repo, 'b.txt'), 'b edited between the sessions\n');
    writeFileSync(join(repo, 'user-new.txt'), 'made between the sessions\n');

    const command = `cd ${repo} && OPENAI_API_KEY=sk-tui WSAGENT_CONFIG_DIR=${config} node ${BIN} --base-url ${sim.baseUrl} --resume last; sleep 30`;
    execFileSync('tmux', ['new-session', '-d', '-s', SESSION, '-x', '120', '-y', '40', command]);
    await waitFor((s) => /ws ● open/.test(s), 'the resumed session');
    literal('/undo');
    keys('Enter');
    const screen = await waitFor((s) => s.includes('Undid the changes of turn 1'), 'the undo report');
    expect(screen).toContain('restored  a.txt');
    expect(screen).not.toMatch(/b\.txt|user-new\.txt|conflict/);
    expect(readFileSync(join(repo, 'a.txt'), 'utf8')).toBe('a\n');
    expect(readFileSync(join(repo, 'b.txt'), 'utf8')).toBe('b edited between the sessions\n');
    expect(readFileSync(join(repo, 'user-new.txt'), 'utf8')).toBe('made between the sessions\n');
  }, 60_000);
});
