// Provider profiles (issue 10.3): an Azure-style gateway that requires `?api-version=…` and the key in
// an `api-key` header (and no Authorization) works over HTTP, over the socket and for compaction, with
// the query given in the profile's `query` or in its base URL (which used to break every HTTP request:
// "Invalid URL (POST /v1)"). Header values and keys never reach the terminal.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../src/simulator/index.js';
import { runCli } from '../helpers/cli.js';
import { type Gateway, startGateway } from '../helpers/gatewayProxy.js';

const AZURE_KEY = 'azure-key-0123456789abcdef';
const OPENAI_KEY = 'sk-must-not-travel-42';
const HEADER_SECRET = 'header-secret-value-777';
const API_VERSION = '2025-04-01-preview';

let sim: Simulator | undefined;
let gateway: Gateway | undefined;
afterEach(async () => {
  await gateway?.close();
  gateway = undefined;
  await sim?.close();
  sim = undefined;
});

function configWith(store: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'wsagent-provider-'));
  writeFileSync(join(dir, 'config.json'), JSON.stringify(store), { mode: 0o600 });
  return dir;
}

function env(configDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { WSAGENT_CONFIG_DIR: configDir, OPENAI_API_KEY: OPENAI_KEY, AZURE_OPENAI_API_KEY: AZURE_KEY, OPENAI_BASE_URL: '', WSAGENT_MODEL: '', ...extra };
}

describe('an Azure-style provider profile', () => {
  it.each([
    ['http', 'query'],
    ['http', 'baseUrl'],
    ['ws', 'query'],
    ['ws', 'baseUrl'],
  ] as const)('works over %s with the api-version in the profile %s, compaction included', async (transport, where) => {
    sim = await createSimulator({ scenario: 'chat' });
    gateway = await startGateway(sim, { query: { 'api-version': API_VERSION }, keyHeader: 'api-key', key: AZURE_KEY });
    const profile = {
      baseUrl: where === 'baseUrl' ? `${gateway.baseUrl}?api-version=${API_VERSION}` : gateway.baseUrl,
      apiKeyEnv: 'AZURE_OPENAI_API_KEY',
      apiKeyHeader: 'api-key',
      headers: { 'X-Gateway-Secret': HEADER_SECRET },
      ...(where === 'query' && { query: { 'api-version': API_VERSION } }),
      transport,
      model: 'gpt-5.2',
    };
    // The config file holds real objects, as a hand-edited one would.
    const dir = configWith({ providers: { azure: profile } });
    const cwd = mkdtempSync(join(tmpdir(), 'wsagent-provider-cwd-'));
    // Compaction before every request (threshold 1 token): /responses/compact goes through the gateway too.
    const r = await runCli(['exec', '--provider', 'azure', '-C', cwd, 'What is the difference between debounce and throttle?'], {
      env: env(dir, { WSAGENT_COMPACT_THRESHOLD: '1' }),
      timeoutMs: 30_000,
    });
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Debounce');
    const seen = gateway.seen;
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.filter((s) => !s.accepted)).toEqual([]);
    expect(seen.every((s) => s.headers.authorization === undefined && s.headers['x-gateway-secret'] === HEADER_SECRET)).toBe(true);
    expect(JSON.stringify(seen)).not.toContain(OPENAI_KEY);
    const paths = seen.map((s) => `${s.kind} ${s.path}`);
    expect(paths).toContain('http /openai/v1/responses/compact');
    if (transport === 'ws') expect(paths).toContain('upgrade /openai/v1/responses');
    else expect(paths).toContain('http /openai/v1/responses');
    if (transport === 'ws') expect(sim.log.responses().every((e) => e.transport === 'ws')).toBe(true);
    for (const secret of [AZURE_KEY, OPENAI_KEY, HEADER_SECRET]) expect(r.stdout + r.stderr).not.toContain(secret);
  });

  it('without the query parameter and the api-key header the same gateway refuses: the test server really checks', async () => {
    sim = await createSimulator({ scenario: 'chat' });
    gateway = await startGateway(sim, { query: { 'api-version': API_VERSION }, keyHeader: 'api-key', key: AZURE_KEY });
    const dir = configWith({});
    const cwd = mkdtempSync(join(tmpdir(), 'wsagent-provider-cwd-'));
    const r = await runCli(['exec', '--transport', 'http', '--base-url', gateway.baseUrl, '-C', cwd, 'hi'], { env: env(dir), timeoutMs: 30_000 });
    expect(r.code).toBe(3);
    expect(gateway.seen.every((s) => !s.accepted)).toBe(true);
    expect(r.stderr).not.toContain(OPENAI_KEY);
  });

  it('names a missing key variable and an unknown profile in one line', async () => {
    const dir = configWith({ providers: { azure: { baseUrl: 'http://127.0.0.1:9/v1', apiKeyEnv: 'AZURE_OPENAI_API_KEY' } } });
    const cwd = mkdtempSync(join(tmpdir(), 'wsagent-provider-cwd-'));
    const missing = await runCli(['exec', '--provider', 'azure', '-C', cwd, 'hi'], { env: env(dir, { AZURE_OPENAI_API_KEY: '' }) });
    expect(missing.code).toBe(3);
    expect(missing.stderr).toBe('wsagent: provider "azure" reads its API key from the environment variable AZURE_OPENAI_API_KEY, which is not set\n');
    const unknown = await runCli(['exec', '--provider', 'nope', '-C', cwd, 'hi'], { env: env(dir) });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('wsagent: --provider nope: no such provider profile (known: azure)\n');
  });
});

describe('headers, query and providers in wsagent config', () => {
  it('stores JSON objects from the command line, shows header names but never their values, refuses bad ones', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wsagent-provider-config-'));
    const e = env(dir);
    const set = await runCli(['config', 'set', 'headers', `{"X-Api-Token":"${HEADER_SECRET}","X-Trace":"1"}`], { env: e });
    expect(set.code).toBe(0);
    expect(set.stdout).toBe('headers = X-Api-Token, X-Trace (values hidden)\n');
    const query = await runCli(['config', 'set', 'query', '{"api-version":"2025-04-01-preview"}'], { env: e });
    expect(query.code).toBe(0);
    const providers = await runCli(['config', 'set', 'providers', '{"local":{"baseUrl":"http://127.0.0.1:11434/v1","transport":"http","model":"llama3"}}'], {
      env: e,
    });
    expect(providers.stdout).toBe('providers = local (details hidden)\n');
    const list = await runCli(['config', 'list'], { env: e });
    expect(list.stdout).toMatch(/^headers\s+X-Api-Token, X-Trace \(values hidden\)\s+config/m);
    const get = await runCli(['config', 'get', 'headers'], { env: e });
    for (const r of [set, list, get]) expect(r.stdout + r.stderr).not.toContain(HEADER_SECRET);
    const bad = await runCli(['config', 'set', 'providers', '{"x":{"baseURL":"http://h/v1"}}'], { env: e });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('providers.x: unknown field "baseURL"');
    const notJson = await runCli(['config', 'set', 'headers', 'X-A: b'], { env: e });
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toContain('headers must be a JSON object');
  });
});
