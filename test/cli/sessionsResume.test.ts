// Sessions across processes: undo survives a crash and a resume, `--resume last` stays in its
// workspace, and `wsagent sessions prune` removes old sessions with their undo snapshots.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator, type Scenario, type Simulator } from '../../src/simulator/index.js';
import { createWorkspaceSnapshots, dataDirNamespace } from '../../src/tools/snapshots/index.js';
import { runCli } from '../helpers/cli.js';
import { git } from '../helpers/fixtureRepo.js';
import { spawnWatched } from '../helpers/killableCli.js';
import { sandboxFlags } from '../helpers/sandboxAvailable.js';

const sims: Simulator[] = [];
afterEach(async () => {
  for (const sim of sims.splice(0)) await sim.close();
});

function gitRepo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'wsagent-sessions-repo-'));
  writeFileSync(join(dir, 'README.md'), 'repo\n');
  git(dir, ['init', '-q', '-b', 'main']);
  git(dir, ['add', '-A']);
  git(dir, ['commit', '-q', '-m', 'initial']);
  return dir;
}

function setup() {
  const configDir = mkdtempSync(join(tmpdir(), 'wsagent-sessions-config-'));
  const env = { OPENAI_API_KEY: 'sk-sessions-test', WSAGENT_CONFIG_DIR: configDir, OPENAI_BASE_URL: '', WSAGENT_MODEL: '' };
  return { configDir, env };
}

const write = (content: string) => ({ name: 'write_file', arguments: { path: 'notes.txt', content } });

describe('undo after a crash and a resume', () => {
  it('turn numbers continue from the session file, the refs survive every exit, and undo goes back through the crashed turns', async () => {
    const scenario: Scenario = {
      name: 'three-turns',
      description: 'one write per turn; the second turn is killed during a slow command',
      steps: [
        { calls: [write('one\n')] },
        { message: 'Wrote one.' },
        { calls: [write('two\n'), { name: 'run_command', arguments: { command: 'sleep 4', timeout_ms: null } }] },
        { calls: [write('three\n')] },
        { message: 'Wrote three.' },
      ],
    };
    const { configDir, env } = setup();
    const repo = gitRepo();
    const sim = await createSimulator({ scenario });
    sims.push(sim);
    const common = ['exec', '--json', '--approval', 'full-auto', ...sandboxFlags, '--base-url', sim.baseUrl, '-C', repo];
    const first = spawnWatched([...common, 'write one', 'write two'], { env });
    const namespace = dataDirNamespace(configDir);
    const started = await first.waitFor((e) => e.type === 'session.started');
    await first.waitFor((e) => e.type === 'tool.started' && String(e.display).includes('sleep'));
    first.child.kill('SIGKILL');
    await first.exited;
    const sessionId = String(started.sessionId);
    expect(readFileSync(join(repo, 'notes.txt'), 'utf8')).toBe('two\n');

    const resumed = await runCli([...common, '--resume', 'last', 'write three'], { env, timeoutMs: 30_000 });
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    const events = resumed.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(events.find((e) => e.type === 'session.started')).toMatchObject({ sessionId });
    // The resumed process's first turn is the session's third.
    expect(events.find((e) => e.type === 'turn.started')).toMatchObject({ turn: 3 });
    expect(readFileSync(join(repo, 'notes.txt'), 'utf8')).toBe('three\n');
    // A clean exit keeps the refs: the session can still be resumed.
    const refs = git(repo, ['for-each-ref', '--format=%(refname)', 'refs/wsagent']).trim().split('\n').sort();
    expect(refs).toEqual([1, 2, 3].map((t) => `refs/wsagent/${namespace}/snapshots/${sessionId}/${t}`));

    // What /undo does in a later resume of the session: back through turn 3, the crashed turn 2, and turn 1.
    const undo = await createWorkspaceSnapshots(repo, { sessionId, namespace });
    expect(await undo.undo()).toMatchObject({ turn: 3, restored: ['notes.txt'] });
    expect(readFileSync(join(repo, 'notes.txt'), 'utf8')).toBe('two\n');
    expect(await undo.undo()).toMatchObject({ turn: 2, restored: ['notes.txt'] });
    expect(readFileSync(join(repo, 'notes.txt'), 'utf8')).toBe('one\n');
    expect(await undo.undo()).toMatchObject({ turn: 1, removed: ['notes.txt'] });
    expect(existsSync(join(repo, 'notes.txt'))).toBe(false);
    await undo.close();
  }, 60_000);

  it('a failed resume leaves the session and its refs alone', async () => {
    const { configDir, env } = setup();
    const repo = gitRepo();
    const sim = await createSimulator({ scenario: { name: 'one', description: '', steps: [{ calls: [write('one\n')] }, { message: 'ok' }] } });
    sims.push(sim);
    const r = await runCli(['exec', '--json', '--approval', 'full-auto', ...sandboxFlags, '--base-url', sim.baseUrl, '-C', repo, 'write one'], {
      env,
      timeoutMs: 30_000,
    });
    expect(r.code).toBe(0);
    const refsBefore = git(repo, ['for-each-ref', '--format=%(refname)', 'refs/wsagent']).trim();
    expect(refsBefore).toMatch(new RegExp(`^refs/wsagent/${dataDirNamespace(configDir)}/snapshots/[^/]+/1$`));
    const failed = await runCli(['exec', '--base-url', 'http://127.0.0.1:9/v1', '--transport', 'http', '-C', repo, '--resume', 'last', 'again'], {
      env,
      timeoutMs: 30_000,
    });
    expect(failed.code).not.toBe(0);
    expect(git(repo, ['for-each-ref', '--format=%(refname)', 'refs/wsagent']).trim()).toBe(refsBefore);
    expect(readdirSync(join(configDir, 'sessions'))).toHaveLength(1);
  }, 60_000);
});

