// The TUI asks for attention as a person would notice it: the raw bytes that reach the terminal
// (tmux pipe-pane records them) carry OSC 9 when an approval waits and when the turn ends, and the
// notify program gets Codex's JSON for both. notifyAfterSeconds=0 makes every turn count as long.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../src/simulator/index.js';
import { BIN } from '../helpers/cli.js';
import { hasTmux, tmuxScreen } from '../helpers/tmux.js';

const SESSION = `wsagent-notify-${process.pid}`;
let sim: Simulator | undefined;
const cleanup: string[] = [];
afterEach(async () => {
  spawnSync('tmux', ['kill-session', '-t', SESSION]);
  await sim?.close();
  for (const dir of cleanup.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const { keys, waitFor } = tmuxScreen(SESSION);

async function until<T>(read: () => T | undefined, what: string): Promise<T> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const value = read();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`never saw ${what}`);
}

describe.skipIf(!hasTmux)(`TUI notifications${hasTmux ? '' : ' (skipped: tmux is not installed)'}`, () => {
  it('OSC 9 reaches the terminal and notify runs when an approval waits and when the turn ends', async () => {
    sim = await createSimulator({
      scenario: {
        name: 'one-command',
        description: '',
        steps: [{ calls: [{ name: 'run_command', arguments: { command: 'echo hi > hi.txt', timeout_ms: null } }] }, { message: 'Wrote hi.txt.' }],
      },
    });
    const config = mkdtempSync(join(tmpdir(), 'wsagent-tui-notify-'));
    const repo = mkdtempSync(join(tmpdir(), 'wsagent-tui-notify-repo-'));
    cleanup.push(config, repo);
    writeFileSync(join(repo, 'README.md'), 'x\n');
    const calls = join(config, 'calls.jsonl');
    const script = join(config, 'record.mjs');
    writeFileSync(
      script,
      `import { appendFileSync } from 'node:fs';\nappendFileSync(${JSON.stringify(calls)}, JSON.stringify({ payload: process.argv.at(-1), key: process.env.OPENAI_API_KEY ?? null }) + '\\n');\n`,
    );
    writeFileSync(join(config, 'config.json'), JSON.stringify({ notify: [process.execPath, script], notifications: 'osc9', notifyAfterSeconds: 0 }));
    const raw = join(config, 'terminal.raw');
    const command = `cd ${repo} && WSAGENT_BWRAP=/nonexistent OPENAI_API_KEY=sk-tui-notify-secret WSAGENT_CONFIG_DIR=${config} node ${BIN} --base-url ${sim.baseUrl}; sleep 30`;
    execFileSync('tmux', ['new-session', '-d', '-s', SESSION, '-x', '120', '-y', '40', command]);
    execFileSync('tmux', ['pipe-pane', '-O', '-t', SESSION, `cat >> ${raw}`]);
    await waitFor((s) => s.includes('›') && /ws ● open/.test(s), 'the prompt and an open socket');

    keys('write hi', 'Enter');
    await waitFor((s) => s.includes('echo hi'), 'the approval prompt');
    const asked = await until(
      () => (existsSync(raw) && readFileSync(raw, 'latin1').includes('\x1b]9;wsagent: approval needed: $ echo hi') ? true : undefined),
      'OSC 9 for the approval',
    );
    expect(asked).toBe(true);
    keys('y');
    await waitFor((s) => s.includes('Wrote hi.txt.'), 'the answer');
    await until(() => (readFileSync(raw, 'latin1').includes('\x1b]9;wsagent: done: Wrote hi.txt.\x07') ? true : undefined), 'OSC 9 for the end of the turn');

    const lines = await until(() => {
      const found = existsSync(calls) ? readFileSync(calls, 'utf8').trim().split('\n') : [];
      return found.length >= 2 ? found.map((l) => JSON.parse(l) as { payload: string; key: string | null }) : undefined;
    }, 'two notify runs');
    expect(lines.every((l) => l.key === null)).toBe(true);
    const payloads = lines.map((l) => JSON.parse(l.payload));
    expect(payloads[0]).toMatchObject({ type: 'approval-requested', 'turn-id': '1', tool: 'run_command' });
    expect(payloads[1]).toMatchObject({
      type: 'agent-turn-complete',
      'turn-id': '1',
      'input-messages': ['write hi'],
      'last-assistant-message': 'Wrote hi.txt.',
    });
    expect(payloads[1]['thread-id']).toBe(payloads[0]['thread-id']);
    expect(payloads[1]['thread-id']).toMatch(/\S/);
  }, 60_000);
});
