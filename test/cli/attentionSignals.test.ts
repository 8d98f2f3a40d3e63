// The TUI's attention signals in process: which events ring the terminal (and with which bytes),
// and the notify program, run for real, receiving Codex's JSON as its last argument, detached, with
// no API key in its environment; a program that cannot run is logged, never thrown.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../src/agent/events.js';
import { attentionSignals } from '../../src/cli/attentionSignals.js';
import { notifyProgram } from '../../src/cli/notifyProgram.js';
import { terminalAlertBytes, terminalAlertKind } from '../../src/cli/terminalAlert.js';
import { findProjectConfig } from '../../src/config/projectConfig.js';
import { resolveSettings } from '../../src/config/settings.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'wsagent-notify-'));
  dirs.push(dir);
  return dir;
}

/** A notify program that records its arguments and whether it saw the key, one JSON line per run. */
function recorder(dir: string): { argv: string[]; out: string } {
  const script = join(dir, 'record.mjs');
  const out = join(dir, 'calls.jsonl');
  writeFileSync(
    script,
    `import { appendFileSync } from 'node:fs';\nappendFileSync(${JSON.stringify(out)}, JSON.stringify({ args: process.argv.slice(2), key: process.env.OPENAI_API_KEY ?? null }) + '\\n');\n`,
  );
  return { argv: [process.execPath, script, '--from-wsagent'], out };
}

async function lines(file: string, count: number): Promise<Array<{ args: string[]; key: string | null }>> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (existsSync(file)) {
      const found = readFileSync(file, 'utf8').trim().split('\n').filter(Boolean);
      if (found.length >= count) return found.map((l) => JSON.parse(l));
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`the notify program never wrote ${count} line(s) to ${file}`);
}

const turn = (wallMs: number, status: 'completed' | 'cancelled' = 'completed'): AgentEvent => ({
  type: 'turn.completed',
  turn: 1,
  status,
  finalMessage: 'All 12 tests pass now.',
  timings: { wallMs, requests: 3, toolMs: 100, overheadMs: 1 },
});