describe('--resume last and `wsagent sessions` per workspace', () => {
  it('--resume last takes the latest session of this workspace; sessions marks them; --resume ID takes any', async () => {
    const { env } = setup();
    const sim = await createSimulator({ scenario: 'chat' });
    sims.push(sim);
    const a = mkdtempSync(join(tmpdir(), 'wsagent-ws-a-'));
    const b = mkdtempSync(join(tmpdir(), 'wsagent-ws-b-'));
    const c = mkdtempSync(join(tmpdir(), 'wsagent-ws-c-'));
    const idOf = (stdout: string) => String((JSON.parse(stdout.split('\n')[0]!) as { sessionId: string }).sessionId);
    const inA = await runCli(['exec', '--json', '--base-url', sim.baseUrl, '-C', a, 'hello from a'], { env });
    expect(inA.code).toBe(0);
    const inB = await runCli(['exec', '--json', '--base-url', sim.baseUrl, '-C', b, 'hello from b'], { env });
    expect(inB.code).toBe(0);
    const [idA, idB] = [idOf(inA.stdout), idOf(inB.stdout)];
    expect(idA).not.toBe(idB);

    // B's session is the newest overall, but in A `last` means A's.
    const again = await runCli(['exec', '--json', '--base-url', sim.baseUrl, '-C', a, '--resume', 'last', 'again'], { env });
    expect(again.code).toBe(0);
    expect(idOf(again.stdout)).toBe(idA);

    const listed = await runCli(['sessions', '-C', a], { env });
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(new RegExp(`^\\* ${idA} `, 'm'));
    expect(listed.stdout).toMatch(new RegExp(`^  ${idB} `, 'm'));
    // How many prompts each holds, and the first one.
    expect(listed.stdout).toMatch(new RegExp(`^\\* ${idA} .* 2 turns  ${a}\n {6}hello from a\n`, 'm'));
    expect(listed.stdout).toMatch(new RegExp(`^  ${idB} .* 1 turn  ${b}\n {6}hello from b\n`, 'm'));

    const any = await runCli(['exec', '--json', '--base-url', sim.baseUrl, '-C', a, '--resume', idB, 'over here'], { env });
    expect(any.code).toBe(0);
    expect(idOf(any.stdout)).toBe(idB);

    const none = await runCli(['exec', '--base-url', sim.baseUrl, '-C', c, '--resume', 'last', 'nothing here'], { env });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(
      /^wsagent: no saved session for .*wsagent-ws-c-.* \(2 in other directories: `wsagent sessions` lists them, `--resume ID` takes any\)\n$/,
    );
  }, 60_000);
});

