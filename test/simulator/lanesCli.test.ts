// `wsagent sim` and lanes as a user runs it: lanes on by default, `--no-lanes` a classic server,
// a lane-targeted `--fault`, and the lane fields in the JSONL request log.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { startCli } from '../helpers/cli.js';
import { RawSocket } from '../helpers/rawSocket.js';

const request = { type: 'response.create', model: 'gpt-4.1', store: false, input: 'hello', stream_id: 'review-1' };

/** The first end event (terminal or request error) a socket gets for one request. */
async function endOf(s: RawSocket): Promise<Record<string, unknown>> {
  const r = await s.response();
  if (!r.end) throw new Error('the socket closed first');
  return r.end;
}

describe('wsagent sim and lanes', () => {
  it('serves lanes by default; a lane-targeted --fault fails that lane; the log names lanes', async () => {
    const log = join(mkdtempSync(join(tmpdir(), 'wsagent-lanes-')), 'requests.jsonl');
    const { child, match } = await startCli(['sim', '--scenario', 'chat', '--fault', 'failed@2,lane=review-1', '--log', log], /WebSocket URL: (ws:\/\/\S+)/);
    try {
      const s = await RawSocket.connect(match[1]!);
      s.sendRaw(JSON.stringify(request));
      const first = await endOf(s);
      expect(first).toMatchObject({ type: 'response.completed', stream_id: 'review-1' });
      s.sendRaw(JSON.stringify(request));
      expect(await endOf(s)).toMatchObject({ type: 'response.failed', stream_id: 'review-1' });
      s.sendRaw(JSON.stringify({ ...request, stream_id: undefined }));
      const plain = await endOf(s);
      expect(plain.type).toBe('response.completed');
      expect('stream_id' in plain).toBe(false);
      s.close();
      // The simulator writes a request's log line after sending its last event: under load the
      // client can see that event first, so the test waits for the third line (no fixed sleep).
      const readLog = (): Array<Record<string, unknown>> =>
        readFileSync(log, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as Record<string, unknown>);
      const lines = await vi.waitFor(
        () => {
          const read = readLog();
          if (read.length < 3) throw new Error(`the request log has ${read.length} of 3 lines`);
          return read;
        },
        { timeout: 10_000, interval: 20 },
      );
      expect(lines.map((l) => [l.streamId, l.status, l.forked, l.forkedFrom])).toEqual([
        ['review-1', 'completed', false, null],
        ['review-1', 'failed', false, null],
        [null, 'completed', false, null],
      ]);
    } finally {
      child.kill('SIGINT');
      rmSync(dirname(log), { recursive: true, force: true });
    }
  });

  it('--no-lanes is a classic server: stream_id is an unknown parameter', async () => {
    const { child, match, output } = await startCli(['sim', '--no-lanes'], /WebSocket URL: (ws:\/\/\S+)/);
    try {
      expect(output()).toContain('no lanes');
      const s = await RawSocket.connect(match[1]!);
      s.sendRaw(JSON.stringify(request));
      expect(await endOf(s)).toEqual({
        type: 'error',
        status: 400,
        error: { type: 'invalid_request_error', code: 'unknown_parameter', message: "Unknown parameter: 'stream_id'.", param: 'stream_id' },
      });
      s.close();
    } finally {
      child.kill('SIGINT');
    }
  });
});
