// The scripted model calls MCP tools of a real stdio server (spawned by the built CLI) and uses
// their results: the calls go to the server, the outputs go back over the wire, the server's
// stderr stays in its log file, and the --json tool events name the server and the tool.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
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

describe('MCP tools in a session (stdio server)', () => {
  it('calls mcp__demo__echo and mcp__demo__add and answers from their results', async () => {
    sim = await createSimulator({
      scenario: {
        name: 'mcp-demo',
        description: 'use two MCP tools',
        steps: [
          { calls: [{ name: 'mcp__demo__echo', arguments: { text: 'hello' } }] },
          { expect: { contains: 'demo echo: hello' }, calls: [{ name: 'mcp__demo__add', arguments: { a: 2, b: 3, note: null } }] },
          { expect: { contains: 'sum=5; args={"a":2,"b":3}' }, message: 'The server says the sum is 5.' },
        ],
      },
    });
    const configDir = configWith({ demo: stdioServer({ DEMO_TOKEN: 'tok-secret-123' }) });
    const r = await runCli(
      ['exec', '--json', '--approval', 'full-auto', ...sandboxFlags, '--base-url', sim.baseUrl, '-C', emptyRepo(), 'Add 2 and 3 with the demo server.'],
      {
        env: cliEnv(configDir),
        timeoutMs: 60_000,
      },
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const events = jsonLines(r.stdout);
    expect(events.at(-1)).toMatchObject({ type: 'session.completed', status: 'completed', finalMessage: 'The server says the sum is 5.' });
    const requested = events.filter((e) => e.type === 'tool.requested');
    expect(requested.map((e) => [e.name, e.server, e.tool])).toEqual([
      ['mcp__demo__echo', 'demo', 'echo'],
      ['mcp__demo__add', 'demo', 'add'],
    ]);
    const completed = events.filter((e) => e.type === 'tool.completed');
    expect(completed.map((e) => [e.ok, e.server, e.tool, e.output])).toEqual([
      [true, 'demo', 'echo', 'demo echo: hello'],
      [true, 'demo', 'add', 'sum=5; args={"a":2,"b":3}'],
    ]);
    // Every step was played as scripted: the simulator offered the MCP tools on each request.
    const responses = sim.log.entries.filter((e) => e.kind === 'response' && e.generate);
    expect(responses.map((e) => e.step)).toEqual([0, 1, 2]);
    // The server's stderr went to its log, not to the screen; the secret env value was passed but never shown.
    const log = join(configDir, 'mcp-logs', 'demo.log');
    expect(existsSync(log)).toBe(true);
    expect(readFileSync(log, 'utf8')).toContain('(token present)');
    expect(r.stdout).not.toContain('tok-secret-123');
  });

  it('sends images as input_image parts and marks isError results', async () => {
    sim = await createSimulator({
      scenario: {
        name: 'mcp-parts',
        description: 'picture and failure',
        steps: [
          { calls: [{ name: 'mcp__demo__picture', arguments: {} }] },
          { expect: { contains: 'a red dot' }, calls: [{ name: 'mcp__demo__fail', arguments: {} }] },
          { expect: { contains: 'MCP tool error: the widget is broken' }, message: 'done' },
        ],
      },
    });
    const configDir = configWith({ demo: stdioServer() });
    const r = await runCli(['exec', '--json', '--transport', 'http', '--base-url', sim.baseUrl, '-C', emptyRepo(), 'Look at the picture.'], {
      env: cliEnv(configDir),
      timeoutMs: 60_000,
    });
    expect(r.code).toBe(0);
    const events = jsonLines(r.stdout);
    const completed = events.filter((e) => e.type === 'tool.completed');
    expect(completed.map((e) => e.ok)).toEqual([true, false]);
    expect(completed[1]!.output).toBe('MCP tool error: the widget is broken');
    expect(sim.log.entries.filter((e) => e.kind === 'response' && e.generate).map((e) => e.step)).toEqual([0, 1, 2]);
    // The image went back as a content part of the function_call_output (the session file keeps the items as sent).
    const sessions = join(configDir, 'sessions');
    const conversation = readdirSync(sessions)
      .map((f) => readFileSync(join(sessions, f), 'utf8'))
      .join('\n');
    expect(conversation).toMatch(
      /"type":"function_call_output","call_id":"[^"]+","output":\[\{"type":"input_text","text":"a red dot"\},\{"type":"input_image"/,
    );
    expect(conversation).toContain('data:image/png;base64,iVBOR');
  });
});
