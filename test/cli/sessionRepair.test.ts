// Sessions that never lose themselves (issue 20, points 5–8), with the real CLI against the
// simulator: a torn last line is set aside in a .torn file and reported once; a session whose
// function_call line is unreadable resumes; a live session has one writer; finished sub-agents'
// answers survive a kill -9.
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator, type Scenario, type Simulator } from '../../src/simulator/index.js';
import { runCli } from '../helpers/cli.js';
import { sandboxFlags } from '../helpers/sandboxAvailable.js';
import { spawnWatched } from '../helpers/killableCli.js';

const sims: Simulator[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const sim of sims.splice(0)) await sim.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function setup() {
  const configDir = mkdtempSync(join(tmpdir(), 'wsagent-repair-config-'));
  const repo = mkdtempSync(join(tmpdir(), 'wsagent-repair-repo-'));
  dirs.push(configDir, repo);
  writeFileSync(join(repo, 'README.md'), 'repair test\n');
  const env = { OPENAI_API_KEY: 'sk-repair-test', WSAGENT_CONFIG_DIR: configDir, OPENAI_BASE_URL: '', WSAGENT_MODEL: '' };
  return { configDir, repo, env };
}

async function sim(scenario: Scenario | string, profile?: string): Promise<Simulator> {
  const s = await createSimulator({ scenario, ...(profile && { profile }) });
  sims.push(s);
  return s;
}

const events = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

const sessionPath = (configDir: string, id: string) => join(configDir, 'sessions', `${id}.jsonl`);

const WRITE_THEN_ANSWER: Scenario = {
  name: 'write-then-answer',
  description: 'one tool call per turn, then an answer',
  steps: [
    { calls: [{ name: 'read_file', arguments: { path: 'README.md', start_line: null, end_line: null } }] },
    { message: 'Read it.' },
    { calls: [{ name: 'read_file', arguments: { path: 'README.md', start_line: null, end_line: null } }] },
    { message: 'Read it again.' },
    { calls: [{ name: 'read_file', arguments: { path: 'README.md', start_line: null, end_line: null } }] },
    { message: 'Read it a third time.' },
  ],
};

describe('a torn last line (a crash mid-write)', () => {
  it('is set aside in a .torn file, the next line starts on its own line, and it is reported once: JSON event, stderr warning', async () => {
    const { configDir, repo, env } = setup();
    const s = await sim(WRITE_THEN_ANSWER);
    const common = ['exec', '--approval', 'full-auto', ...sandboxFlags, '--base-url', s.baseUrl, '-C', repo];
    const first = await runCli([...common, '--json', 'read the readme'], { env, timeoutMs: 30_000 });
    expect(first.code).toBe(0);
    const id = String(events(first.stdout)[0]!.sessionId);
    const path = sessionPath(configDir, id);
    const fragment = '{"t":"item","origin":"model","item":{"type":"message","id":"msg_60a0';
    appendFileSync(path, fragment);
    const linesBefore = readFileSync(path, 'utf8').split('\n').length;

    const resumed = await runCli([...common, '--json', '--resume', id, 'read it again'], { env, timeoutMs: 30_000 });
    expect(resumed.code).toBe(0);
    const repaired = events(resumed.stdout).filter((e) => e.type === 'error' && e.code === 'session_repaired');
    expect(repaired).toHaveLength(1);
    expect(repaired[0]).toMatchObject({
      fatal: false,
      message: `session ${id} was repaired: its last line (line ${linesBefore}) was cut off by a crash mid-write; its ${fragment.length} bytes were kept in ${path}.torn`,
    });
    expect(readFileSync(`${path}.torn`, 'utf8')).toBe(`${fragment}\n`);
    // Every line of the session is whole again, and the turn numbering goes on (turn 2).
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    expect(events(resumed.stdout).find((e) => e.type === 'turn.started')).toMatchObject({ turn: 2 });

    // Reported once: the next resume says nothing; in plain text the report is a `warning:` line on stderr.
    const third = await runCli([...common, '--resume', id, 'and again'], { env, timeoutMs: 30_000 });
    expect(third.code).toBe(0);
    expect(third.stderr).not.toContain('repaired');
  }, 60_000);

  it('unreadable lines are reported with their numbers, as a warning on stderr in plain text, once', async () => {
    const { configDir, repo, env } = setup();
    const s = await sim(WRITE_THEN_ANSWER);
    const common = ['exec', '--approval', 'full-auto', ...sandboxFlags, '--base-url', s.baseUrl, '-C', repo];
    const first = await runCli([...common, '--json', 'read the readme'], { env, timeoutMs: 30_000 });
    const id = String(events(first.stdout)[0]!.sessionId);
    const path = sessionPath(configDir, id);
    // A line in the middle that cannot be read: a `response` record garbled on disk.
    const lines = readFileSync(path, 'utf8').split('\n');
    const at = lines.findIndex((l) => l.startsWith('{"t":"response"'));
    lines[at] = '{"t":"response","rec\u0000garbled';
    writeFileSync(path, lines.join('\n'));

    const resumed = await runCli([...common, '--resume', id, 'read it again'], { env, timeoutMs: 30_000 });
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toContain(`warning: session ${id} was repaired: 1 line could not be read and was skipped (line ${at + 1})`);
    const again = await runCli([...common, '--resume', id, 'and again'], { env, timeoutMs: 30_000 });
    expect(again.code).toBe(0);
    expect(again.stderr).not.toContain('repaired');
  }, 60_000);
});

