// Hooks in the Claude Code / Codex settings shape, end to end: the real CLI against the simulator,
// hooks as real processes. What counts is what reached the model (the simulator plays a step only
// when the input it got contains what the step expects: the request log's `step`), what the hooks
// received on stdin (they write it to files), and what the user was told.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../src/simulator/index.js';
import { isAlive } from '../../src/tools/processTree.js';
import { runCli } from '../helpers/cli.js';
import { sandboxFlags } from '../helpers/sandboxAvailable.js';
import { git } from '../helpers/fixtureRepo.js';
import { cliEnv, jsonLines } from '../tools/mcp/mcpHarness.js';

let sim: Simulator | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await sim?.close();
  sim = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

/** A git repository with one file, and a directory for the hooks' scripts and what they record. */
function setup(): { repo: string; configDir: string; work: string } {
  const repo = tempDir('wsagent-hooks-repo-');
  git(repo, ['init', '-q', '-b', 'main']);
  writeFileSync(join(repo, 'notes.txt'), 'the answer is 42\n');
  return { repo, configDir: tempDir('wsagent-hooks-config-'), work: tempDir('wsagent-hooks-work-') };
}

/** A node script as a hook command: `body` sees `input` (the parsed stdin) and `fs`. */
function hookScript(work: string, name: string, body: string): string {
  const file = join(work, `${name}.mjs`);
  writeFileSync(
    file,
    `import * as fs from 'node:fs';\nlet raw = '';\nfor await (const chunk of process.stdin) raw += chunk;\nconst input = JSON.parse(raw);\n${body}\n`,
  );
  return `"${process.execPath}" "${file}"`;
}

function writeUserHooks(configDir: string, hooks: Record<string, unknown>): void {
  writeFileSync(join(configDir, 'config.json'), JSON.stringify({ hooks }, null, 2));
}

async function exec(repo: string, configDir: string, prompt: string, extra: string[] = []) {
  const result = await runCli(['exec', '--json', '--base-url', sim!.baseUrl, ...extra, '-C', repo, prompt], {
    env: cliEnv(configDir),
    timeoutMs: 90_000,
  });
  return { ...result, events: jsonLines(result.stdout) };
}

const steps = (): Array<number | null> =>
  sim!.log
    .responses()
    .filter((e) => e.generate)
    .map((e) => e.step);

