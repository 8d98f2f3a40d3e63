// notifications/tools/list_changed arrives in the middle of a turn; the new tool list is applied
// before the next turn, never inside one: the rest of the turn continues its chain, the next turn
// starts exactly one new chain (the tools are part of the request fingerprint) and offers the tool.
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../../src/simulator/index.js';
import { runCli } from '../../helpers/cli.js';
import { cliEnv, configWith, emptyRepo, jsonLines, stdioServer } from './mcpHarness.js';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe('MCP tool-list changes', () => {
  it('applies a changed list at the next turn with exactly one new chain', async () => {
    sim = await createSimulator({
      scenario: {
        name: 'mcp-grow',
        description: 'the server adds a tool mid-turn',
        steps: [
          { calls: [{ name: 'mcp__demo__grow', arguments: {} }] },
          // Still turn 1: the new tool is not offered yet (the simulator would refuse to call it), so the turn ends.
          { expect: { contains: 'grown' }, calls: [{ name: 'mcp__demo__echo', arguments: { text: 'same turn' } }] },
          { expect: { contains: 'same turn' }, message: 'The server has a new tool now.' },
          { calls: [{ name: 'mcp__demo__extra', arguments: {} }] },
          { expect: { contains: 'extra works' }, message: 'The new tool works.' },
        ],
      },
    });
    const configDir = configWith({ demo: stdioServer() });
    const r = await runCli(['exec', '--json', '--base-url', sim.baseUrl, '-C', emptyRepo(), 'Grow.', 'Use the new tool.'], {
      env: cliEnv(configDir),
      timeoutMs: 60_000,
    });
    const events = jsonLines(r.stdout);
    expect(r.code).toBe(0);
    expect(events.at(-1)).toMatchObject({ status: 'completed', finalMessage: 'The new tool works.' });
    const requests = sim.log.entries.filter((e) => e.kind === 'response').map((e) => [e.generate ? e.step : 'warm-up', e.inputMode]);
    expect(requests).toEqual([
      ['warm-up', 'full'],
      [0, 'incremental'],
      [1, 'incremental'],
      [2, 'incremental'],
      [3, 'full'],
      [4, 'incremental'],
    ]);
  });

  it('a turn with an unchanged list continues the chain (no new chain without a change)', async () => {
    sim = await createSimulator({
      scenario: {
        name: 'mcp-same',
        description: 'two turns, same tools',
        steps: [{ calls: [{ name: 'mcp__demo__echo', arguments: { text: 'one' } }] }, { message: 'one' }, { message: 'two' }],
      },
    });
    const configDir = configWith({ demo: stdioServer() });
    const r = await runCli(['exec', '--json', '--base-url', sim.baseUrl, '-C', emptyRepo(), 'One.', 'Two.'], { env: cliEnv(configDir), timeoutMs: 60_000 });
    expect(r.code).toBe(0);
    const modes = sim.log.entries.filter((e) => e.kind === 'response').map((e) => e.inputMode);
    expect(modes).toEqual(['full', 'incremental', 'incremental', 'incremental']);
  });
});