describe('a corrupt function_call line', () => {
  it('does not make the session unresumable: its output is left out, and that is reported', async () => {
    const { configDir, repo, env } = setup();
    const s = await sim(WRITE_THEN_ANSWER);
    const common = ['exec', '--json', '--approval', 'full-auto', ...sandboxFlags, '--base-url', s.baseUrl, '-C', repo];
    const first = await runCli([...common, 'read the readme'], { env, timeoutMs: 30_000 });
    const id = String(events(first.stdout)[0]!.sessionId);
    const path = sessionPath(configDir, id);
    const lines = readFileSync(path, 'utf8').split('\n');
    const at = lines.findIndex((l) => l.includes('"type":"function_call"'));
    const callId = /"call_id":"([^"]+)"/.exec(lines[at]!)![1]!;
    lines[at] = lines[at]!.slice(0, 40); // cut mid-JSON, in the middle of the file
    writeFileSync(path, lines.join('\n'));

    const fresh = await sim(WRITE_THEN_ANSWER);
    const resumed = await runCli(
      ['exec', '--json', '--approval', 'full-auto', ...sandboxFlags, '--base-url', fresh.baseUrl, '-C', repo, '--resume', id, 'read it again'],
      {
        env,
        timeoutMs: 30_000,
      },
    );
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    expect(fresh.log.responses().every((e) => e.status === 'completed')).toBe(true);
    const repaired = events(resumed.stdout).find((e) => e.code === 'session_repaired');
    expect(String(repaired?.message)).toContain(
      `1 line could not be read and was skipped (line ${at + 1}); 1 tool output whose call could not be read was left out (call ${callId})`,
    );
  }, 60_000);
});

