// Issue 19, new-user item 1: a reader that stops reading (`| head`) ends wsagent quietly. The test
// holds the read end of the CLI's standard output and closes it: before the first write (help,
// listings) or after two JSON lines of a running exec.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../src/simulator/index.js';
import { BIN } from '../helpers/cli.js';
import { copyCalcJs } from '../helpers/fixtureRepo.js';

const scratch: string[] = [];
let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function configDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'wsagent-epipe-'));
  scratch.push(dir);
  return dir;
}

interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  linesRead: string[];
}

/** Runs the CLI and closes its standard output after `keepLines` lines (0: before it writes anything). */
function runAndCloseStdout(args: string[], env: NodeJS.ProcessEnv, keepLines: number): Promise<Ended> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const linesRead: string[] = [];
    let stderr = '';
    let pending = '';
    if (keepLines === 0) child.stdout.destroy();
    else
      child.stdout.on('data', (d: Buffer) => {
        pending += d.toString();
        const lines = pending.split('\n');
        pending = lines.pop()!;
        linesRead.push(...lines);
        if (linesRead.length >= keepLines) child.stdout.destroy();
      });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`wsagent ${args.join(' ')} did not end after its output closed; stderr: ${stderr}`));
    }, 30_000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stderr, linesRead: linesRead.slice(0, keepLines) });
    });
  });
}

describe('a closed standard output (19, item 1)', () => {
  it.each([[['--help']], [['sessions']], [['config', 'list']], [['mcp', 'list']], [['sim', '--list-scenarios']]])(
    '%j ends with exit 0 and nothing on stderr',
    async (args) => {
      const ended = await runAndCloseStdout(args, { WSAGENT_CONFIG_DIR: configDir() }, 0);
      expect(ended.stderr).toBe('');
      expect(ended.signal).toBeNull();
      expect(ended.code).toBe(0);
    },
  );

  it('a closed standard error (`2>&1 | head`) ends quietly too, keeping the exit code decided: 2 for a bad flag', async () => {
    const ended = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
      const child = spawn(process.execPath, [BIN, '--no-such-flag'], {
        env: { ...process.env, WSAGENT_CONFIG_DIR: configDir() },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stderr.destroy();
      let stdout = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.on('close', (code) => resolve({ code, stdout }));
    });
    expect(ended.code).toBe(2);
    expect(ended.stdout).toBe('');
  });

  it('exec --json | head -2: the turn is cancelled, the session closed, exit 141, nothing on stderr', async () => {
    // A long answer streamed slowly: the run is still streaming when the reader goes away.
    const long = Array.from({ length: 400 }, (_, i) => `word${i}`).join(' ');
    sim = await createSimulator({
      scenario: { name: 'long', description: 'a long answer', steps: [{ message: long }] },
      profile: 'local,tokens_per_second=40',
    });
    const dir = configDir();
    const repo = copyCalcJs();
    scratch.push(join(repo, '..'));
    const ended = await runAndCloseStdout(
      ['exec', '--json', '--base-url', sim.baseUrl, '-C', repo, 'Write a long answer.'],
      { WSAGENT_CONFIG_DIR: dir, OPENAI_API_KEY: 'sk-epipe' },
      2,
    );
    expect(ended.stderr).toBe('');
    expect(ended.code).toBe(141);
    expect(ended.linesRead).toHaveLength(2);
    expect(JSON.parse(ended.linesRead[0]!).type).toBe('session.started');
    // 141 comes only from the cancelled run; the answer (10 s of streaming) never completed (a warm-up may have).
    expect(sim.log.responses().filter((e) => e.generate && e.status === 'completed')).toEqual([]);
    // The session file was written and closed: it holds the prompt, so `--resume` can continue it.
    const [file] = readdirSync(join(dir, 'sessions'));
    expect(readFileSync(join(dir, 'sessions', file!), 'utf8')).toContain('Write a long answer.');
  });
});
