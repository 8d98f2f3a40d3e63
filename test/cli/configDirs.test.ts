// Issue 13.10: config and data where users look. A temporary HOME (no WSAGENT_CONFIG_DIR): the old
// ~/.config/wsagent-nodejs moves once to ~/.config/wsagent, sessions live under ~/.local/share/wsagent;
// and a repository's .wsagent/config.json is the lowest settings layer, refused when it tries to
// redirect the key or loosen approvals.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/config/exitCodes.js';
import { createSimulator, type Simulator } from '../../src/simulator/index.js';
import { runCli } from '../helpers/cli.js';
import { copyCalcJs } from '../helpers/fixtureRepo.js';
import { STDIO_SERVER } from '../tools/mcp/mcpHarness.js';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

function homeEnv(home: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    HOME: home,
    XDG_CONFIG_HOME: '',
    XDG_DATA_HOME: '',
    WSAGENT_CONFIG_DIR: '',
    WSAGENT_DATA_DIR: '',
    OPENAI_API_KEY: 'sk-dirs-test',
    OPENAI_BASE_URL: '',
    WSAGENT_MODEL: '',
    ...extra,
  };
}

const oneAnswer = { name: 'answer', description: 'one answer', steps: [{ message: 'ok' }] };

describe('config and data directories (13.10)', () => {
  it('moves ~/.config/wsagent-nodejs once; settings in ~/.config/wsagent, sessions in ~/.local/share/wsagent', async () => {
    const home = mkdtempSync(join(tmpdir(), 'wsagent-home-'));
    const legacy = join(home, '.config', 'wsagent-nodejs');
    mkdirSync(join(legacy, 'sessions'), { recursive: true });
    writeFileSync(join(legacy, 'config.json'), JSON.stringify({ model: 'gpt-4.1-mini' }));
    const id = '20260101-000000-abcdef12';
    writeFileSync(
      join(legacy, 'sessions', `${id}.jsonl`),
      `${JSON.stringify({ t: 'session', v: 1, id, createdAt: '2026-01-01T00:00:00.000Z', model: 'gpt-4.1-mini', cwd: home })}\n`,
    );

    const listed = await runCli(['sessions'], { env: homeEnv(home) });
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(id);
    expect(existsSync(legacy)).toBe(false);
    expect(JSON.parse(readFileSync(join(home, '.config', 'wsagent', 'config.json'), 'utf8'))).toEqual({ model: 'gpt-4.1-mini' });
    expect(readdirSync(join(home, '.local', 'share', 'wsagent', 'sessions'))).toEqual([`${id}.jsonl`]);
    expect((await runCli(['config', 'path'], { env: homeEnv(home) })).stdout.trim()).toBe(join(home, '.config', 'wsagent', 'config.json'));

    // Once: a wsagent-nodejs directory that appears again is left alone.
    mkdirSync(legacy);
    writeFileSync(join(legacy, 'config.json'), JSON.stringify({ model: 'gpt-4o' }));
    sim = await createSimulator({ scenario: oneAnswer });
    const r = await runCli(['-p', 'hi', '--base-url', sim.baseUrl, '-C', copyCalcJs()], { env: homeEnv(home) });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(existsSync(join(legacy, 'config.json'))).toBe(true);
    expect(sim.log.responses().every((e) => e.model === 'gpt-4.1-mini')).toBe(true);
    expect(readdirSync(join(home, '.local', 'share', 'wsagent', 'sessions'))).toHaveLength(2);
    expect(existsSync(join(home, '.config', 'wsagent', 'sessions'))).toBe(false);
  });

  it('WSAGENT_DATA_DIR moves the sessions alone', async () => {
    const home = mkdtempSync(join(tmpdir(), 'wsagent-home-'));
    const data = mkdtempSync(join(tmpdir(), 'wsagent-data-'));
    sim = await createSimulator({ scenario: oneAnswer });
    const r = await runCli(['-p', 'hi', '--base-url', sim.baseUrl, '-C', copyCalcJs()], { env: homeEnv(home, { WSAGENT_DATA_DIR: data }) });
    expect(r.code).toBe(0);
    expect(readdirSync(join(data, 'sessions'))).toHaveLength(1);
    expect(existsSync(join(home, '.local', 'share', 'wsagent', 'sessions'))).toBe(false);
  });
});

