// `wsagent sim` as a user runs it: a real process, real ports, clear errors.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, startCli } from '../helpers/cli.js';
import { RawSocket, responseOf } from '../helpers/rawSocket.js';

describe('wsagent sim', () => {
  it('prints its URLs, serves the coding scenario over both transports and logs requests', async () => {
    const log = join(mkdtempSync(join(tmpdir(), 'wsagent-sim-')), 'requests.jsonl');
    const { child, match } = await startCli(['sim', '--api-key', 'sk-cli', '--log', log], /WebSocket URL: (ws:\/\/\S+)/);
    try {
      const s = await RawSocket.connect(match[1]!, { Authorization: 'Bearer sk-cli' });
      s.create({ model: 'gpt-5.2', store: false, tools: [{ type: 'function', name: 'list_files', parameters: {} }, { type: 'function', name: 'git_status', parameters: {} }, { type: 'function', name: 'read_file', parameters: {} }], input: 'The tests fail; fix them.' });
      const first = responseOf(await s.response());
      expect(first.output.map((i: { name?: string }) => i.name)).toContain('list_files');
      s.close();
      const base = match[1]!.replace('ws://', 'http://').replace('/responses', '');
      const models = await fetch(`${base}/models`, { headers: { Authorization: 'Bearer sk-cli' } });
      expect(models.status).toBe(200);
      expect((await fetch(`${base}/models`)).status).toBe(401);
      const lines = readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
      expect(lines[0]).toMatchObject({ seq: 1, kind: 'response', transport: 'ws', connectionId: 1, inputMode: 'full', status: 'completed', step: 0 });
    } finally {
      child.kill('SIGINT');
    }
  });

  it('rejects bad options with one clear line and exit code 2', async () => {
    for (const [args, message] of [
      [['sim', '--fault', 'explode@1'], /unknown fault "explode"/],
      [['sim', '--profile', 'moon'], /unknown profile "moon"/],
      [['sim', '--scenario', 'nope'], /unknown scenario "nope" \(built-in scenarios: chat, coding, patch, python, short\)/],
      [['sim', '--limit-ms', 'soon'], /--limit-ms needs a whole number/],
      [['sim', '--limit-close', 'maybe'], /--limit-close must be close, keep or drop/],
      [['sim', '--bogus'], /unknown option '--bogus'/],
    ] as const) {
      const r = await runCli([...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    }
  });

  it('reports a port in use as a network error (exit 4)', async () => {
    const { child, match } = await startCli(['sim'], /base URL:\s+http:\/\/127\.0\.0\.1:(\d+)/);
    try {
      const r = await runCli(['sim', '--port', match[1]!]);
      expect(r.code).toBe(4);
      expect(r.stderr).toContain(`port ${match[1]} is already in use`);
    } finally {
      child.kill('SIGINT');
    }
  });

  it('walks a scripted client through the coding scenario over one socket', async () => {
    const r = await runCli(['sim', '--walkthrough'], { timeoutMs: 30_000 });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\d+ requests on 1 WebSocket connection\(s\), (2[5-9]|[3-9]\d) tool outputs sent/);
    expect(r.stdout).toContain('Final answer:');
  });

  it('prints the version and help without error', async () => {
    const v = await runCli(['--version']);
    expect(v.code).toBe(0);
    expect(v.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const h = await runCli(['sim', '--help']);
    expect(h.code).toBe(0);
    expect(h.stdout).toContain('--fault <spec>');
  });
});
