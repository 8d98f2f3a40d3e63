// What a 300-tool MCP server adds to every request, seen on the wire (the simulator's request log),
// with the default caps and with caps raised past it (issue 20, point 19).
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../../src/simulator/index.js';
import { runCli } from '../../helpers/cli.js';
import { cliEnv, configWith, emptyRepo, jsonLines } from './mcpHarness.js';

const UNRULY = fileURLToPath(new URL('../../fixtures/mcp/unrulyServer.mjs', import.meta.url));

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function firstRequest(extraArgs: string[]) {
  sim = await createSimulator({ scenario: { name: 'hello', description: 'one answer', steps: [{ message: 'Hello.' }] } });
  const configDir = configWith({ many: { command: process.execPath, args: [UNRULY], env: { UNRULY_MODE: 'many' } } });
  const r = await runCli(['exec', '--json', '--base-url', sim.baseUrl, '-C', emptyRepo(), ...extraArgs, 'Hi.'], { env: cliEnv(configDir), timeoutMs: 60_000 });
  expect(r.code, r.stderr).toBe(0);
  const request = sim.log.entries.find((e) => e.kind === 'response');
  await sim.close();
  sim = undefined;
  return { bytesUp: (request as { bytesUp: number }).bytesUp, events: jsonLines(r.stdout) };
}

describe('the request size with a 300-tool MCP server', () => {
  it('is capped at 100 tools and 64 KB of definitions by default, with a warning; raising the caps lets all 300 through', async () => {
    const capped = await firstRequest([]);
    const uncapped = await firstRequest(['-c', 'mcpMaxToolsPerServer=1000', '-c', 'mcpMaxSchemaBytesPerServer=10000000']);
    const warnings = capped.events.filter((e) => e.type === 'error' && e.code === 'mcp_server_warning');
    expect(warnings).toHaveLength(1);
    expect(String(warnings[0]!.message)).toMatch(/^MCP server "many": offering 100 of its 300 tools/);
    expect(uncapped.events.filter((e) => e.type === 'error')).toEqual([]);
    // 200 tools' definitions fewer in every request.
    expect(uncapped.bytesUp - capped.bytesUp).toBeGreaterThan(2 * 64 * 1024 * 0.5);
    expect(capped.bytesUp).toBeLessThan(64 * 1024 + 40 * 1024);
  });
});