describe('wsagent sessions prune', () => {
  it('never removes the session of a wsagent that is running (here in a long command), however old its file looks', async () => {
    const { configDir, env } = setup();
    const repo = gitRepo();
    const scenario: Scenario = {
      name: 'long-command',
      description: 'a command that runs for a long time',
      steps: [{ calls: [{ name: 'run_command', arguments: { command: 'sleep 60', timeout_ms: null } }] }, { message: 'done' }],
    };
    const sim = await createSimulator({ scenario });
    sims.push(sim);
    const running = spawnWatched(['exec', '--json', '--approval', 'full-auto', ...sandboxFlags, '--base-url', sim.baseUrl, '-C', repo, 'run the long step'], {
      env,
    });
    try {
      const started = await running.waitFor((e) => e.type === 'session.started');
      await running.waitFor((e) => e.type === 'tool.started');
      const file = join(configDir, 'sessions', `${String(started.sessionId)}.jsonl`);
      const twoMinutesAgo = new Date(Date.now() - 120_000);
      utimesSync(file, twoMinutesAgo, twoMinutesAgo);
      const r = await runCli(['sessions', 'prune', '--older-than', '1m', '-C', repo], { env });
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`kept ${String(started.sessionId)}: in use by a running wsagent (pid ${running.child.pid})\n`);
      expect(r.stdout).toContain('no session unused for more than 1m; 1 kept\n');
      expect(existsSync(file)).toBe(true);
    } finally {
      running.child.kill('SIGKILL');
      await running.exited;
    }
  }, 60_000);

  it('removes sessions unused for longer than --older-than, with their undo snapshots, and says what it removed', async () => {
    const { configDir, env } = setup();
    const repo = gitRepo();
    const sessions = join(configDir, 'sessions');
    mkdirSync(sessions, { recursive: true });
    const header = (id: string) => `${JSON.stringify({ t: 'session', v: 1, id, createdAt: '2026-01-01T00:00:00.000Z', model: 'gpt-5.2', cwd: repo })}\n`;
    writeFileSync(join(sessions, '20260101-000000-oldoldol.jsonl'), header('20260101-000000-oldoldol'));
    writeFileSync(join(sessions, '20261101-000000-newnewne.jsonl'), header('20261101-000000-newnewne'));
    const longAgo = new Date(Date.now() - 45 * 86_400_000);
    utimesSync(join(sessions, '20260101-000000-oldoldol.jsonl'), longAgo, longAgo);
    const head = git(repo, ['rev-parse', 'HEAD']).trim();
    const root = `refs/wsagent/${dataDirNamespace(configDir)}/snapshots`;
    for (const ref of ['20260101-000000-oldoldol/1', '20260101-000000-oldoldol/2', '20261101-000000-newnewne/1', 'gone-session/4']) {
      execFileSync('git', ['update-ref', `${root}/${ref}`, head], { cwd: repo });
    }
    // Another data directory's session, with its refs in the same repository: not this prune's to judge.
    execFileSync('git', ['update-ref', 'refs/wsagent/data-0123456789ab/snapshots/other-data-dir/1', head], { cwd: repo });
    const r = await runCli(['sessions', 'prune', '-C', repo], { env });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`removed 20260101-000000-oldoldol (${repo}), last used ${longAgo.toISOString().slice(0, 10)}, and 2 undo snapshots\n`);
    expect(r.stdout).toContain('removed 1 undo snapshot of gone-session, which has no session file\n');
    expect(r.stdout).toContain('removed 1 session; 1 kept\n');
    expect(readdirSync(sessions)).toEqual(['20261101-000000-newnewne.jsonl']);
    expect(git(repo, ['for-each-ref', '--format=%(refname)', 'refs/wsagent']).trim().split('\n')).toEqual([
      'refs/wsagent/data-0123456789ab/snapshots/other-data-dir/1',
      `${root}/20261101-000000-newnewne/1`,
    ]);

    const nothing = await runCli(['sessions', 'prune', '--older-than', '2w', '-C', repo], { env });
    expect(nothing.stdout).toBe('no session unused for more than 2w; 1 kept\n');
    const bad = await runCli(['sessions', 'prune', '--older-than', 'soon'], { env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('wsagent: --older-than soon: give an age such as 30d, 12h, 2w or 90m\n');
  }, 60_000);
});
