// Bad config files and refused credentials give one clear line: the file is named, the config
// commands that can still work do, `config set` does not mangle a file that is not an object, and
// the 401 message is one sentence ending in one full stop.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../src/simulator/index.js';
import { runCli } from '../helpers/cli.js';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

function configWith(content: string) {
  const dir = mkdtempSync(join(tmpdir(), 'wsagent-badconfig-'));
  const file = join(dir, 'config.json');
  writeFileSync(file, content);
  return { file, env: { WSAGENT_CONFIG_DIR: dir, OPENAI_API_KEY: 'sk-config-test', OPENAI_BASE_URL: '', WSAGENT_MODEL: '' } };
}

describe('a corrupt config file', () => {
  it('is named; config path, list, get and unset still work; config set refuses; a run says which file', async () => {
    const { file, env } = configWith('{"model": "gpt-5.2",\n');
    const path = await runCli(['config', 'path'], { env });
    expect(path).toMatchObject({ code: 0, stdout: `${file}\n`, stderr: '' });

    const list = await runCli(['config', 'list'], { env });
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^model\s+gpt-5\.2\s+default/m);
    expect(list.stderr).toBe(
      `wsagent: warning: ${file} is not valid JSON (${jsonError('{"model": "gpt-5.2",\n')}); its settings are ignored until it is fixed or removed\n`,
    );

    const get = await runCli(['config', 'get', 'model'], { env });
    expect(get.code).toBe(0);
    expect(get.stderr).toContain(file);

    const unset = await runCli(['config', 'unset', 'model'], { env });
    expect(unset.code).toBe(0);
    expect(unset.stdout).toMatch(/^model = .* \(default\)\n$/);
    expect(unset.stderr).toContain(`${file} is not valid JSON`);

    const set = await runCli(['config', 'set', 'model', 'gpt-5-mini'], { env });
    expect(set.code).toBe(3);
    expect(set.stderr).toMatch(
      new RegExp(`^wsagent: ${escapeRegExp(file)} is not valid JSON \\(.*\\); \`config set\` will not write into it: fix or remove it first\\n$`),
    );
    expect(readFileSync(file, 'utf8')).toBe('{"model": "gpt-5.2",\n');

    const run = await runCli(['exec', 'hello'], { env });
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(new RegExp(`^wsagent: cannot read the config store: ${escapeRegExp(file)} is not valid JSON \\(.*\\); fix or remove it\\n$`));
  });

  it('config set refuses to merge into a file whose top level is not an object, and leaves it alone', async () => {
    for (const content of ['[1, 2]\n', '"just a string"\n', 'null\n']) {
      const { file, env } = configWith(content);
      const set = await runCli(['config', 'set', 'model', 'gpt-5-mini'], { env });
      expect(set.code).toBe(3);
      expect(set.stderr).toMatch(
        new RegExp(
          `^wsagent: ${escapeRegExp(file)} does not hold a JSON object \\(its top level is (an array|a string|null)\\); \`config set\` will not write into it`,
        ),
      );
      expect(readFileSync(file, 'utf8')).toBe(content);
      const list = await runCli(['config', 'list'], { env });
      expect(list.code).toBe(0);
    }
  });
});

describe('a refused API key', () => {
  for (const transport of ['ws', 'http'] as const) {
    it(`over ${transport}: the 401 message ends with exactly one full stop`, async () => {
      sim = await createSimulator({ scenario: 'chat', apiKey: 'sk-the-right-one' });
      const { env } = configWith('{}');
      const r = await runCli(['exec', '--transport', transport, '--base-url', sim.baseUrl, 'hello'], { env: { ...env, OPENAI_API_KEY: 'sk-a-wrong-one' } });
      expect(r.code).toBe(3);
      const line = r.stderr.trim();
      expect(line).toMatch(/rejected the credentials \(HTTP 401\)/);
      expect(line).not.toMatch(/\.\./);
      expect(line).toMatch(/[^.]\.$/);
      expect(r.stderr).not.toContain('sk-a-wrong-one');
    });
  }
});

function jsonError(text: string): string {
  try {
    JSON.parse(text);
  } catch (err) {
    return (err as Error).message;
  }
  return '';
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