describe('one writer per session', () => {
  it('a second resume of a live session is refused with a clear message; after a kill -9 the session resumes', async () => {
    const { configDir, repo, env } = setup();
    const slow: Scenario = {
      name: 'slow',
      description: 'a long command',
      steps: [{ calls: [{ name: 'run_command', arguments: { command: 'sleep 60', timeout_ms: null } }] }, { message: 'done' }, { message: 'resumed' }],
    };
    const s = await sim(slow);
    const common = ['exec', '--json', '--approval', 'full-auto', ...sandboxFlags, '--base-url', s.baseUrl, '-C', repo];
    const a = spawnWatched([...common, 'run the long step'], { env });
    try {
      const started = await a.waitFor((e) => e.type === 'session.started');
      await a.waitFor((e) => e.type === 'tool.started');
      const id = String(started.sessionId);
      const before = readFileSync(sessionPath(configDir, id), 'utf8');
      const b = await runCli([...common, '--resume', id, 'from B'], { env, timeoutMs: 30_000 });
      expect(b.code).toBe(2);
      expect(b.stderr).toBe(
        `wsagent: session ${id} is in use by another wsagent (pid ${a.child.pid}); two processes writing one session would interleave it. Wait for that one to finish, or start a new session (without --resume)\n`,
      );
      expect(readFileSync(sessionPath(configDir, id), 'utf8')).toBe(before);
      a.child.kill('SIGKILL');
      await a.exited;
      // The lock of a process that is gone is stale: the session is the next process's.
      const c = await runCli([...common, '--resume', id, 'from C'], { env, timeoutMs: 30_000 });
      expect(c.code).toBe(0);
      expect(existsSync(`${sessionPath(configDir, id)}.lock`)).toBe(false);
    } finally {
      a.child.kill('SIGKILL');
    }
  }, 60_000);
});

describe('kill -9 during sub-agents', () => {
  const tasks = ['alpha', 'beta', 'gamma', 'delta'].map((n) => ({ name: `task-${n}`, prompt: `Do TASK-${n.toUpperCase()} and answer.` }));
  const answer = (n: string) => `Answer from ${n}: all good.`;
  const scenario: Scenario = {
    name: 'sub-agents-killed',
    description: 'three quick sub-agents and a slow one',
    steps: [
      { calls: [{ name: 'spawn_agents', arguments: { tasks } }] },
      { expect: { contains: ['alpha', 'beta', 'gamma'].map(answer) }, message: 'Merged the three answers.' },
    ],
    branches: [
      ...['alpha', 'beta', 'gamma'].map((n) => ({ name: n, when: { contains: `TASK-${n.toUpperCase()}` }, steps: [{ message: answer(n) }] })),
      // Slow: a long answer streamed at a few tokens a second.
      { name: 'delta', when: { contains: 'TASK-DELTA' }, steps: [{ message: `${'slow '.repeat(400)}done` }] },
    ],
  };

  it('uses the answers of the sub-agents that had finished; only the unfinished one is reported lost', async () => {
    const { configDir, repo, env } = setup();
    const first = await sim(scenario, 'local,tokens_per_second=20');
    const common = ['exec', '--json', '--approval', 'full-auto', ...sandboxFlags, '-C', repo];
    const run = spawnWatched([...common, '--base-url', first.baseUrl, 'split the work'], { env });
    const started = await run.waitFor((e) => e.type === 'session.started');
    for (const n of ['alpha', 'beta', 'gamma']) await run.waitFor((e) => e.type === 'agent.completed' && e.agent === `task-${n}`, 30_000);
    run.child.kill('SIGKILL');
    await run.exited;

    const fresh = await sim(scenario);
    const resumed = await runCli([...common, '--base-url', fresh.baseUrl, '--resume', String(started.sessionId), 'go on'], { env, timeoutMs: 30_000 });
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    // The scenario's next step checks the wire: the three answers are in the spawn_agents output.
    expect(events(resumed.stdout).at(-1)).toMatchObject({ type: 'session.completed', finalMessage: 'Merged the three answers.' });
    const file = readFileSync(sessionPath(configDir, String(started.sessionId)), 'utf8');
    const output = file
      .split('\n')
      .filter((l) => l.includes('"t":"item"') && l.includes('function_call_output'))
      .map((l) => (JSON.parse(l) as { item: { output: string } }).item.output)
      .at(-1)!;
    expect(output).toBe(
      [
        `## task-alpha\n${answer('alpha')}`,
        `## task-beta\n${answer('beta')}`,
        `## task-gamma\n${answer('gamma')}`,
        '## task-delta (lost: wsagent stopped before this sub-agent finished, so its effects may be partial)\n(no answer)',
      ].join('\n\n'),
    );
  }, 90_000);
});
