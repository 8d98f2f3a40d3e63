// The agent fixes real code: the scripted model drives the real loop and the real tools on a
// copy of a fixture repository, and the project's own tests decide whether it worked.
import { spawnSync, execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync, symlinkSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../src/agent/events.js';
import { createSimulator, loadScenario, type Scenario, type Simulator } from '../../src/simulator/index.js';
import { copyFixture, createHarness, type Harness } from '../helpers/agentHarness.js';

let sim: Simulator | undefined;
let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
  await sim?.close();
  sim = undefined;
});

function filesOf(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      if (name === '.git' || name === 'node_modules' || name === '__pycache__') continue;
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(relative(dir, p), readFileSync(p));
    }
  };
  walk(dir);
  return out;
}

const completed = (events: AgentEvent[]) => events.filter((e): e is Extract<AgentEvent, { type: 'tool.completed' }> => e.type === 'tool.completed');

describe('the agent fixes real code', () => {
  it('fixes calc-js: explore, read, edit, run tests, done — and npm test really passes; undo restores every byte', async () => {
    const scenario = loadScenario('coding');
    sim = await createSimulator({ scenario });
    const repo = copyFixture('calc-js');
    const before = filesOf(repo);
    expect(spawnSync('npm', ['test'], { cwd: repo }).status).not.toBe(0);
    harness = await createHarness(sim, repo);
    const result = await harness.agent.runTurn(scenario.prompt!);
    expect(result.status).toBe('completed');
    expect(result.finalMessage).toContain('All 40 tests pass');
    // No scripted expectation failed: every step saw what it needed in the real tool output.
    expect(sim.log.responses().every((e) => e.step !== -1)).toBe(true);
    expect(completed(harness.events)).toHaveLength(28);
    // The two failing test runs before the fixes are the only failed calls.
    expect(
      completed(harness.events)
        .filter((e) => !e.ok)
        .map((e) => e.name),
    ).toEqual(['run_tests', 'run_tests']);
    expect(spawnSync('npm', ['test'], { cwd: repo }).status).toBe(0);
    expect(harness.events.filter((e) => e.type === 'turn.completed')).toHaveLength(1);

    const undone = await harness.snapshots.undo();
    expect(undone).toMatchObject({ turn: 1, removed: [] });
    expect([...undone!.restored].sort()).toEqual(['CHANGELOG.md', 'src/evaluator.js', 'src/functions.js', 'test/functions.test.js']);
    expect(filesOf(repo)).toEqual(before);
    expect(execFileSync('git', ['status', '--porcelain'], { cwd: repo, encoding: 'utf8' })).toBe('');
  }, 60_000);

  it('fixes a Python project the same way', async () => {
    const python = spawnSync('python3', ['--version']);
    if (python.status !== 0) {
      console.log('skipped: python3 is not installed');
      return;
    }
    const scenario = loadScenario('python');
    sim = await createSimulator({ scenario });
    const repo = copyFixture('py-inventory');
    expect(spawnSync('make', ['test'], { cwd: repo }).status).not.toBe(0);
    harness = await createHarness(sim, repo);
    const result = await harness.agent.runTurn(scenario.prompt!);
    expect(result.status).toBe('completed');
    expect(result.finalMessage).toContain('all 3 tests pass');
    expect(sim.log.responses().every((e) => e.step !== -1)).toBe(true);
    expect(spawnSync('make', ['test'], { cwd: repo }).status).toBe(0);
  });

  it('starts a call as soon as its output_item.done arrives, before the response completes', async () => {
    const scenario: Scenario = {
      name: 'early',
      description: 'a call, then a long message in the same response',
      steps: [
        { calls: [{ name: 'git_status', arguments: {} }], message: 'Checking the status while I write this long explanation. '.repeat(8) },
        { message: 'Done.' },
      ],
    };
    sim = await createSimulator({ scenario, profile: { tokensPerSecond: 400 } });
    harness = await createHarness(sim, copyFixture('calc-js'));
    await harness.agent.runTurn('status?');
    const types = harness.events.map((e) => e.type);
    const started = types.indexOf('tool.started');
    const firstRequestDone = harness.events.findIndex((e) => e.type === 'request.completed' && !e.stats.warmup);
    expect(started).toBeGreaterThan(-1);
    expect(started).toBeLessThan(firstRequestDone);
  });

  it('runs reads concurrently but keeps edits in order, and returns outputs in call order', async () => {
    const scenario: Scenario = {
      name: 'order',
      description: 'read, edit, read again in one response',
      steps: [
        {
          calls: [
            { name: 'read_file', arguments: { path: 'notes.txt', start_line: null, end_line: null } },
            { name: 'edit_file', arguments: { path: 'notes.txt', old_string: 'before', new_string: 'after' } },
            { name: 'read_file', arguments: { path: 'notes.txt', start_line: null, end_line: null } },
          ],
        },
        { message: 'ok' },
      ],
    };
    sim = await createSimulator({ scenario });
    const dir = mkdtempSync(join(tmpdir(), 'wsagent-order-'));
    writeFileSync(join(dir, 'notes.txt'), 'before\n');
    harness = await createHarness(sim, dir);
    await harness.agent.runTurn('go');
    const outputs = sim.log.responses().at(-1)!;
    expect(outputs.functionCallOutputIds).toHaveLength(3);
    const done = completed(harness.events);
    const byCall = new Map(done.map((e) => [e.callId, e.output]));
    const calls = harness.events.filter((e): e is Extract<AgentEvent, { type: 'tool.requested' }> => e.type === 'tool.requested');
    expect(byCall.get(calls[0]!.callId)).toContain('before');
    expect(byCall.get(calls[2]!.callId)).toContain('after');
    expect(readFileSync(join(dir, 'notes.txt'), 'utf8')).toBe('after\n');
  });
});

