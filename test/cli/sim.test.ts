// `wsagent sim` as a user runs it: a real process, real ports, clear errors.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, runCli, startCli } from '../helpers/cli.js';
import { copyCalcJs } from '../helpers/fixtureRepo.js';
import { RawSocket, responseOf } from '../helpers/rawSocket.js';

describe('wsagent sim', () => {
  it('prints its URLs, serves the coding scenario over both transports and logs requests', async () => {
    const log = join(mkdtempSync(join(tmpdir(), 'wsagent-sim-')), 'requests.jsonl');
    const { child, match } = await startCli(['sim', '--scenario', 'coding', '--api-key', 'sk-cli', '--log', log], /WebSocket URL: (ws:\/\/\S+)/);
    try {
      const s = await RawSocket.connect(match[1]!, { Authorization: 'Bearer sk-cli' });
      s.create({
        model: 'gpt-5.2',
        store: false,
        tools: [
          { type: 'function', name: 'list_files', parameters: {} },
          { type: 'function', name: 'git_status', parameters: {} },
          { type: 'function', name: 'read_file', parameters: {} },
        ],
        input: 'The tests fail; fix them.',
      });
      const first = responseOf(await s.response());
      expect(first.output.map((i: { name?: string }) => i.name)).toContain('list_files');
      s.close();
      const base = match[1]!.replace('ws://', 'http://').replace('/responses', '');
      const models = await fetch(`${base}/models`, { headers: { Authorization: 'Bearer sk-cli' } });
      expect(models.status).toBe(200);
      expect((await fetch(`${base}/models`)).status).toBe(401);
      const lines = readFileSync(log, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      expect(lines[0]).toMatchObject({ seq: 1, kind: 'response', transport: 'ws', connectionId: 1, inputMode: 'full', status: 'completed', step: 0 });
    } finally {
      child.kill('SIGINT');
    }
  });

  it('without --scenario serves the model for any client; emulates Azure with --require-query and --api-key-header', async () => {
    const { child, match } = await startCli(
      ['sim', '--rounds', '1', '--require-query', 'api-version=2025-04-01-preview', '--api-key-header', 'api-key', '--api-key', 'az-key'],
      /base URL:\s+(http:\/\/\S+)/,
    );
    try {
      const base = match[1]!;
      const body = JSON.stringify({
        model: 'gpt-4.1',
        input: 'look around',
        tools: [{ type: 'function', name: 'list_dir', parameters: { type: 'object', properties: { dir: { type: 'string' } }, required: ['dir'] } }],
      });
      const post = (query: string, headers: Record<string, string>) =>
        fetch(`${base}/responses${query}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
      const missing = await post('', { 'api-key': 'az-key' });
      expect(missing.status).toBe(404);
      expect(await missing.json()).toEqual({ error: { code: '404', message: 'Resource not found' } });
      expect((await post('?api-version=2025-04-01-preview', { authorization: 'Bearer az-key' })).status).toBe(401);
      const ok = await post('?api-version=2025-04-01-preview', { 'api-key': 'az-key' });
      expect(ok.status).toBe(200);
      const response = (await ok.json()) as { output: Array<{ type: string; name?: string; arguments?: string }> };
      expect(response.output).toMatchObject([{ type: 'function_call', name: 'list_dir' }]);
      expect(JSON.parse(response.output[0]!.arguments!)).toEqual({ dir: '.' });
    } finally {
      child.kill('SIGINT');
    }
  });

  it('rejects bad options with one clear line and exit code 2', async () => {
    for (const [args, message] of [
      [['sim', '--fault', 'explode@1'], /unknown fault "explode"/],
      [['sim', '--profile', 'moon'], /unknown profile "moon"/],
      [['sim', '--scenario', 'nope'], /unknown scenario "nope" \(built-in scenarios: chat, coding, parallel-review, patch, python, research, short\)/],
      [['sim', '--limit-ms', 'soon'], /--limit-ms needs a whole number/],
      [['sim', '--limit-close', 'maybe'], /--limit-close must be close, keep or drop/],
      [['sim', '--bogus'], /unknown option '--bogus'/],
      [['sim', '--require-query', 'api-version'], /--require-query needs KEY=VALUE/],
      [['sim', '--rounds', 'many'], /--rounds needs a whole number/],
      [['sim', '--unknown-events', 'shrug'], /--unknown-events must be ignore or error/],
      [['sim', '--models', ' , '], /--models needs at least one model name/],
    ] as const) {
      const r = await runCli([...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    }
  });

  it('serves the --models list (other names: model_not_found), any name with --any-model, and answers unknown events with --unknown-events error', async () => {
    const post = (base: string, model: string) =>
      fetch(`${base}/responses`, { method: 'POST', body: JSON.stringify({ model, input: 'hi' }) }).then(async (r) => [
        r.status,
        ((await r.json()) as any).error?.code ?? null,
      ]);
    const listed = await startCli(['sim', '--models', 'house-model,gpt-4.1', '--unknown-events', 'error'], /WebSocket URL: (ws:\/\/\S+)/);
    try {
      const base = listed.match[1]!.replace('ws://', 'http://').replace('/responses', '');
      expect(await post(base, 'house-model')).toEqual([200, null]);
      expect(await post(base, 'gpt-5.2')).toEqual([404, 'model_not_found']);
      const models = (await (await fetch(`${base}/models`)).json()) as { data: Array<{ id: string }> };
      expect(models.data.map((m) => m.id)).toEqual(['house-model', 'gpt-4.1']);
      const s = await RawSocket.connect(listed.match[1]!);
      s.sendRaw(JSON.stringify({ type: 'response.processed' }));
      expect((await s.response()).end).toMatchObject({ type: 'error', error: { code: 'invalid_event_type' } });
      s.close();
    } finally {
      listed.child.kill('SIGINT');
    }
    const any = await startCli(['sim', '--any-model'], /base URL:\s+(http:\/\/\S+)/);
    try {
      expect(await post(any.match[1]!, 'gpt-nope')).toEqual([200, null]);
    } finally {
      any.child.kill('SIGINT');
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

// Issue 19: the banner's "Try:" line once lacked an API key, so pasting it failed with "no API key".
describe('the simulator banner', () => {
  async function pasteTryLine(simArgs: string[]): Promise<{ code: number | null; stderr: string; answered: number }> {
    const scratch = mkdtempSync(join(tmpdir(), 'wsagent-banner-'));
    const log = join(scratch, 'requests.jsonl');
    const { child, match } = await startCli(['sim', '--log', log, ...simArgs], /^Try: (.+)$/m);
    try {
      // A shell runs the line, with `wsagent` on the PATH as an installed CLI would be, and no key in the environment.
      mkdirSync(join(scratch, 'bin'));
      symlinkSync(BIN, join(scratch, 'bin', 'wsagent'));
      const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${join(scratch, 'bin')}:${process.env.PATH}`, WSAGENT_CONFIG_DIR: join(scratch, 'config') };
      delete env.OPENAI_API_KEY;
      delete env.OPENAI_BASE_URL;
      const repo = copyCalcJs();
      const ran = spawnSync('/bin/sh', ['-c', match[1]!], { cwd: repo, env, encoding: 'utf8', timeout: 60_000 });
      rmSync(join(repo, '..'), { recursive: true, force: true });
      const entries = readFileSync(log, 'utf8')
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l));
      return { code: ran.status, stderr: ran.stderr, answered: entries.filter((e) => e.kind === 'response' && e.status === 'completed').length };
    } finally {
      child.kill('SIGINT');
      rmSync(scratch, { recursive: true, force: true });
    }
  }

  it('prints a line that works as pasted, also when the simulator demands a key and a query parameter', async () => {
    const plain = await pasteTryLine([]);
    expect(plain.stderr).not.toContain('no API key');
    expect(plain.code).toBe(0);
    expect(plain.answered).toBeGreaterThan(0);
    const strict = await pasteTryLine(['--api-key', 'sk-banner', '--require-query', 'api-version=2025-04-01-preview']);
    expect(strict.stderr).not.toMatch(/no API key|401|404/);
    expect(strict.code).toBe(0);
    expect(strict.answered).toBeGreaterThan(0);
  });
});
