// Issue 19, new-user item 7: a wrong address on the very first connect (nothing listening, no such
// host) is reported at once with exit 4: no reconnect storm, no HTTP fallback. The CLI runs against
// a port that was just closed, over each transport.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/config/exitCodes.js';
import { isUnreachable } from '../../src/transport/failureText.js';
import { runCli } from '../helpers/cli.js';
import { closedPort } from '../helpers/closedPort.js';

const configDir = mkdtempSync(join(tmpdir(), 'wsagent-connect-'));
afterAll(() => rmSync(configDir, { recursive: true, force: true }));

describe('the first connect (19, item 7)', () => {
  it.each(['auto', 'ws', 'http'])('refused over --transport %s: one line, exit 4, no reconnect, no fallback', async (transport) => {
    const port = await closedPort();
    const r = await runCli(['exec', '--json', '--transport', transport, '--base-url', `http://127.0.0.1:${port}/v1`, '-C', configDir, 'hi'], {
      env: { WSAGENT_CONFIG_DIR: configDir, OPENAI_API_KEY: 'sk-connect' },
    });
    expect(r.code).toBe(EXIT.network);
    const events = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(events.filter((e) => e.type === 'recovery')).toEqual([]);
    expect(events.filter((e) => e.type === 'connection' && e.state === 'reconnecting')).toEqual([]);
    const fatal = events.filter((e) => e.type === 'error' && e.fatal);
    expect(fatal).toHaveLength(1);
    expect(fatal[0].code).toBe('network');
    expect(fatal[0].message).toContain(`could not connect to 127.0.0.1:${port} (connection refused); check the base URL`);
  });

  it('without --json the user reads one line about it on stderr', async () => {
    const port = await closedPort();
    const r = await runCli(['-p', 'hi', '--base-url', `http://127.0.0.1:${port}/v1`, '-C', configDir], {
      env: { WSAGENT_CONFIG_DIR: configDir, OPENAI_API_KEY: 'sk-connect' },
    });
    expect(r.code).toBe(EXIT.network);
    expect(r.stderr).not.toMatch(/reconnect|fallback|attempts/);
    expect(r.stderr).toContain('connection refused');
  });

  it('counts no such host and a refused connection as unreachable, a timeout or a reset as not', () => {
    const dns = Object.assign(new Error('getaddrinfo ENOTFOUND nonexistent.invalid'), { code: 'ENOTFOUND' });
    expect(isUnreachable(new Error('fetch failed', { cause: dns }))).toBe(true);
    expect(isUnreachable(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isUnreachable(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' }))).toBe(false);
    expect(isUnreachable(Object.assign(new Error('reset'), { code: 'ECONNRESET' }))).toBe(false);
  });
});
