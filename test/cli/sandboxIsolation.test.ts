// Issue 19: a sandboxed command sees only its own processes. The spawned CLI runs the model's
// commands in the workspace-write sandbox: `ps -e` lists the sandbox alone; the /proc loop that
// used to print the API key reversed (which no redactor recognises) finds nothing, in any
// encoding, anywhere wsagent writes or sends; and `kill -9` of wsagent takes the command with it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator, type Scenario, type Simulator } from '../../src/simulator/index.js';
import { runCli } from '../helpers/cli.js';
import { copyCalcJs } from '../helpers/fixtureRepo.js';
import { spawnWatched } from '../helpers/killableCli.js';
import { noSandbox, sandboxAvailable } from '../helpers/sandboxAvailable.js';

const KEY = 'sk-proc-SECRET-7d3e9a1c5b';
const reversed = [...KEY].reverse().join('');
/** The part of the key's base64 that does not depend on what follows it (a newline, the next line). */
const base64 = Buffer.from(KEY.slice(0, KEY.length - (KEY.length % 3))).toString('base64');

const PROC_LOOP = "for f in /proc/[0-9]*/environ; do tr '\\0' '\\n' <$f | grep '^OPENAI_API_KEY='; done";
const COMMANDS = ['ps -e', `${PROC_LOOP} | rev`, `${PROC_LOOP} | base64`, PROC_LOOP, 'cat /proc/*/cmdline | tr "\\0" " "; echo; echo end'];

