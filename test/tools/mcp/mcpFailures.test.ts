// Servers that go wrong must not take the session down: a crash mid-call, a call that outlives
// toolTimeoutSeconds, a server that cannot start, and one that starts late (its tools join at the
// next turn). Each failure is reported once as a non-fatal `mcp_server_failed` error.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../../src/simulator/index.js';
import { runCli } from '../../helpers/cli.js';
import { cliEnv, configWith, emptyRepo, jsonLines, stdioServer } from './mcpHarness.js';
import { sandboxFlags } from '../../helpers/sandboxAvailable.js';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const generated = (s: Simulator) => s.log.entries.filter((e) => e.kind === 'response' && e.generate);

describe('MCP server failures', () => {
  it('a crash mid-call is reported once, the call answers with an error, the next call restarts the server', async () => {
    sim = await createSimulator({
      scenario: {
        name: 'mcp-crash',
        description: 'crash, then use the server again',
        steps: [
          { calls: [{ name: 'mcp__demo__crash', arguments: {} }] },
          {
            expect: { contains: 'demo' },
            calls: [
              { name: 'mcp__demo__echo', arguments: { text: 'again' } },
              { name: 'list_files', arguments: { path: null, depth: null } },
            ],
          },
          { expect: { contains: 'demo echo: again' }, message: 'The server came back.' },
        ],
      },
    });
    const configDir = configWith({ demo: stdioServer() });
    const r = await runCli(['exec', '--json', '--base-url', sim.baseUrl, '-C', emptyRepo(), 'Crash it.'], { env: cliEnv(configDir), timeoutMs: 60_000 });
    const events = jsonLines(r.stdout);
    expect(r.code).toBe(0);
    const failures = events.filter((e) => e.type === 'error' && e.code === 'mcp_server_failed');
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ fatal: false });
    expect(String(failures[0]!.message)).toContain('MCP server "demo"');
    const completed = events.filter((e) => e.type === 'tool.completed');
    expect(completed[0]).toMatchObject({ name: 'mcp__demo__crash', ok: false });
    expect(completed.find((e) => e.name === 'mcp__demo__echo')).toMatchObject({ ok: true, output: 'demo echo: again' });
    expect(generated(sim).map((e) => e.step)).toEqual([0, 1, 2]);
    // The crash message went to the server's log, not to wsagent's output.
    expect(readFileSync(join(configDir, 'mcp-logs', 'demo.log'), 'utf8')).toContain('crashing on purpose');
    expect(r.stderr).not.toContain('crashing on purpose');
  });

  it('a call that outlives toolTimeoutSeconds answers with a timeout error and the server stays usable', async () => {
    sim = await createSimulator({
      scenario: {
        name: 'mcp-slow',
        description: 'slow call, then a quick one',
        steps: [
          { calls: [{ name: 'mcp__demo__slow', arguments: { ms: 20_000 } }] },
          { expect: { contains: 'did not answer within 1s (toolTimeoutSeconds)' }, calls: [{ name: 'mcp__demo__echo', arguments: { text: 'still here' } }] },
          { expect: { contains: 'demo echo: still here' }, message: 'ok' },
        ],
      },
    });
    const configDir = configWith({ demo: stdioServer({}, { toolTimeoutSeconds: 1 }) });
    const r = await runCli(['exec', '--json', '--base-url', sim.baseUrl, '-C', emptyRepo(), 'Be slow.'], { env: cliEnv(configDir), timeoutMs: 60_000 });
    expect(r.code).toBe(0);
    const events = jsonLines(r.stdout);
    expect(events.filter((e) => e.type === 'tool.completed').map((e) => e.ok)).toEqual([false, true]);
    expect(events.filter((e) => e.type === 'error')).toEqual([]);
    expect(generated(sim).map((e) => e.step)).toEqual([0, 1, 2]);
  });

  it('a server that cannot start is reported once and the session goes on without its tools', async () => {
    sim = await createSimulator({ scenario: { name: 'plain', description: 'no tools', steps: [{ message: 'Hello without MCP.' }] } });
    const configDir = configWith({ broken: stdioServer({ DEMO_EXIT_AT_START: '1' }), missing: { command: '/nonexistent/mcp-server-binary' } });
    const r = await runCli(['exec', '--json', '--base-url', sim.baseUrl, '-C', emptyRepo(), 'Hi.'], { env: cliEnv(configDir), timeoutMs: 60_000 });
    expect(r.code).toBe(0);
    const events = jsonLines(r.stdout);
    const failures = events.filter((e) => e.type === 'error' && e.code === 'mcp_server_failed').map((e) => String(e.message));
    expect(failures).toHaveLength(2);
    expect(failures.find((m) => m.includes('"broken"'))).toContain('could not start');
    expect(failures.find((m) => m.includes('"missing"'))).toContain('could not start');
    expect(events.at(-1)).toMatchObject({ type: 'session.completed', status: 'completed', finalMessage: 'Hello without MCP.' });
  });

  it('a late server: the first turn waits at most startupTimeoutSeconds, its tools join at the next turn (one new chain)', async () => {
    const repo = emptyRepo();
    // Inside the workspace: the command runs in the sandbox, whose /tmp is private.
    const ready = join(repo, `.ready-${Date.now()}`);
    sim = await createSimulator({
      scenario: {
        name: 'mcp-late',
        description: 'no MCP tools yet, then the late server is used',
        steps: [
          // The first turn runs without the server's tools; its command lasts until the server is up.
          { calls: [{ name: 'run_command', arguments: { command: `while [ ! -f '${ready}' ]; do sleep 0.1; done; sleep 0.5; echo up`, timeout_ms: 30_000 } }] },
          { expect: { contains: 'up' }, message: 'The demo server was not ready for this turn.' },
          { calls: [{ name: 'mcp__demo__echo', arguments: { text: 'late' } }] },
          { expect: { contains: 'demo echo: late' }, message: 'It joined.' },
        ],
      },
    });
    const configDir = configWith({ demo: stdioServer({ DEMO_START_DELAY_MS: '1500', DEMO_READY_FILE: ready }, { startupTimeoutSeconds: 0.2 }) });
    const r = await runCli(['exec', '--json', '--approval', 'full-auto', ...sandboxFlags, '--base-url', sim.baseUrl, '-C', repo, 'First.', 'Second.'], {
      env: cliEnv(configDir),
      timeoutMs: 60_000,
    });
    const events = jsonLines(r.stdout);
    // Late is not failed, but the user hears why its tools are missing from the first turn.
    expect(events.filter((e) => e.type === 'error').map((e) => [e.code, e.fatal, e.message])).toEqual([
      [
        'mcp_server_warning',
        false,
        'MCP server "demo": no tool list after 0.2s (startupTimeoutSeconds; still waiting for initialize or tools/list); the session goes on without its tools, which join at a later turn if it answers',
      ],
    ]);
    expect(r.code).toBe(0);
    expect(events.at(-1)).toMatchObject({ status: 'completed', finalMessage: 'It joined.' });
    // The tools changed between the turns: exactly one new chain (a full request), at the second turn's start.
    // (The warm-up opens the first chain; the first turn continues from it.)
    const requests = sim.log.entries.filter((e) => e.kind === 'response').map((e) => [e.generate ? e.step : 'warm-up', e.inputMode]);
    expect(requests).toEqual([
      ['warm-up', 'full'],
      [0, 'incremental'],
      [1, 'incremental'],
      [2, 'full'],
      [3, 'incremental'],
    ]);
  });
});
