// A stdio MCP server lives only as long as wsagent: killed when the session ends, and when
// wsagent is stopped with SIGTERM or Ctrl-C (SIGINT) in the middle of a call.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../../src/simulator/index.js';
import { BIN, runCli } from '../../helpers/cli.js';
import { cliEnv, configWith, emptyRepo, stdioServer } from './mcpHarness.js';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const slowScenario = {
  name: 'mcp-hang',
  description: 'a call that takes long',
  steps: [{ calls: [{ name: 'mcp__demo__slow', arguments: { ms: 60_000 } }] }, { message: 'never' }],
};

describe('MCP child processes', () => {
  it('are gone after a normal exit', async () => {
    sim = await createSimulator({
      scenario: { name: 'hi', description: 'hi', steps: [{ calls: [{ name: 'mcp__demo__echo', arguments: { text: 'x' } }] }, { message: 'bye' }] },
    });
    const repo = emptyRepo();
    const pidFile = join(repo, '..', `${Date.now()}-pid`);
    const r = await runCli(['exec', '--base-url', sim.baseUrl, '-C', repo, 'Hi.'], {
      env: cliEnv(configWith({ demo: stdioServer({ DEMO_PID_FILE: pidFile }) })),
      timeoutMs: 60_000,
    });
    expect(r.code).toBe(0);
    const pid = Number(readFileSync(pidFile, 'utf8'));
    await until(() => !alive(pid), 'the server to exit');
  });

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`are killed when wsagent gets ${signal} during a call`, async () => {
      sim = await createSimulator({ scenario: slowScenario });
      const repo = emptyRepo();
      const pidFile = join(repo, '..', `${Date.now()}-${signal}-pid`);
      const configDir = configWith({ demo: stdioServer({ DEMO_PID_FILE: pidFile }) });
      const child = spawn(process.execPath, [BIN, 'exec', '--json', '--base-url', sim.baseUrl, '-C', repo, 'Hang.'], {
        env: { ...process.env, ...cliEnv(configDir) },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('close', (code, sig) => resolve(code ?? (sig ? -1 : null))));
      await until(() => stdout.includes('"type":"tool.started"') && existsSync(pidFile), 'the slow call to start');
      const pid = Number(readFileSync(pidFile, 'utf8'));
      expect(alive(pid)).toBe(true);
      child.kill(signal);
      const code = await exited;
      expect(code).not.toBe(0);
      await until(() => !alive(pid), 'the server to be killed');
    });
  }
});
