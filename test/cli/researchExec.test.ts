// view_image and web search through the real CLI: `exec --json` lines carry the web_search event and
// the answer's citations (every line valid against docs/json-events.schema.json), and `-p` prints
// the cited sources under the answer on stdout, the search on stderr.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../src/simulator/index.js';
import { runCli } from '../helpers/cli.js';
import { TINY_PNG } from '../helpers/images.js';

const validate = new Ajv({ allErrors: true, strict: false }).compile(
  JSON.parse(readFileSync(new URL('../../docs/json-events.schema.json', import.meta.url), 'utf8')),
);
const validateCodex = new Ajv({ allErrors: true, strict: false }).compile(
  JSON.parse(readFileSync(new URL('../../docs/codex-events.schema.json', import.meta.url), 'utf8')),
);
const PROMPT = 'The cards in screenshot.png touch each other in Safari. Is that a known bug?';

let sim: Simulator | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await sim?.close();
  sim = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function setup(): Promise<{ cwd: string; env: NodeJS.ProcessEnv }> {
  sim = await createSimulator({ scenario: 'research' });
  const cwd = mkdtempSync(join(tmpdir(), 'wsagent-research-cli-'));
  const config = mkdtempSync(join(tmpdir(), 'wsagent-research-config-'));
  dirs.push(cwd, config);
  writeFileSync(join(cwd, 'screenshot.png'), TINY_PNG);
  return { cwd, env: { OPENAI_API_KEY: 'sk-research', WSAGENT_CONFIG_DIR: config, WSAGENT_WEB_SEARCH: 'live', OPENAI_BASE_URL: '', WSAGENT_MODEL: '' } };
}

describe('view_image and web_search from the command line', () => {
  it('exec --json: the search and the citations as documented events', async () => {
    const { cwd, env } = await setup();
    const r = await runCli(['exec', '--json', '--base-url', sim!.baseUrl, PROMPT], { env, cwd });
    expect(r.code, r.stderr).toBe(0);
    const events = r.stdout
      .trim()
      .split('\n')
      .map((line) => {
        const event = JSON.parse(line) as Record<string, any>;
        if (!validate(event)) throw new Error(`not in the schema: ${line.slice(0, 300)}\n${JSON.stringify(validate.errors?.slice(0, 3))}`);
        return event;
      });
    expect(events.find((e) => e.type === 'tool.completed')).toMatchObject({ name: 'view_image', ok: true });
    expect(events.find((e) => e.type === 'web_search')).toMatchObject({ display: 'searched: safari flexbox gap not working' });
    const done = events.filter((e) => e.type === 'assistant.done').at(-1)!;
    expect(done.citations).toHaveLength(2);
    expect(done.citations[0]).toMatchObject({ url: 'https://caniuse.com/flexbox-gap', text: 'Safari before 14.1 ignores the gap property in flex layouts' });
    expect(sim!.log.responses().every((e) => e.status === 'completed')).toBe(true);
  });

  it('--json-format codex: the search as a web_search item', async () => {
    const { cwd, env } = await setup();
    const r = await runCli(['exec', '--json-format', 'codex', '--base-url', sim!.baseUrl, PROMPT], { env, cwd });
    expect(r.code, r.stderr).toBe(0);
    const items = r.stdout
      .trim()
      .split('\n')
      .map((line) => {
        const event = JSON.parse(line) as Record<string, any>;
        if (!validateCodex(event)) throw new Error(`not in the Codex schema: ${line.slice(0, 300)}\n${JSON.stringify(validateCodex.errors?.slice(0, 3))}`);
        return event;
      })
      .filter((e) => e.type === 'item.completed')
      .map((e) => e.item);
    expect(items.find((i) => i.type === 'web_search')).toMatchObject({ query: 'safari flexbox gap not working' });
  });

  it('-p: the answer, then its numbered sources, on stdout', async () => {
    const { cwd, env } = await setup();
    const r = await runCli(['-p', PROMPT, '--base-url', sim!.baseUrl, '--transport', 'http'], { env: { ...env, WSAGENT_WEB_SEARCH: 'cached' }, cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Safari 14.1 added flexbox gap');
    expect(r.stdout).toContain(
      'Sources:\n[1] Flexbox gap | Can I use: https://caniuse.com/flexbox-gap\n[2] New WebKit Features in Safari 14.1: https://webkit.org/blog/11648/',
    );
    expect(r.stderr).toContain('searched: safari flexbox gap not working');
  });
});
