// The stall bounds end to end: the built CLI (`wsagent exec --json`, settings from the environment)
// against a server that accepts the request, answers pings and sends nothing. The JSONL says why it
// retried (`recovery` kind `stalled`); it finishes when the server behaves on the replay, and exits
// 4 (network) when every attempt stalls, instead of waiting for ever.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { type Behaviour, type HostileServer, startHostileServer } from '../helpers/hostileServer.js';

const schema = JSON.parse(readFileSync(new URL('../../docs/json-events.schema.json', import.meta.url), 'utf8'));
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

let server: HostileServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function exec(pick: (n: number) => Behaviour, transport: 'ws' | 'http') {
  server = await startHostileServer((_a, n) => pick(n));
  const env = {
    OPENAI_API_KEY: 'sk-cli-stall-test',
    WSAGENT_CONFIG_DIR: mkdtempSync(join(tmpdir(), 'wsagent-stall-config-')),
    WSAGENT_BASE_URL: server.baseUrl,
    OPENAI_BASE_URL: '',
    WSAGENT_MODEL: '',
    WSAGENT_TRANSPORT: transport,
    WSAGENT_FIRST_EVENT_TIMEOUT_SECONDS: '0.5',
    WSAGENT_STREAM_IDLE_TIMEOUT_SECONDS: '0.5',
  };
  const cwd = mkdtempSync(join(tmpdir(), 'wsagent-stall-work-'));
  const r = await runCli(['exec', '--json', 'Say hello.'], { env, cwd, timeoutMs: 30_000 });
  const events = r.stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const event = JSON.parse(line) as Record<string, unknown>;
      if (!validate(event)) throw new Error(`line does not match docs/json-events.schema.json: ${line.slice(0, 200)}`);
      return event;
    });
  return { r, events, recoveries: events.filter((e) => e.type === 'recovery') };
}

describe.each(['ws', 'http'] as const)('wsagent exec over %s against a server that stalls', (transport) => {
  it('once: one stalled recovery in the JSONL, then the answer, exit 0', async () => {
    const { r, events, recoveries } = await exec((n) => (n === 1 ? 'silent' : 'respond'), transport);
    expect(r.code).toBe(0);
    expect(recoveries).toEqual([
      { type: 'recovery', kind: 'stalled', reason: 'the response stalled: no event for 0.5 s after the request was sent', timestamp: expect.any(String) },
    ]);
    expect(events.at(-1)).toMatchObject({ type: 'session.completed', status: 'completed', finalMessage: expect.stringMatching(/^answer resp_/) });
    expect(server!.real()).toHaveLength(2);
  });

  it('every time: stalled recoveries, one network error, exit 4', async () => {
    const { r, events, recoveries } = await exec(() => 'silent', transport);
    expect(r.code).toBe(4);
    expect(r.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
    expect(recoveries.map((e) => e.kind)).toEqual(['stalled', 'stalled', 'stalled']);
    expect(events.find((e) => e.type === 'error')).toMatchObject({
      code: 'network',
      fatal: true,
      message: expect.stringContaining('gave up after 4 attempts'),
    });
    expect(server!.real()).toHaveLength(4);
  });
});
