// /status in the real TUI (tmux) with a 300-tool MCP server: the user sees the warning about the
// tools left out by mcpMaxToolsPerServer, and /status says what the tool definitions add to every
// request, and /mcp the same per server (issue 20, point 19).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../../src/simulator/index.js';
import { BIN } from '../../helpers/cli.js';
import { hasTmux, tmuxScreen } from '../../helpers/tmux.js';
import { configWith } from './mcpHarness.js';

const UNRULY = fileURLToPath(new URL('../../fixtures/mcp/unrulyServer.mjs', import.meta.url));
const SESSION = `wsagent-mcp-status-${process.pid}`;
const { keys, waitFor } = tmuxScreen(SESSION);

let sim: Simulator | undefined;
const dirs: string[] = [];
afterEach(async () => {
  spawnSync('tmux', ['kill-session', '-t', SESSION]);
  await sim?.close();
  sim = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!hasTmux)('/status with a 300-tool MCP server', () => {
  it('warns once about the tools left out and shows the size the tool definitions add to every request', async () => {
    sim = await createSimulator({ scenario: { name: 'hello', description: 'one answer', steps: [{ message: 'Hello.' }] } });
    const config = configWith({ many: { command: process.execPath, args: [UNRULY], env: { UNRULY_MODE: 'many' } } });
    const cwd = mkdtempSync(join(tmpdir(), 'wsagent-mcp-status-'));
    dirs.push(cwd, config);
    const command = `cd ${cwd} && OPENAI_API_KEY=sk-tui WSAGENT_CONFIG_DIR=${config} node ${BIN} --base-url ${sim.baseUrl}; sleep 30`;
    execFileSync('tmux', ['new-session', '-d', '-s', SESSION, '-x', '200', '-y', '50', command]);
    await waitFor((s) => /ws ● open/.test(s), 'the prompt and an open socket');
    const warned = await waitFor((s) => s.includes('MCP server "many": offering 100 of its 300 tools'), 'the warning about the left-out tools');
    expect(warned.split('offering 100 of its 300 tools').length).toBe(2);
    keys('-l', '/status');
    keys('Enter');
    const status = await waitFor((s) => /request size\s+tool definitions/.test(s), 'the request size in /status');
    const line = status.split('\n').find((l) => /request size/.test(l))!;
    expect(line).toMatch(/tool definitions [\d.]+ KiB in every request \(\d+ tools; MCP 100 tools, [\d.]+ KiB\)/);
    const mcpKiB = Number(/MCP 100 tools, ([\d.]+) KiB/.exec(line)![1]);
    expect(mcpKiB).toBeLessThanOrEqual(64);
    keys('-l', '/mcp');
    keys('Enter');
    const mcp = await waitFor((s) => /100 tools, [\d.]+ KiB in every request/.test(s), 'the per-server request size in /mcp');
    expect(mcp).toContain(`100 tools, ${mcpKiB.toFixed(1)} KiB in every request`);
  }, 60_000);
});