describe('what the agent refuses', () => {
  it('hostile paths are refused with a message the model can act on, and nothing outside changes', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'wsagent-outside-'));
    writeFileSync(join(outside, 'secret.txt'), 'outside\n');
    const dir = mkdtempSync(join(tmpdir(), 'wsagent-inside-'));
    symlinkSync(outside, join(dir, 'link-out'));
    const scenario: Scenario = {
      name: 'hostile',
      description: 'paths that leave the workspace',
      steps: [
        {
          calls: [
            { name: 'read_file', arguments: { path: '../secret.txt', start_line: null, end_line: null } },
            { name: 'read_file', arguments: { path: join(outside, 'secret.txt'), start_line: null, end_line: null } },
            { name: 'read_file', arguments: { path: 'link-out/secret.txt', start_line: null, end_line: null } },
            { name: 'write_file', arguments: { path: 'link-out/new.txt', content: 'x' } },
            { name: 'edit_file', arguments: { path: '../../etc/hosts', old_string: 'a', new_string: 'b' } },
          ],
        },
        { message: 'I cannot reach those files.' },
      ],
    };
    sim = await createSimulator({ scenario });
    harness = await createHarness(sim, dir);
    const result = await harness.agent.runTurn('read the secret');
    expect(result.status).toBe('completed');
    const done = completed(harness.events);
    expect(done).toHaveLength(5);
    for (const e of done) {
      expect(e.ok).toBe(false);
      expect(e.output).toMatch(/outside the workspace/);
    }
    expect(readdirSync(outside)).toEqual(['secret.txt']);
    expect(JSON.stringify(harness.events)).not.toContain('outside\\n');
  });

  it('malformed and missing arguments become error outputs for the model, never a crash', async () => {
    const scenario: Scenario = {
      name: 'malformed',
      description: 'bad arguments',
      steps: [
        {
          calls: [
            { name: 'read_file', arguments: '{"path": "a.txt", ' },
            { name: 'read_file', arguments: { start_line: 1 } },
            { name: 'edit_file', arguments: { path: 'a.txt', old_string: 5, new_string: 'x' } },
            { name: 'run_command', arguments: { command: 'true', timeout_ms: 'soon' } },
          ],
        },
        { message: 'I will fix my arguments.' },
      ],
    };
    sim = await createSimulator({ scenario });
    const dir = mkdtempSync(join(tmpdir(), 'wsagent-malformed-'));
    writeFileSync(join(dir, 'a.txt'), 'hello\n');
    harness = await createHarness(sim, dir);
    const result = await harness.agent.runTurn('go');
    expect(result.status).toBe('completed');
    const outputs = completed(harness.events).map((e) => e.output);
    expect(outputs[0]).toMatch(/not valid JSON/);
    expect(outputs[1]).toMatch(/"path"/);
    expect(outputs[2]).toMatch(/"old_string" must be a string/);
    expect(outputs[3]).toMatch(/"timeout_ms"/);
    expect(completed(harness.events).every((e) => !e.ok)).toBe(true);
    // All five outputs went back, and the model answered.
    expect(sim.log.responses().at(-1)!.functionCallOutputIds).toHaveLength(4);
  });

  it('a denied edit is not made, and the reason goes to the model', async () => {
    const scenario = loadScenario('short');
    sim = await createSimulator({ scenario });
    const repo = copyFixture('calc-js');
    const original = readFileSync(join(repo, 'src', 'evaluator.js'));
    const asked: string[] = [];
    harness = await createHarness(sim, repo, {
      approval: 'suggest',
      approver: async (r) => {
        asked.push(r.name);
        return { decision: 'deny', reason: 'I will fix this one myself' };
      },
    });
    await harness.agent.runTurn(scenario.prompt!);
    expect(asked[0]).toBe('edit_file');
    expect(readFileSync(join(repo, 'src', 'evaluator.js')).equals(original)).toBe(true);
    const edit = completed(harness.events).find((e) => e.name === 'edit_file')!;
    expect(edit.ok).toBe(false);
    expect(edit.output).toContain('The user denied this edit_file call: I will fix this one myself.');
    expect(harness.events.some((e) => e.type === 'tool.approval_required' && e.name === 'edit_file')).toBe(true);
  });

  it('with no one to answer, asking means refusing, naming the flag', async () => {
    const scenario = loadScenario('short');
    sim = await createSimulator({ scenario });
    const repo = copyFixture('calc-js');
    harness = await createHarness(sim, repo, { approval: 'suggest' });
    await harness.agent.runTurn(scenario.prompt!);
    const edit = completed(harness.events).find((e) => e.name === 'edit_file')!;
    expect(edit.output).toMatch(/edit_file was not run: approval mode "suggest".*--approval auto-edit/);
    expect(harness.events.some((e) => e.type === 'error' && e.code === 'approval_refused')).toBe(true);
  });

  it('"always" approves the tool for the rest of the session', async () => {
    const scenario = loadScenario('coding');
    sim = await createSimulator({ scenario });
    const asked: string[] = [];
    harness = await createHarness(sim, copyFixture('calc-js'), {
      approval: 'suggest',
      approver: async (r) => {
        asked.push(r.name);
        return { decision: 'always' };
      },
    });
    await harness.agent.runTurn(scenario.prompt!);
    expect(asked.sort()).toEqual(['edit_file', 'run_command', 'run_tests']);
  }, 60_000);
});

