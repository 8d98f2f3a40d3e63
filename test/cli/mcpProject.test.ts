// Project MCP servers (<repository>/.wsagent/config.json) start only in a project the user trusts:
// before `wsagent mcp trust` a session says so once and offers none of their tools; after it, the
// scripted model can call them.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../src/simulator/index.js';
import { runCli } from '../helpers/cli.js';
import { git } from '../helpers/fixtureRepo.js';
import { cliEnv, configWith, emptyRepo, jsonLines, stdioServer } from '../tools/mcp/mcpHarness.js';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe('project MCP servers', () => {
  it('are not started until the project is trusted', async () => {
    const repo = emptyRepo();
    git(repo, ['init', '-q', '-b', 'main']);
    mkdirSync(join(repo, '.wsagent'));
    writeFileSync(join(repo, '.wsagent', 'config.json'), JSON.stringify({ mcpServers: { proj: stdioServer({ DEMO_LABEL: 'proj' }) } }));
    const configDir = configWith({});
    const scenario = {
      name: 'mcp-project',
      description: 'call a project server tool',
      steps: [
        { calls: [{ name: 'mcp__proj__echo', arguments: { text: 'from the project' } }] },
        { expect: { contains: 'proj echo: from the project' }, message: 'Project server works.' },
      ],
    };

    sim = await createSimulator({ scenario });
    const before = await runCli(['exec', '--json', '--base-url', sim.baseUrl, '-C', join(repo), 'Go.'], { env: cliEnv(configDir), timeoutMs: 60_000 });
    const events = jsonLines(before.stdout);
    const notices = events.filter((e) => e.type === 'error' && e.code === 'mcp_project_untrusted');
    expect(notices).toHaveLength(1);
    expect(String(notices[0]!.message)).toContain('wsagent mcp trust');
    // The simulator's model wanted mcp__proj__echo but the request did not offer it.
    expect(JSON.stringify(events)).toContain('offers no such tool');
    const list = await runCli(['mcp', 'list'], { env: cliEnv(configDir), cwd: repo });
    expect(list.stdout).toContain('(project not trusted: not started)');
    await sim.close();

    const trust = await runCli(['mcp', 'trust'], { env: cliEnv(configDir), cwd: repo });
    expect(trust.code).toBe(0);
    expect(trust.stdout).toContain('trusted');
    sim = await createSimulator({ scenario });
    const after = await runCli(['exec', '--json', '--base-url', sim.baseUrl, '-C', repo, 'Go.'], { env: cliEnv(configDir), timeoutMs: 60_000 });
    expect(after.code).toBe(0);
    const done = jsonLines(after.stdout);
    expect(done.filter((e) => e.type === 'error')).toEqual([]);
    expect(done.at(-1)).toMatchObject({ status: 'completed', finalMessage: 'Project server works.' });
  });
});