// Issue 19: `mcp add` wrote ~/.config/wsagent-nodejs while `mcp list`, `mcp get` and sessions read
// ~/.config/wsagent. Every command must meet the same file, on a fresh HOME and beside a legacy directory.
describe('one settings file for every reader and writer (19)', () => {
  const homes: string[] = [];
  afterEach(() => {
    for (const dir of homes.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  const echoScenario = {
    name: 'mcp-user',
    description: 'call the user server tool',
    steps: [{ calls: [{ name: 'mcp__echo__echo', arguments: { text: 'seen' } }] }, { expect: { contains: 'echo: seen' }, message: 'The server answered.' }],
  };

  async function addListGetRunRemove(home: string): Promise<void> {
    const env = homeEnv(home);
    const settings = join(home, '.config', 'wsagent', 'config.json');
    const add = await runCli(['mcp', 'add', 'echo', '--env', 'DEMO_LABEL=echo', '--', process.execPath, STDIO_SERVER], { env });
    expect(add.stderr).toBe('');
    expect(add.code).toBe(0);
    expect(JSON.parse(readFileSync(settings, 'utf8')).mcpServers.echo.args).toEqual([STDIO_SERVER]);
    expect(existsSync(join(home, '.config', 'wsagent-nodejs'))).toBe(false);

    const list = await runCli(['mcp', 'list'], { env });
    expect(list.code).toBe(0);
    expect(list.stdout).toContain('echo');
    expect(list.stdout).not.toContain('No MCP servers configured');
    const get = await runCli(['mcp', 'get', 'echo'], { env });
    expect(get.code).toBe(0);
    expect(get.stdout).toContain(STDIO_SERVER);

    const set = await runCli(['config', 'set', 'maxTurns', '9'], { env });
    expect(set.code).toBe(0);
    expect((await runCli(['config', 'get', 'maxTurns'], { env })).stdout.trim()).toBe('9');
    expect((await runCli(['config', 'list'], { env })).stdout).toMatch(/^maxTurns +9 +config /m);

    // A session started afterwards sees the server: its tool is offered and called.
    sim = await createSimulator({ scenario: echoScenario });
    const repo = copyCalcJs();
    homes.push(join(repo, '..'));
    const run = await runCli(['exec', '--base-url', sim.baseUrl, '-C', repo, 'Go.'], { env, timeoutMs: 60_000 });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('The server answered.');
    // The scenario's second step matches only when the tool's output came back (an unoffered tool fails the turn).
    expect(
      sim.log
        .responses()
        .filter((e) => e.generate)
        .map((e) => e.step),
    ).toEqual([0, 1]);
    expect(readdirSync(join(home, '.local', 'share', 'wsagent', 'sessions'))).toHaveLength(1);

    const remove = await runCli(['mcp', 'remove', 'echo'], { env });
    expect(remove.code).toBe(0);
    expect((await runCli(['mcp', 'list'], { env })).stdout).toContain('No MCP servers configured');
    expect(JSON.parse(readFileSync(settings, 'utf8')).mcpServers).toEqual({});
    expect(existsSync(join(home, '.config', 'wsagent-nodejs'))).toBe(false);
  }

  it('on a fresh HOME: add, list, get, config set/get, a session that uses the server, remove', async () => {
    const home = mkdtempSync(join(tmpdir(), 'wsagent-home-'));
    homes.push(home);
    await addListGetRunRemove(home);
  });

  it('beside a legacy ~/.config/wsagent-nodejs: the first writer moves it, and everything meets in ~/.config/wsagent', async () => {
    const home = mkdtempSync(join(tmpdir(), 'wsagent-home-'));
    homes.push(home);
    mkdirSync(join(home, '.config', 'wsagent-nodejs'), { recursive: true });
    writeFileSync(join(home, '.config', 'wsagent-nodejs', 'config.json'), JSON.stringify({ model: 'gpt-4.1-mini' }));
    await addListGetRunRemove(home);
    expect(JSON.parse(readFileSync(join(home, '.config', 'wsagent', 'config.json'), 'utf8')).model).toBe('gpt-4.1-mini');
    expect(sim!.log.responses().every((e) => e.model === 'gpt-4.1-mini')).toBe(true);
  });
});

describe('.wsagent/config.json in the repository (13.10)', () => {
  it('is found from a subdirectory up to the repository root, below the user config, the environment and flags', async () => {
    const home = mkdtempSync(join(tmpdir(), 'wsagent-home-'));
    const repo = copyCalcJs();
    mkdirSync(join(repo, '.wsagent'));
    writeFileSync(join(repo, '.wsagent', 'config.json'), JSON.stringify({ model: 'gpt-4.1-nano', maxTurns: 7 }));
    sim = await createSimulator({ scenario: oneAnswer });
    const model = async (extra: Record<string, string> = {}, args: string[] = []): Promise<string | null> => {
      const before = sim!.log.responses().length;
      const r = await runCli(['-p', 'hi', '--base-url', sim!.baseUrl, '-C', join(repo, 'src'), ...args], { env: homeEnv(home, extra) });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      return sim!.log.responses().slice(before).at(-1)!.model;
    };
    expect(await model()).toBe('gpt-4.1-nano');
    const listed = await runCli(['config', 'list'], { env: homeEnv(home), cwd: join(repo, 'src') });
    expect(listed.stdout).toMatch(/^model +gpt-4\.1-nano +project /m);
    expect(listed.stdout).toMatch(/^maxTurns +7 +project /m);
    expect(await model({ WSAGENT_MODEL: 'gpt-4o' })).toBe('gpt-4o');
    expect(await model({}, ['-m', 'gpt-5-mini'])).toBe('gpt-5-mini');
    mkdirSync(join(home, '.config', 'wsagent'), { recursive: true });
    writeFileSync(join(home, '.config', 'wsagent', 'config.json'), JSON.stringify({ model: 'gpt-4.1' }));
    expect(await model()).toBe('gpt-4.1');
  });

  it('may not choose where the key goes nor loosen approvals: exit 3, one line, no request made', async () => {
    const home = mkdtempSync(join(tmpdir(), 'wsagent-home-'));
    sim = await createSimulator({ scenario: oneAnswer });
    for (const key of ['baseUrl', 'provider', 'providers', 'headers', 'apiKeyHeader', 'apiKey', 'approval', 'sandbox']) {
      const repo = copyCalcJs();
      mkdirSync(join(repo, '.wsagent'));
      writeFileSync(join(repo, '.wsagent', 'config.json'), JSON.stringify({ [key]: key === 'providers' || key === 'headers' ? { x: 'y' } : 'full-auto' }));
      const r = await runCli(['-p', 'hi', '--base-url', sim.baseUrl, '-C', repo], { env: homeEnv(home) });
      expect(r.code, key).toBe(EXIT.config);
      expect(r.stderr).toContain(`may not set "${key}": a repository's settings cannot choose where your API key goes`);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(sim.log.responses()).toHaveLength(0);
  });
});