let sim: Simulator | undefined;
const cleanup: string[] = [];
afterEach(async () => {
  await sim?.close();
  sim = undefined;
  for (const dir of cleanup.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A calc-js checkout removed after the test. */
function repo(): string {
  const dir = copyCalcJs();
  cleanup.push(join(dir, '..'));
  return dir;
}

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cleanup.push(dir);
  return dir;
}

const pgrep = (pattern: string): string => spawnSync('pgrep', ['-f', pattern], { encoding: 'utf8' }).stdout.trim();

async function until(check: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.skipIf(!sandboxAvailable)(`the sandbox's own PID namespace and /proc${noSandbox}`, () => {
  it('ps -e shows only the sandbox; the /proc loop finds no key, plain, reversed or base64, anywhere', async () => {
    const scenario: Scenario = {
      name: 'proc',
      description: 'look at every process',
      steps: [{ calls: COMMANDS.map((command) => ({ name: 'run_command', arguments: { command, timeout_ms: null } })) }, { message: 'Looked.' }],
    };
    sim = await createSimulator({ scenario });
    const configDir = tempDir('wsagent-proc-config-');
    const r = await runCli(['exec', '--json', '--approval', 'full-auto', '--base-url', sim.baseUrl, '-C', repo(), 'Look around.'], {
      env: { OPENAI_API_KEY: KEY, WSAGENT_CONFIG_DIR: configDir, OPENAI_BASE_URL: '', WSAGENT_MODEL: '', WSAGENT_SANDBOX: '' },
      timeoutMs: 60_000,
    });
    expect(r.code).toBe(0);
    const events = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(events[0]).toMatchObject({ type: 'session.started', sandbox: 'workspace-write' });
    const outputs = events.filter((e) => e.type === 'tool.completed').map((e) => String(e.output));
    expect(outputs).toHaveLength(COMMANDS.length);

    // ps -e: bwrap as PID 1 of the namespace, the command's shell and ps; nothing of the host.
    const ps = outputs[0]!.split('\n').filter((line) => /^\s*\d+\s/.test(line));
    const processes = ps.map((line) => {
      const fields = line.trim().split(/\s+/);
      return { pid: Number(fields[0]), command: fields.at(-1) };
    });
    expect(processes.map((p) => p.command).sort()).toEqual(['bwrap', 'ps', 'sh']);
    expect(Math.max(...processes.map((p) => p.pid))).toBeLessThan(10);
    // The loops ran and found nothing; the command lines are the sandbox's own.
    for (const output of outputs.slice(1, 4)) expect(output.trim()).toMatch(/^\[exit code \d+\]$/);
    expect(outputs[4]).not.toContain('wsagent.js');

    const sessionFiles = readdirSync(join(configDir, 'sessions')).map((f) => readFileSync(join(configDir, 'sessions', f), 'utf8'));
    const wire = JSON.stringify(sim.log.entries);
    for (const text of [r.stdout, r.stderr, wire, ...sessionFiles]) {
      expect(text).not.toContain(KEY);
      expect(text).not.toContain(reversed);
      expect(text).not.toContain(base64);
    }
  });

  it('a planted ~/.npmrc token is not readable; -c sandbox.unhide gives that one file back', async () => {
    const home = mkdtempSync('/var/tmp/wsagent-npmrc-home-'); // outside /tmp, whose private copy would hide it anyway
    cleanup.push(home);
    const TOKEN = 'npm_PLANTED_e2e_token_31337';
    writeFileSync(join(home, '.npmrc'), `//registry.npmjs.org/:_authToken=${TOKEN}\n`);
    const configDir = tempDir('wsagent-npmrc-config-');
    const steps = (): Scenario => ({
      name: 'npmrc',
      description: '',
      steps: [{ calls: [{ name: 'run_command', arguments: { command: 'cat ~/.npmrc; echo "[read]"', timeout_ms: null } }] }, { message: 'Read.' }],
    });
    const env = { OPENAI_API_KEY: 'sk-npmrc', HOME: home, WSAGENT_CONFIG_DIR: configDir, OPENAI_BASE_URL: '', WSAGENT_MODEL: '', WSAGENT_SANDBOX: '' };
    const output = async (extra: string[]): Promise<string> => {
      await sim?.close();
      sim = await createSimulator({ scenario: steps() });
      const r = await runCli(['exec', '--json', '--approval', 'full-auto', ...extra, '--base-url', sim.baseUrl, '-C', repo(), 'Read it.'], {
        env,
        timeoutMs: 60_000,
      });
      expect(r.code).toBe(0);
      return r.stdout;
    };
    const hidden = await output([]);
    expect(hidden).toContain('[read]');
    expect(hidden).not.toContain('npm_PLANTED');
    expect(await output(['-c', 'sandbox.unhide=["~/.npmrc"]'])).toContain(TOKEN);
  });

  it('kill -9 of wsagent while a sandboxed command runs leaves no process behind', async () => {
    const duration = `70.${process.pid % 1000}${Date.now() % 1000}`; // a sleep no other test runs
    sim = await createSimulator({
      scenario: {
        name: 'sleep',
        description: 'a long command',
        steps: [{ calls: [{ name: 'run_command', arguments: { command: `sleep ${duration} & sleep ${duration}`, timeout_ms: null } }] }, { message: 'Slept.' }],
      },
    });
    const configDir = tempDir('wsagent-kill9-config-');
    const cli = spawnWatched(['exec', '--json', '--approval', 'full-auto', '--base-url', sim.baseUrl, '-C', repo(), 'Sleep.'], {
      env: { OPENAI_API_KEY: 'sk-kill9', WSAGENT_CONFIG_DIR: configDir, OPENAI_BASE_URL: '', WSAGENT_MODEL: '', WSAGENT_SANDBOX: '' },
    });
    await cli.waitFor((e) => e.type === 'tool.started');
    await until(() => pgrep(`^sleep ${duration}`).split('\n').filter(Boolean).length === 2, 'both sleeps to run');
    cli.child.kill('SIGKILL');
    expect((await cli.exited).signal).toBe('SIGKILL');
    await until(() => pgrep(`sleep ${duration}`) === '', 'the sandboxed sleeps to die with wsagent', 10_000);
    expect(pgrep(`sleep ${duration}`)).toBe('');
  });
});
