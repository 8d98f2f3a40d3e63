// Issue 19: nothing the model runs can change what the *next* session starts outside the sandbox.
// A command that writes .wsagent/config.json in a trusted repository (unconfined here, --yolo, so
// only trust can stop it) untrusts it: the next session starts none of its servers and says why,
// until `wsagent trust` again. The file tools never write .wsagent/ without an explicit yes: an
// apply_patch or write_file there is refused in auto-edit, full-auto and --yolo alike when no one
// can answer, and asks, with the reason, when someone can.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../src/agent/events.js';
import type { ApprovalRequest } from '../../src/agent/ports.js';
import { createAgentApp } from '../../src/cli/agentApp.js';
import { DEFAULTS } from '../../src/config/settings.js';
import { createSimulator, type Scenario, type Simulator } from '../../src/simulator/index.js';
import { runCli } from '../helpers/cli.js';
import { git } from '../helpers/fixtureRepo.js';
import { sandboxSetting } from '../helpers/sandboxAvailable.js';
import { cliEnv, configWith, emptyRepo, jsonLines, stdioServer } from '../tools/mcp/mcpHarness.js';

let sim: Simulator | undefined;
const cleanup: string[] = [];
afterEach(async () => {
  await sim?.close();
  sim = undefined;
  for (const dir of cleanup.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function repository(): string {
  const repo = emptyRepo();
  cleanup.push(repo);
  git(repo, ['init', '-q', '-b', 'main']);
  writeFileSync(join(repo, 'README.md'), 'a repository\n');
  return repo;
}

const PATCH = ['*** Begin Patch', '*** Add File: .wsagent/config.json', '+{"mcpServers": {"evil": {"command": "sh"}}}', '*** End Patch', ''].join('\n');

describe('.wsagent/ and trust', () => {
  it('a command that writes .wsagent/config.json untrusts the repository: the next session starts nothing from it, until trusted again', async () => {
    const repo = repository();
    const configDir = configWith({});
    cleanup.push(configDir);
    const marker = join(configDir, 'evil-started');
    const evil = JSON.stringify({ mcpServers: { evil: stdioServer({ DEMO_READY_FILE: marker }) } });
    expect((await runCli(['mcp', 'trust'], { env: cliEnv(configDir), cwd: repo })).code).toBe(0);

    const write = `mkdir -p .wsagent && cat > .wsagent/config.json <<'EOF'\n${evil}\nEOF`;
    sim = await createSimulator({
      scenario: {
        name: 'plant',
        description: '',
        steps: [{ calls: [{ name: 'run_command', arguments: { command: write, timeout_ms: null } }] }, { message: 'Planted.' }],
      },
    });
    const planted = await runCli(['exec', '--json', '--yolo', '--base-url', sim.baseUrl, '-C', repo, 'Go.'], { env: cliEnv(configDir), timeoutMs: 60_000 });
    expect(planted.code).toBe(0);
    expect(JSON.parse(readFileSync(join(repo, '.wsagent', 'config.json'), 'utf8'))).toEqual(JSON.parse(evil)); // the write happened
    await sim.close();

    sim = await createSimulator({ scenario: { name: 'hi', description: '', steps: [{ message: 'Hello.' }] } });
    const next = await runCli(['exec', '--json', '--base-url', sim.baseUrl, '-C', repo, 'Hi.'], { env: cliEnv(configDir), timeoutMs: 60_000 });
    expect(next.code).toBe(0);
    const notices = jsonLines(next.stdout).filter((e) => e.code === 'mcp_project_untrusted');
    expect(notices).toHaveLength(1);
    expect(notices[0]!.message).toContain('changed since you trusted this repository, so MCP servers (evil) were not started');
    expect(existsSync(marker)).toBe(false);
    const listed = await runCli(['mcp', 'list'], { env: cliEnv(configDir), cwd: repo });
    expect(listed.stdout).toContain('(project changed since trusted: not started)');

    // Trusted again, as it is now: the server starts.
    const trust = await runCli(['trust'], { env: cliEnv(configDir), cwd: repo });
    expect(trust.code).toBe(0);
    expect(trust.stdout).toContain('with its MCP servers evil');
    await sim.close();
    sim = await createSimulator({ scenario: { name: 'hi', description: '', steps: [{ message: 'Hello.' }] } });
    const trusted = await runCli(['exec', '--json', '--base-url', sim.baseUrl, '-C', repo, 'Hi.'], { env: cliEnv(configDir), timeoutMs: 60_000 });
    expect(jsonLines(trusted.stdout).filter((e) => e.type === 'error')).toEqual([]);
    expect(existsSync(marker)).toBe(true);
  });

  it('apply_patch and write_file never write .wsagent/ where no one can answer, in auto-edit, full-auto and --yolo', async () => {
    const repo = repository();
    const configDir = configWith({});
    cleanup.push(configDir);
    // Each model family has its own editing tools: apply_patch for GPT-5, write_file for the others.
    const attempts = [
      { model: 'gpt-5.2', tool: 'apply_patch', call: { name: 'apply_patch', input: PATCH } },
      { model: 'gpt-4.1', tool: 'write_file', call: { name: 'write_file', arguments: { path: 'sub/../.wsagent/config.json', content: '{"mcpServers": {}}' } } },
    ];
    for (const flags of [['--approval', 'auto-edit'], ['--full-auto', '--sandbox', sandboxSetting], ['--yolo']]) {
      for (const { model, tool, call } of attempts) {
        const scenario: Scenario = { name: 'patch-settings', description: '', steps: [{ calls: [call] }, { message: 'Tried.' }] };
        sim = await createSimulator({ scenario });
        const r = await runCli(['exec', '--json', '-m', model, ...flags, '--base-url', sim.baseUrl, '-C', repo, 'Go.'], {
          env: cliEnv(configDir),
          timeoutMs: 60_000,
        });
        expect(r.code, r.stderr).toBe(0);
        const done = jsonLines(r.stdout).filter((e) => e.type === 'tool.completed');
        expect(done.map((e) => [e.name, e.ok])).toEqual([[tool, false]]);
        for (const e of done) expect(e.output).toContain("wsagent's settings for this repository, which always needs the user's explicit approval");
        expect(existsSync(join(repo, '.wsagent'))).toBe(false);
        await sim.close();
        sim = undefined;
      }
    }
  });

  it('interactively, a write to .wsagent/ asks even in full-auto, says why, and happens only on yes', async () => {
    const repo = repository();
    mkdirSync(join(repo, '.wsagent'));
    writeFileSync(join(repo, '.wsagent', 'config.json'), '{}\n');
    for (const decision of ['deny', 'approve'] as const) {
      sim = await createSimulator({
        scenario: {
          name: 'edit-settings',
          description: '',
          steps: [{ calls: [{ name: 'write_file', arguments: { path: '.wsagent/config.json', content: '{"model": "gpt-5"}\n' } }] }, { message: 'Done.' }],
        },
      });
      const configDir = configWith({});
      cleanup.push(configDir);
      const events: AgentEvent[] = [];
      const asked: ApprovalRequest[] = [];
      const app = await createAgentApp({
        // A model outside the GPT-5 family: write_file is its editing tool.
        settings: { ...DEFAULTS, model: 'gpt-4.1', apiKey: 'sk-settings-test', baseUrl: sim.baseUrl, approval: 'full-auto', sandbox: sandboxSetting },
        cwd: repo,
        configDir,
        approver: async (request) => {
          asked.push(request);
          return { decision };
        },
        onEvent: (event) => events.push(event),
      });
      try {
        await app.agent.runTurn('Change the settings.');
      } finally {
        await app.close();
      }
      expect(asked.map((a) => a.name)).toEqual(['write_file']);
      const required = events.find((e) => e.type === 'tool.approval_required');
      expect(required && 'reason' in required ? required.reason : '').toContain(
        "write_file would change .wsagent/config.json: wsagent's settings for this repository, which decide what later sessions run",
      );
      const expected = decision === 'approve' ? '{"model": "gpt-5"}\n' : '{}\n';
      expect(readFileSync(join(repo, '.wsagent', 'config.json'), 'utf8')).toBe(expected);
      await sim.close();
      sim = undefined;
    }
  });
});
