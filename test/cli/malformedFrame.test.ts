// Issue 19, new-user item 8: one line of invalid JSON in the middle of a stream, then the rest of
// it. wsagent skips that event, says so (in the JSON stream; in plain output with --verbose), and
// reads the response to its end: no dropped connection, no replay of the context. A stream that
// really ends badly is still replayed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { type HostileServer, startHostileServer } from '../helpers/hostileServer.js';
import { runCli } from '../helpers/cli.js';
import { jsonLines } from '../tools/mcp/mcpHarness.js';

const dir = mkdtempSync(join(tmpdir(), 'wsagent-garbled-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const env = { WSAGENT_CONFIG_DIR: dir, OPENAI_API_KEY: 'sk-garbled' };

let server: HostileServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('a malformed frame mid-stream (19, item 8)', () => {
  it.each(['ws', 'http'])('over %s: skipped with a non-fatal error event; the answer is whole; one request, no recovery', async (transport) => {
    server = await startHostileServer((_arrival, n) => (n === 1 ? 'garbled_frame' : 'respond'));
    const r = await runCli(['exec', '--json', '--transport', transport, '--base-url', server.baseUrl, '-C', dir, 'hi'], { env });
    expect(r.stderr).not.toContain('malformed');
    expect(r.code).toBe(0);
    const events = jsonLines(r.stdout); // checked against docs/json-events.schema.json
    // (A machine without a sandbox adds its own notice, sandbox_unavailable: not this test's business.)
    expect(events.filter((e) => e.type === 'error' && e.fatal)).toEqual([]);
    const notices = events.filter((e) => e.type === 'error' && e.code === 'malformed_frame');
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ code: 'malformed_frame', fatal: false });
    expect(String(notices[0]!.message)).toMatch(/^skipped a malformed event from the server: (SSE data|WebSocket frame) is not valid JSON: /);
    expect(events.filter((e) => e.type === 'recovery')).toEqual([]);
    // Both halves of the streamed text around the bad line arrived.
    const last = events.at(-1)!;
    expect(last).toMatchObject({ type: 'session.completed', status: 'completed', finalMessage: expect.stringMatching(/^answer resp_\d+$/) });
    const deltas = events.filter((e) => e.type === 'assistant.delta').map((e) => e.text);
    expect(deltas).toHaveLength(2);
    expect(deltas.join('')).toBe(last.finalMessage);
    expect(server.real()).toHaveLength(1);
  });

  it('plain output says so only with --verbose', async () => {
    server = await startHostileServer(() => 'garbled_frame');
    const quiet = await runCli(['-p', 'hi', '--transport', 'http', '--base-url', server.baseUrl, '-C', dir], { env });
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).not.toContain('malformed');
    const verbose = await runCli(['-p', 'hi', '--verbose', '--transport', 'http', '--base-url', server.baseUrl, '-C', dir], { env });
    expect(verbose.code).toBe(0);
    expect(verbose.stderr).toMatch(/^warning: skipped a malformed event from the server: SSE data is not valid JSON/m);
  });

  it('a stream that ends before its terminal event is still replayed', async () => {
    server = await startHostileServer((_arrival, n) => (n === 1 ? 'destroy' : 'respond'));
    const r = await runCli(['exec', '--json', '--transport', 'http', '--base-url', server.baseUrl, '-C', dir, 'hi'], { env });
    expect(r.code).toBe(0);
    const events = jsonLines(r.stdout);
    expect(events.filter((e) => e.type === 'recovery').length).toBeGreaterThan(0);
    expect(server.real()).toHaveLength(2);
  });
});
