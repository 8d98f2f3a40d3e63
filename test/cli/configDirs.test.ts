// Issue 13.10: config and data where users look. A temporary HOME (no WSAGENT_CONFIG_DIR): the old
// ~/.config/wsagent-nodejs moves once to ~/.config/wsagent, sessions live under ~/.local/share/wsagent;
// and a repository's .wsagent/config.json is the lowest settings layer, refused when it tries to
// redirect the key or loosen approvals.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/config/exitCodes.js';
import { createSimulator, type Simulator } from '../../src/simulator/index.js';
import { runCli } from '../helpers/cli.js';
import { copyCalcJs } from '../helpers/fixtureRepo.js';

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