describe('cancellation', () => {
  it('cancels a long command (killing its process tree) and leaves the conversation consistent', async () => {
    const scenario: Scenario = {
      name: 'long-command',
      description: 'a command that would take 30 s',
      steps: [
        { calls: [{ name: 'run_command', arguments: { command: 'sleep 30.417 & sleep 30.417; echo done', timeout_ms: null } }] },
        { message: 'It finished.' },
        { message: 'Second turn answered.' },
      ],
    };
    sim = await createSimulator({ scenario });
    const dir = mkdtempSync(join(tmpdir(), 'wsagent-cancel-'));
    harness = await createHarness(sim, dir);
    const controller = new AbortController();
    const started = new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (harness!.events.some((e) => e.type === 'tool.started')) {
          clearInterval(timer);
          resolve();
        }
      }, 10);
    });
    const turn = harness.agent.runTurn('run it', { signal: controller.signal });
    await started;
    await new Promise((r) => setTimeout(r, 200));
    controller.abort();
    const result = await turn;
    expect(result.status).toBe('cancelled');
    const done = completed(harness.events)[0]!;
    expect(done.ok).toBe(false);
    expect(done.output).toMatch(/cancel/i);
    // A duration no other test uses: the suite runs files in parallel and others sleep 30 too.
    const sleeps = spawnSync('pgrep', ['-f', 'sleep 30.417'], { encoding: 'utf8' }).stdout.trim();
    expect(sleeps).toBe('');
    // The cancelled call has its output in the ledger: the next turn is accepted by the server.
    const next = await harness.agent.runTurn('anything else?');
    expect(next.status).toBe('completed');
    expect(sim.log.responses().every((e) => e.status !== 'error')).toBe(true);
  });
});