describe('attention signals', () => {
  it('ring after a long turn and for an approval, and run notify with the Codex JSON and no key', async () => {
    const dir = tempDir();
    const { argv, out } = recorder(dir);
    const written: string[] = [];
    const env = { ...process.env, OPENAI_API_KEY: 'sk-never-for-notify-1234' };
    const listener = attentionSignals({
      terminal: 'osc9',
      write: (b) => written.push(b),
      notify: notifyProgram({ argv, cwd: dir, logFile: join(dir, 'notify.log'), env }),
      minTurnMs: 5_000,
      cwd: '/work/project',
    });
    listener({ type: 'session.started', sessionId: 'sess-1', model: 'gpt-5.2', transport: 'ws', cwd: dir, approval: 'suggest', sandbox: 'workspace-write' });
    listener({ type: 'turn.started', turn: 1, prompt: 'fix the failing tests' });
    listener({ type: 'tool.approval_required', callId: 'call_9', name: 'run_command', args: {}, display: '$ npm test', reason: 'commands ask' });
    listener(turn(4_999));
    expect(written).toEqual(['\x1b]9;wsagent: approval needed: $ npm test\x07']);
    listener(turn(5_000));
    expect(written[1]).toBe('\x1b]9;wsagent: done: All 12 tests pass now.\x07');

    const calls = await lines(out, 2);
    expect(calls.every((c) => c.key === null)).toBe(true);
    expect(calls.every((c) => c.args[0] === '--from-wsagent' && c.args.length === 2)).toBe(true);
    const payloads = calls.map((c) => JSON.parse(c.args[1]!));
    expect(payloads).toContainEqual({
      type: 'agent-turn-complete',
      'thread-id': 'sess-1',
      'turn-id': '1',
      cwd: '/work/project',
      'input-messages': ['fix the failing tests'],
      'last-assistant-message': 'All 12 tests pass now.',
    });
    expect(payloads).toContainEqual(expect.objectContaining({ type: 'approval-requested', 'thread-id': 'sess-1', 'call-id': 'call_9', tool: 'run_command' }));
  });

  it('stay quiet for a short turn, a cancelled one and a sub-agent, and ring BEL where asked', () => {
    const written: string[] = [];
    const listener = attentionSignals({ terminal: 'bell', write: (b) => written.push(b), notify: null, minTurnMs: 10_000, cwd: '/w' });
    listener(turn(9_000));
    listener(turn(60_000, 'cancelled'));
    listener({ ...turn(60_000), agent: 'review-1' } as AgentEvent);
    expect(written).toEqual([]);
    listener(turn(10_000));
    expect(written).toEqual(['\x07']);
  });

  it('log a notify program that cannot run instead of failing', async () => {
    const dir = tempDir();
    const log = join(dir, 'notify.log');
    notifyProgram({ argv: [join(dir, 'no-such-program')], cwd: dir, logFile: log })({ type: 'agent-turn-complete' });
    const deadline = Date.now() + 5_000;
    while (!existsSync(log) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    expect(readFileSync(log, 'utf8')).toMatch(/notify: cannot run .*no-such-program: .*ENOENT/);
  });
});

describe('terminal alert', () => {
  it('picks OSC 9 for terminals that show it and BEL elsewhere (auto)', () => {
    expect(terminalAlertKind('auto', { TERM_PROGRAM: 'iTerm.app' })).toBe('osc9');
    expect(terminalAlertKind('auto', { TERM_PROGRAM: 'WezTerm' })).toBe('osc9');
    expect(terminalAlertKind('auto', { TERM: 'xterm-kitty' })).toBe('osc9');
    expect(terminalAlertKind('auto', { TERM_PROGRAM: 'tmux' })).toBe('bell');
    expect(terminalAlertKind('auto', { TERM_PROGRAM: 'WezTerm', TMUX: '/tmp/tmux-0/default,1,0' })).toBe('bell');
    expect(terminalAlertKind('auto', { WT_SESSION: 'abc', TERM: 'xterm-256color' })).toBe('bell');
    expect(terminalAlertKind('auto', { TERM_PROGRAM: 'Apple_Terminal' })).toBe('bell');
    expect(terminalAlertKind('off', { TERM_PROGRAM: 'iTerm.app' })).toBe('off');
    // A message cannot end the sequence early or start another.
    expect(terminalAlertBytes('osc9', 'done:\x1b]0;evil\x07 ok')).toBe('\x1b]9;done: ]0;evil ok\x07');
  });
});

describe('the settings', () => {
  it('take the documented values, an argv list for notify, and refuse others in one line', () => {
    const { settings } = resolveSettings(
      { notify: ['notify-send', '--app-name=wsagent'], notifications: 'bell' },
      { WSAGENT_NOTIFY_AFTER_SECONDS: '2.5', WSAGENT_WEB_SEARCH: 'cached' },
      {},
    );
    expect(settings).toMatchObject({ notify: ['notify-send', '--app-name=wsagent'], notifications: 'bell', notifyAfterSeconds: 2.5, webSearch: 'cached' });
    expect(resolveSettings({}, {}, {}).settings).toMatchObject({ notify: [], notifications: 'auto', notifyAfterSeconds: 10, webSearch: 'off' });
    expect(() => resolveSettings({ notifications: 'loud' }, {}, {})).toThrow('notifications must be one of auto, bell, osc9, off; got "loud"');
    expect(() => resolveSettings({}, { WSAGENT_WEB_SEARCH: 'always' }, {})).toThrow('webSearch must be one of off, cached, live');
    expect(() => resolveSettings({ notifyAfterSeconds: -1 }, {}, {})).toThrow('notifyAfterSeconds must be a number of seconds ≥ 0');
  });

  it('cannot come from a repository: its config may not start a program', () => {
    const repo = tempDir();
    mkdirSync(join(repo, '.wsagent'));
    writeFileSync(join(repo, '.wsagent', 'config.json'), JSON.stringify({ notify: ['sh', '-c', 'curl evil'] }));
    expect(() => findProjectConfig(repo, repo)).toThrow(/may not set "notify"/);
  });
});
