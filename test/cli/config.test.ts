// `wsagent config` and `wsagent sessions`: settings persist with mode 0600, layers override in
// order, the key is never printed.
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

function freshEnv(): NodeJS.ProcessEnv {
  return { WSAGENT_CONFIG_DIR: mkdtempSync(join(tmpdir(), 'wsagent-config-')), OPENAI_API_KEY: '', OPENAI_BASE_URL: '', WSAGENT_MODEL: '' };
}

describe('wsagent config', () => {
  it('sets, gets, lists and unsets settings; the file is private; flags > env > file', async () => {
    const env = freshEnv();
    expect((await runCli(['config', 'set', 'model', 'gpt-5-mini'], { env })).stdout).toBe('model = gpt-5-mini\n');
    expect((await runCli(['config', 'get', 'model'], { env })).stdout).toBe('gpt-5-mini\n');
    const path = (await runCli(['config', 'path'], { env })).stdout.trim();
    expect(path).toBe(join(env.WSAGENT_CONFIG_DIR!, 'config.json'));
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const list = (await runCli(['config', 'list'], { env: { ...env, WSAGENT_TRANSPORT: 'http' } })).stdout;
    expect(list).toMatch(/^model\s+gpt-5-mini\s+config/m);
    expect(list).toMatch(/^transport\s+http\s+env/m);
    expect(list).toMatch(/^approval\s+suggest\s+default/m);
    expect((await runCli(['config', 'get', 'model'], { env: { ...env, WSAGENT_MODEL: 'gpt-4.1' } })).stdout).toBe('gpt-4.1\n');
    expect((await runCli(['config', 'unset', 'model'], { env })).stdout).toContain('gpt-5.2 (default)');
  });

  it('stores the API key from stdin and never prints it', async () => {
    const env = freshEnv();
    const secret = 'sk-never-printed-4242424242';
    const set = await runCli(['config', 'set', 'apiKey'], { env, input: `${secret}\n` });
    expect(set.code).toBe(0);
    expect(set.stdout).toBe('apiKey = (set, hidden)\n');
    const outputs = [set, await runCli(['config', 'get', 'apiKey'], { env }), await runCli(['config', 'list'], { env })];
    for (const r of outputs) expect(r.stdout + r.stderr).not.toContain(secret);
    expect(outputs[1]!.stdout).toBe('(set, hidden)\n');
    expect(readFileSync(join(env.WSAGENT_CONFIG_DIR!, 'config.json'), 'utf8')).toContain(secret);
  });

  it('rejects unknown keys and bad values with exit 2', async () => {
    const env = freshEnv();
    const unknown = await runCli(['config', 'set', 'colour', 'blue'], { env });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown setting "colour" \(known: apiKey, baseUrl/);
    const bad = await runCli(['config', 'set', 'approval', 'yolo'], { env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('approval must be one of suggest, auto-edit, full-auto');
  });

  it('a bad value in the environment is a config error (exit 3) naming the variable', async () => {
    const r = await runCli(['-p', 'hi'], { env: { ...freshEnv(), OPENAI_API_KEY: 'sk-x', WSAGENT_TRANSPORT: 'smoke-signals' } });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('environment variable WSAGENT_TRANSPORT: transport must be one of auto, ws, http');
  });
});

describe('wsagent sessions', () => {
  it('says when there are none', async () => {
    const r = await runCli(['sessions'], { env: freshEnv() });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('no saved sessions yet\n');
  });
});