describe('hooks', () => {
  it('a PreToolUse hook that exits 2 blocks `git push`, and the model reads its stderr', async () => {
    const { repo, configDir, work } = setup();
    const seen = join(work, 'pre.jsonl');
    const guard = hookScript(
      work,
      'guard',
      `fs.appendFileSync(${JSON.stringify(seen)}, JSON.stringify(input) + '\\n');
if (/\\bgit\\s+push\\b/.test(input.tool_input.command ?? '')) { process.stderr.write('pushing is left to humans here (policy P-7)'); process.exit(2); }`,
    );
    writeUserHooks(configDir, { PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: guard, timeout: 30 }] }] });
    sim = await createSimulator({
      scenario: {
        name: 'hook-push',
        description: 'try to push',
        steps: [
          { calls: [{ name: 'run_command', arguments: { command: 'git push origin main', timeout_ms: null } }] },
          { expect: { contains: 'pushing is left to humans here (policy P-7)' }, message: 'I will not push.' },
        ],
      },
    });
    const run = await exec(repo, configDir, 'Push it.', ['--approval', 'full-auto', ...sandboxFlags]);
    expect(run.code).toBe(0);
    expect(steps()).toEqual([0, 1]);
    expect(run.events.at(-1)).toMatchObject({ type: 'session.completed', finalMessage: 'I will not push.' });
    const completed = run.events.find((e) => e.type === 'tool.completed');
    expect(completed).toMatchObject({ name: 'run_command', ok: false });
    expect(String(completed!.output)).toContain('blocked');
    const inputs = readFileSync(seen, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(inputs).toHaveLength(1);
    expect(inputs[0]).toMatchObject({ hook_event_name: 'PreToolUse', tool_name: 'run_command', tool_input: { command: 'git push origin main' } });
    expect(String(inputs[0]!.session_id)).toMatch(/\S/);
    expect(existsSync(String(inputs[0]!.transcript_path))).toBe(true);
    // The hook's environment holds no API key.
    expect(JSON.stringify(inputs)).not.toContain('sk-mcp-test');
  });

  it('a PostToolUse hook receives the tool output, and its JSON answer reaches the model', async () => {
    const { repo, configDir, work } = setup();
    const seen = join(work, 'post.json');
    const post = hookScript(
      work,
      'post',
      `fs.writeFileSync(${JSON.stringify(seen)}, JSON.stringify({ input, key: process.env.OPENAI_API_KEY ?? null }));
process.stdout.write(JSON.stringify({ decision: 'block', reason: 'cite notes.txt by name' }));`,
    );
    writeUserHooks(configDir, { PostToolUse: [{ matcher: 'Read|Grep', hooks: [{ type: 'command', command: post }] }] });
    sim = await createSimulator({
      scenario: {
        name: 'hook-post',
        description: 'read a file',
        steps: [
          { calls: [{ name: 'read_file', arguments: { path: 'notes.txt', start_line: null, end_line: null } }] },
          { expect: { contains: ['the answer is 42', 'cite notes.txt by name'] }, message: 'notes.txt says 42.' },
        ],
      },
    });
    const run = await exec(repo, configDir, 'What does notes.txt say?');
    expect(run.code).toBe(0);
    expect(steps()).toEqual([0, 1]);
    const recorded = JSON.parse(readFileSync(seen, 'utf8')) as { input: Record<string, unknown>; key: string | null };
    expect(recorded.key).toBeNull();
    expect(recorded.input).toMatchObject({ hook_event_name: 'PostToolUse', tool_name: 'read_file', tool_input: { path: 'notes.txt', file_path: 'notes.txt' } });
    expect((recorded.input.tool_response as { output: string }).output).toContain('the answer is 42');
  });

  it("SessionStart's and UserPromptSubmit's stdout reach the model with the prompt", async () => {
    const { repo, configDir, work } = setup();
    const submit = hookScript(work, 'submit', `process.stdout.write('Ticket WS-981 is about ' + input.prompt.length + ' characters long.');`);
    const start = hookScript(work, 'start', `process.stdout.write('Branch policy: main is protected.');`);
    writeUserHooks(configDir, {
      SessionStart: [{ hooks: [{ type: 'command', command: start }] }],
      UserPromptSubmit: [{ hooks: [{ type: 'command', command: submit }] }],
    });
    sim = await createSimulator({
      scenario: {
        name: 'hook-context',
        description: 'context from hooks',
        steps: [{ expect: { contains: ['Fix it.', 'Ticket WS-981 is about 7 characters long.', 'Branch policy: main is protected.'] }, message: 'Got it.' }],
      },
    });
    const run = await exec(repo, configDir, 'Fix it.');
    expect(run.code).toBe(0);
    expect(steps()).toEqual([0]);
    expect(run.events.at(-1)).toMatchObject({ finalMessage: 'Got it.' });
  });

  it('a hook that hangs is killed at its timeout, reported once, and the turn goes on', async () => {
    const { repo, configDir, work } = setup();
    const pids = join(work, 'pids');
    const hang = hookScript(work, 'hang', `fs.appendFileSync(${JSON.stringify(pids)}, process.pid + '\\n');\nsetInterval(() => {}, 1000);`);
    writeUserHooks(configDir, { PreToolUse: [{ matcher: 'Read', hooks: [{ type: 'command', command: hang, timeout: 1 }] }] });
    sim = await createSimulator({
      scenario: {
        name: 'hook-hang',
        description: 'read twice',
        steps: [
          { calls: [{ name: 'read_file', arguments: { path: 'notes.txt', start_line: null, end_line: null } }] },
          { expect: { contains: 'the answer is 42' }, calls: [{ name: 'read_file', arguments: { path: 'notes.txt', start_line: null, end_line: null } }] },
          { expect: { contains: 'the answer is 42' }, message: 'Read it twice.' },
        ],
      },
    });
    const run = await exec(repo, configDir, 'Read notes.txt twice.');
    expect(run.code).toBe(0);
    expect(steps()).toEqual([0, 1, 2]);
    const failures = run.events.filter((e) => e.type === 'error' && e.code === 'hook_failed');
    expect(failures).toHaveLength(1);
    expect(String(failures[0]!.message)).toContain('timeout');
    const started = readFileSync(pids, 'utf8').trim().split('\n').map(Number);
    expect(started).toHaveLength(2);
    // Gone (a zombie waiting for a container's init to reap it counts as gone).
    for (const pid of started) expect(isAlive(pid)).toBe(false);
  });

  it("an untrusted repository's hooks are reported once and ignored until `wsagent trust`", async () => {
    const { repo, configDir, work } = setup();
    const marker = join(work, 'ran');
    const repoHook = hookScript(work, 'repo', `fs.writeFileSync(${JSON.stringify(marker)}, 'yes');\nprocess.stdout.write('Repository hook context R-55.');`);
    mkdirSync(join(repo, '.wsagent'));
    writeFileSync(
      join(repo, '.wsagent', 'config.json'),
      JSON.stringify({ hooks: { UserPromptSubmit: [{ hooks: [{ type: 'command', command: repoHook }] }] } }),
    );
    const scenario = {
      name: 'hook-trust',
      description: 'repository hook',
      steps: [{ expect: { contains: 'Repository hook context R-55.' }, message: 'Saw it.' }],
    };

    sim = await createSimulator({ scenario });
    const before = await exec(repo, configDir, 'Hello.');
    expect(existsSync(marker)).toBe(false);
    expect(steps()).toEqual([-1]);
    const notices = before.events.filter((e) => e.type === 'error' && e.code === 'hooks_not_run');
    expect(notices).toHaveLength(1);
    expect(String(notices[0]!.message)).toContain('wsagent trust');
    await sim.close();

    const trust = await runCli(['trust'], { env: cliEnv(configDir), cwd: repo });
    expect(trust.code).toBe(0);
    expect(trust.stdout).toContain('with its hooks for UserPromptSubmit');
    sim = await createSimulator({ scenario });
    const after = await exec(repo, configDir, 'Hello.');
    expect(after.code).toBe(0);
    expect(existsSync(marker)).toBe(true);
    expect(steps()).toEqual([0]);
    expect(after.events.filter((e) => e.type === 'error')).toEqual([]);
    await sim.close();

    // Trust covers the hooks as they were: a changed hook does not run until trusted again.
    rmSync(marker);
    const changed = hookScript(work, 'changed', `fs.writeFileSync(${JSON.stringify(marker)}, 'changed');`);
    writeFileSync(join(repo, '.wsagent', 'config.json'), JSON.stringify({ hooks: { UserPromptSubmit: [{ hooks: [{ type: 'command', command: changed }] }] } }));
    sim = await createSimulator({ scenario });
    const later = await exec(repo, configDir, 'Hello.');
    expect(existsSync(marker)).toBe(false);
    const changedNotice = later.events.filter((e) => e.type === 'error' && e.code === 'hooks_not_run');
    expect(changedNotice).toHaveLength(1);
    expect(String(changedNotice[0]!.message)).toContain('changed since you trusted');
  });

  it('a PreToolUse "allow" runs a command where suggest would refuse it; a Stop hook sends the model back once', async () => {
    const { repo, configDir, work } = setup();
    const stops = join(work, 'stops.jsonl');
    const allow = hookScript(
      work,
      'allow',
      `if ((input.tool_input.command ?? '').startsWith('echo ')) process.stdout.write(JSON.stringify({ hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'allow' } }));`,
    );
    const stop = hookScript(
      work,
      'stop',
      `fs.appendFileSync(${JSON.stringify(stops)}, JSON.stringify(input) + '\\n');
process.stdout.write(JSON.stringify({ decision: 'block', reason: 'also note it in CHANGELOG.md' }));`,
    );
    writeUserHooks(configDir, {
      PreToolUse: [{ matcher: 'shell', hooks: [{ type: 'command', command: allow }] }],
      Stop: [{ hooks: [{ type: 'command', command: stop }] }],
    });
    sim = await createSimulator({
      scenario: {
        name: 'hook-allow-stop',
        description: 'echo, then stop twice',
        steps: [
          { calls: [{ name: 'run_command', arguments: { command: 'echo approved-by-hook', timeout_ms: null } }] },
          { expect: { contains: 'approved-by-hook' }, message: 'Echoed.' },
          { expect: { contains: 'also note it in CHANGELOG.md' }, message: 'Noted in the changelog.' },
        ],
      },
    });
    const run = await exec(repo, configDir, 'Echo something.', ['--approval', 'suggest', ...sandboxFlags]);
    expect(run.code).toBe(0);
    expect(steps()).toEqual([0, 1, 2]);
    expect(run.events.filter((e) => e.type === 'error' && e.code === 'approval_refused')).toEqual([]);
    expect(run.events.at(-1)).toMatchObject({ finalMessage: 'Noted in the changelog.' });
    const stopInputs = readFileSync(stops, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(stopInputs).toEqual([expect.objectContaining({ hook_event_name: 'Stop', stop_hook_active: false, last_assistant_message: 'Echoed.' })]);
  });

  it('a hook that approves a command never makes it run unconfined where there is no sandbox', async () => {
    const { repo, configDir, work } = setup();
    const allow = hookScript(work, 'allow', `process.stdout.write(JSON.stringify({ decision: 'approve' }));`);
    writeUserHooks(configDir, { PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: allow }] }] });
    sim = await createSimulator({
      scenario: {
        name: 'hook-unconfined',
        description: 'a command without a sandbox',
        steps: [
          { calls: [{ name: 'run_command', arguments: { command: 'echo ran > ran.txt', timeout_ms: null } }] },
          { expect: { contains: 'no sandbox is available' }, message: 'Refused.' },
        ],
      },
    });
    const result = await runCli(['exec', '--json', '--base-url', sim.baseUrl, '--approval', 'auto-edit', '-C', repo, 'Run it.'], {
      env: cliEnv(configDir, { WSAGENT_BWRAP: '/nonexistent' }),
      timeoutMs: 90_000,
    });
    expect(result.code).toBe(0);
    expect(steps()).toEqual([0, 1]);
    expect(existsSync(join(repo, 'ran.txt'))).toBe(false);
  });

  it('a UserPromptSubmit hook that exits 2 keeps the prompt from the model and tells the user why', async () => {
    const { repo, configDir, work } = setup();
    const gate = hookScript(
      work,
      'gate',
      `if (/password/i.test(input.prompt)) { process.stderr.write('the prompt seems to hold a password'); process.exit(2); }`,
    );
    writeUserHooks(configDir, { UserPromptSubmit: [{ hooks: [{ type: 'command', command: gate }] }] });
    sim = await createSimulator({ scenario: { name: 'hook-gate', description: 'never reached', steps: [{ message: 'Sent.' }] } });
    const run = await exec(repo, configDir, 'My password is hunter2, log in for me.');
    expect(run.code).toBe(1);
    expect(steps()).toEqual([]);
    const blocked = run.events.filter((e) => e.type === 'error' && e.code === 'hook_blocked');
    expect(blocked).toHaveLength(1);
    expect(String(blocked[0]!.message)).toContain('the prompt seems to hold a password');
  });

  it('a PreCompact hook runs before an automatic compaction and is told so', async () => {
    const { repo, configDir, work } = setup();
    const seen = join(work, 'compact.jsonl');
    const record = hookScript(work, 'compact', `fs.appendFileSync(${JSON.stringify(seen)}, JSON.stringify(input) + '\\n');`);
    writeUserHooks(configDir, { PreCompact: [{ hooks: [{ type: 'command', command: record }] }] });
    sim = await createSimulator({
      scenario: {
        name: 'hook-compact',
        description: 'read, then answer',
        steps: [
          { calls: [{ name: 'read_file', arguments: { path: 'notes.txt', start_line: null, end_line: null } }] },
          { expect: { contains: 'the answer is 42' }, message: 'It says 42.' },
        ],
      },
    });
    const run = await exec(repo, configDir, 'Read notes.txt.', ['-c', 'compactThreshold=50']);
    expect(run.code).toBe(0);
    const compactions = sim.log.entries.filter((e) => e.kind === 'compact');
    expect(compactions.length).toBeGreaterThan(0);
    const inputs = readFileSync(seen, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(inputs).toHaveLength(compactions.length);
    expect(inputs[0]).toMatchObject({ hook_event_name: 'PreCompact', trigger: 'auto' });
  });

  it('a malformed hooks setting stops the run with one line naming the file (exit 3)', async () => {
    const { repo, configDir } = setup();
    writeUserHooks(configDir, { PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command' }] }] });
    sim = await createSimulator({ scenario: { name: 'none', description: 'none', steps: [{ message: 'x' }] } });
    const run = await runCli(['exec', '--base-url', sim.baseUrl, '-C', repo, 'Hi.'], { env: cliEnv(configDir), timeoutMs: 30_000 });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('hooks.PreToolUse[0].hooks[0].command must be a non-empty string');
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(steps()).toEqual([]);
  });
});
